"""Derived closings: generic closing words after the subjects of a category's titles."""

from __future__ import annotations

from generator.closings import derive_closings, tail_of
from generator.kinds import K
from generator.model import CLOSE, ELAB, Slot, Template, TitlePart

GAP = Slot(K["alt:还有一定差距"], "还有一定差距")
NEED = Slot(K["alt:还需要进一步"], "还需进一步")
STRENGTHEN = Slot(K["alt:加强"], "加强")
PERFECT_LITERAL = "完善"


def test_tails_any_subject_can_take() -> None:
    assert tail_of(("在多做实事方面", GAP)) == ("gap", (GAP,))
    assert tail_of(("对基层指导", NEED, STRENGTHEN)) == ("need", (NEED, STRENGTHEN))
    assert tail_of(("为民办实事的效果方面还有待", Slot(K["alt:提升"], "提升"))) == (
        "need", ("还有待", Slot(K["alt:提升"], "提升")))


def test_tails_tied_to_their_object_are_not_used() -> None:
    assert tail_of(("一些思路举措", NEED, PERFECT_LITERAL)) is None  # 完善 wants 举措, not 理论学习
    assert tail_of(("在执行政策措施上", NEED, "务实")) is None
    assert tail_of(("个人履职能力", Slot(K["alt:需要进一步"], "需进一步"), "增强")) is None


def test_derived_closings_put_every_tail_after_every_noun_subject() -> None:
    templates = [
        Template(CLOSE, 0, ("在多做实事方面", GAP)),
        Template(CLOSE, 1, ("对基层指导", NEED, STRENGTHEN)),
        Template(ELAB, 1, ("学习不走心",)),
    ]
    subjects = [TitlePart("理论学习", 0, "noun"), TitlePart("对创新理论学习方式", 0, "prep"),
                TitlePart("宗旨意识", 1, "noun")]
    out = derive_closings(templates, subjects, {0: 0, 1: 1})
    assert {t.source_text for t in out} == {
        "在理论学习方面还有一定差距", "理论学习还需进一步加强", "在宗旨意识方面还有一定差距", "宗旨意识还需进一步加强"}
    assert all(t.role == CLOSE and t.derived for t in out)
    assert {t.item for t in out if "理论学习" in t.source_text} == {0}


def test_gap_tail_needs_a_frame_the_corpus_has() -> None:
    templates = [Template(CLOSE, 0, ("对照高标准要求", GAP))]  # no 在……方面 closing in this corpus
    assert derive_closings(templates, [TitlePart("理论学习", 0, "noun")], {0: 0}) == []



def test_raise_only_levels_and_strengthen_anything_but_a_level() -> None:
    raise_ = Slot(K["alt:提升"], "提升")
    templates = [Template(CLOSE, 0, ("为民办实事的成效方面还有待", raise_)),
                 Template(CLOSE, 0, ("对基层指导", NEED, STRENGTHEN))]
    subjects = [TitlePart("能力水平", 0, "noun"), TitlePart("履职尽责", 0, "noun")]
    out = {t.source_text for t in derive_closings(templates, subjects, {0: 0})}
    assert out == {"能力水平还有待提升", "履职尽责还需进一步加强"}

