"""The anti-copy guard and the defect checks, on hand-made texts."""

from __future__ import annotations

import pytest

from generator.check.checks import SourceGuard, defects, mask

SOURCE = "理论学习缺乏深度。对创新理论知识的学习停留在大而化之、一知半解上，学习呈现出片面化、笼统化、粗浅化的特征。"


@pytest.fixture
def guard() -> SourceGuard:
    return SourceGuard([SOURCE])


def test_whole_sentence_is_a_copy(guard: SourceGuard) -> None:
    assert guard.copied("新标题。理论学习缺乏深度。") == "理论学习缺乏深度"


def test_21_character_run_is_a_copy_20_is_not(guard: SourceGuard) -> None:
    run = SOURCE[9:30]
    assert len(run) == 21
    assert guard.copied("开头" + run + "结尾。") == run
    assert guard.copied("开头" + run[:20] + "结尾。") is None


def test_fixed_formulations_and_quotations_count_as_one_character() -> None:
    """Quoting 习近平新时代中国特色社会主义思想 or a slogan is not copying the source's author."""
    source = ("对习近平新时代中国特色社会主义思想的学习停留在表面。"
              "对“知其言更知其义、知其然更知其所以然”的高标准要求还有差距。")
    guard = SourceGuard([source])
    assert guard.copied("新标题。学习习近平新时代中国特色社会主义思想的深度不够。") is None
    assert guard.copied("新标题。对照“知其言更知其义、知其然更知其所以然”的要求找差距。") is None
    assert guard.copied("新标题。" + source[:26] + "，还很肤浅。") is not None  # the wording around it still counts
    assert mask("学习“四风”问题") != "学习“四风”问题" and len(mask("学习“四风”问题")) == 5


def test_near_copy_finds_20_character_runs(guard: SourceGuard) -> None:
    assert guard.near_copy(SOURCE[9:29])
    assert not guard.near_copy("完全不同的一句话，长度也超过了二十个汉字的样子")


def test_clause_that_copies_with_the_punctuation_beside_it(guard: SourceGuard) -> None:
    # 学习呈现出片面化、笼统化、粗浅化的特征 is 19 characters: with the ， before and the 。 after it the
    # source has a 21-character run, which the paragraph check would reject
    clause = SOURCE[SOURCE.index("学习呈现") : -1]
    assert len(clause) == 19 and not guard.near_copy(clause)
    assert guard.copies_in_context(clause)
    assert not guard.copies_in_context(clause[:-2] + "特点")
    assert guard.copies_in_context("又" + SOURCE[SOURCE.index("一知半解") + 4 : -1])  # 20 + 。 after
    assert not guard.copies_in_context("大而化之")


def test_join_that_recreates_the_source_is_found(guard: SourceGuard) -> None:
    left, right = "对党的创新理论的学习停留在大而化之、一知半解上", "学习呈现出片面化、笼统化、粗浅化的特征"
    assert guard.joins_copy(left, right)
    assert not guard.joins_copy(left, "工作作风还需进一步改进，群众满意度不高")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("学习不走心。", []),
        ("“赶进度”问题。", []),
        ("“赶进度问题。", ["引号不配对"]),
        ("”赶进度“问题。", ["引号不配对"]),
        ("学习不走心，，问题。", ["标点重复"]),
        ("学习学习不走心。", ["词语重复：学习学习"]),
        ("一定程度上一定程度上存在。", ["词语重复：一定程度上一定程度上"]),
        ("管理约束还还没有完全到位。", ["词语重复：还还"]),
        ("学习常常浮于表面，对对方的意见听得少。", []),
        ("对理论知识不求甚解，导致对理论知识不求甚解。", ["段内有 8 字重复"]),
        ("学习的质量和效率都不高、学习的质量和效率都不高。", ["段内有 8 字重复"]),
        ("就行了；有的时候存在满足思想，不出事就不错了；有的时候存在畏难思想。", []),
        ("学习不走心", ["末尾没有句号"]),
    ],
    ids=["clean", "quotes-ok", "quote-open", "quote-reversed", "doubled", "stutter", "stutter-5", "stutter-one",
         "doubled-in-word-pair", "repeat-8",
         "repeat-in-list", "parallel-heads", "no-stop"],
)
def test_defects(text: str, found: list[str]) -> None:
    assert defects(text) == found
