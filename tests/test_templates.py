"""Clause templates from hand-made jieba tokens (no dictionary load): which spans become which slots."""

from __future__ import annotations

from generator.kinds import ALT_BASE, KINDS, K
from generator.model import Slot
from generator.segment import Token
from generator.templates import Extraction, extract_title, slot_clause, undouble_negation


def tokens(spec: str) -> list[Token]:
    """'未/d 把/p 工作/vn' -> [('未', 'd'), ('把', 'p'), ('工作', 'vn')]."""
    return [(w, f) for w, f in (t.split("/") for t in spec.split())]


def slots(spec: str) -> list[tuple[str, str]]:
    return [(KINDS[p.kind], p.original) for p in slot_clause(tokens(spec), 0, Extraction()) if isinstance(p, Slot)]


def test_second_negation_after_ba_is_dropped() -> None:
    clause = tokens("未/d 把/p 工作/vn 标准/n 未/d 放到/v 本职/n 事业/n")
    assert "".join(w for w, _ in undouble_negation(clause)) == "未把工作标准放到本职事业"


def test_single_negation_after_ba_is_kept() -> None:
    clause = tokens("没有/v 把/p 学习/v 成果/n 转化/v 为/p 行动/vn")
    assert undouble_negation(clause) == clause
    clause = tokens("未/d 把/p 问题/n 解决/v 好/a ，/x 未/d 及时/d 上报/v")
    assert undouble_negation(clause) == clause  # 未 before a non-verb stays


def test_list_of_qualities_swaps_as_bu() -> None:
    # jieba tags 深刻 as d and 全面 as n; both are qualities all the same
    assert [k for k, _ in slots("理解/v 不/d 深刻/d 、/x 不/d 全面/n") if k.startswith("bu")] == ["bu", "bu"]


def test_list_of_actions_swaps_as_buv() -> None:
    assert [k for k, _ in slots("不/d 钻研/n 、/x 不/d 附和/v")] == ["buv", "buv"]


def test_list_mixing_a_quality_and_an_action_gets_no_list_slot() -> None:
    kinds = [k for k, _ in slots("不/d 深入/v 、/x 不/d 钻研/n")]
    assert "bu" not in kinds and "buv" not in kinds


def test_pair_of_bu_predicates_keeps_its_second_member() -> None:
    # 力度不大不强 must not become 不大不够强
    found = slots("力度/n 不大/a 不强/v")
    assert ("alt:不太强", "不强") not in found
    # alone, 不强 alternates with 不够强 / 不太强
    assert ("alt:不太强", "不强") in slots("创新/vn 意识/n 不强/v")


def test_alternations_only_on_token_boundaries() -> None:
    # 主动 is a member of 主动/积极, but not inside the token 主动性
    assert not any(k.startswith("alt:") for k, _ in slots("发挥/v 主动性/n"))
    assert ("alt:主动", "主动") in slots("主动/ad 关心/v 关爱/v")


def test_alternation_kinds_follow_base_kinds() -> None:
    assert K["alt:主动"] >= ALT_BASE


def test_situation_inside_a_clause_is_not_a_phenomenon() -> None:
    assert ("alt:的现象", "的情况") not in slots("掌握/v 的/uj 情况/n 不够/v 全面/n")
    assert ("alt:的现象", "的情况") in slots("出现/v 打折扣/v 的/uj 情况/n")


def test_topic_after_an_adjective_belongs_to_it() -> None:
    # 对严格家教家风的重要性: 家教家风 is what 严格 governs, not a free topic
    assert not any(k.startswith("topic") for k, _ in slots("对/p 严格/ad 家教/nz 家风/n 的/uj 重要性/n"))
    assert any(k.startswith("topic") for k, _ in slots("对/p 分管/vn 部门/n 的/uj 资金/n 使用/vn"))


def test_title_subject_of_noun_and_verb_is_an_act() -> None:
    ex = Extraction()
    extract_title(tokens("家风/n 建设/vn 重视/v 不够/v"), 0, ex)
    extract_title(tokens("宗旨/n 意识/n 有所/d 淡化/v"), 1, ex)
    assert [(s.text, s.shape) for s in ex.subjects] == [("家风建设重视", "act"), ("宗旨意识", "noun")]
