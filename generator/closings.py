"""Derived closings: the closing words the corpus uses, put after the subjects its titles name.

A source item closes by measuring a gap (在……方面还有一定差距) or asking for more (……还需进一步加强).
Each category has only one or two such closings, so nearly every paragraph of a category would end
the same way. The words that do the measuring are generic; what is measured belongs to the category.
So every closing tail the corpus has is put after every subject of a category's titles:

    政治素质 closing  在多做打基础、利长远的实事、好事方面{还有一定差距}
    理论学习 subject  理论融合转化
    derived          在理论融合转化方面{还有一定差距}

Only tails that fit any subject are used: a gap on its own, or an adverb of need with 加强/提升 (not
完善 or 务实, which want particular objects). Subjects are the noun-shaped ones (not 对……指导, not
践行得). A derived closing keeps its tail's alternation slots, and stays in its subject's category.
"""

from __future__ import annotations

from collections.abc import Sequence

from .kinds import ALT_BASE, LEVEL_HEADS, STRONG_HEADS
from .lexicon import ALTERNATIONS
from .model import CLOSE, Part, Slot, Template, TitlePart


def _classes(*heads: str) -> frozenset[int]:
    return frozenset(ALT_BASE + i for i, cls in enumerate(ALTERNATIONS) if cls[0] in heads)


GAPS = _classes("还有一定差距", "还有差距", "还有不足")  # 在X方面 + one of these
NEEDS = _classes("还需加强")  # a whole tail: X还需加强
NEED_ADVERBS = _classes("还需要进一步", "需要进一步", "还需要")  # X + one of these + a verb below
GENERIC_VERBS = _classes("加强", "提升")  # what any subject can take; 完善 / 增强 / 务实 cannot
GENERIC_VERBS_OF = dict.fromkeys(NEEDS, min(_classes("加强")))  # 还需加强 ends in 加强 too
LITERAL_NEEDS = ("还有待", "有待")  # 为民办实事的成效方面还有待{提升}


def tail_of(parts: Sequence[Part]) -> tuple[str, tuple[Part, ...]] | None:
    """('gap', tail) or ('need', tail) if a closing ends in words any subject can take, else None."""
    if not parts or not isinstance(parts[-1], Slot):
        return None
    last = parts[-1]
    if last.kind in GAPS:
        return "gap", (last,)
    if last.kind in NEEDS:
        return "need", (last,)
    if last.kind not in GENERIC_VERBS or len(parts) < 2:
        return None
    before = parts[-2]
    if isinstance(before, Slot):
        return ("need", (before, last)) if before.kind in NEED_ADVERBS else None
    for literal in LITERAL_NEEDS:
        if before.endswith(literal):
            return "need", (literal, last)
    return None


def _frame_of(parts: Sequence[Part], size: int) -> tuple[str, str] | None:
    """The 在……方面 / 在……上 frame around a closing's head, if it has one."""
    head = parts[: len(parts) - size]
    if not head or not isinstance(head[0], str) or not isinstance(head[-1], str) or not head[0].startswith("在"):
        return None
    for end in ("方面", "上"):
        if head[-1].endswith(end):
            return "在", end
    return None


def _verb(part: Part) -> str:
    """The tail's verb as the source had it: 能力水平还需进一步强化 is not said, 加强 is."""
    return part.original if isinstance(part, Slot) else part


def _fits(subject: str, tail: tuple[Part, ...]) -> bool:
    """提升 raises a level or an ability (能力, 意识, 自觉性); 加强/强化 strengthens anything but a level
    (not 能力水平, not 学习的自觉性)."""
    if _verb(tail[-1]).endswith(("提升", "提高")):
        return subject.endswith((*STRONG_HEADS, *LEVEL_HEADS))
    return not subject.endswith(LEVEL_HEADS)


def derive_closings(templates: Sequence[Template], subjects: Sequence[TitlePart],
                    item_category: dict[int, int]) -> list[Template]:
    """Closings for every noun-shaped title subject and every generic closing tail of the corpus.

    A gap tail is used only inside a 在……方面 frame, and only if the corpus itself has one."""
    tails: dict[tuple[str, int], tuple[str, tuple[Part, ...], int]] = {}
    frames: dict[tuple[str, str], None] = {}
    for t in templates:
        if t.role != CLOSE:
            continue
        found = tail_of(t.parts)
        if found is None:
            continue
        kind, tail = found
        frame = _frame_of(t.parts, len(tail))
        if frame is not None:
            frames[frame] = None
        # One tail per gap word or per verb: 还需加强, 还需进一步加强 and 需要进一步加强 differ only in
        # alternations, and three of them would make 加强 three times as likely as 提升.
        last = tail[-1]
        assert isinstance(last, Slot)
        key = (kind, GENERIC_VERBS_OF.get(last.kind, last.kind))
        if key not in tails or len(tail) > len(tails[key][1]):
            tails[key] = (kind, tail, t.item)
    out: list[Template] = []
    seen: set[str] = set()
    for s in subjects:
        if s.shape != "noun" or s.text in seen:
            continue
        seen.add(s.text)
        for kind, tail, tail_item in tails.values():
            if item_category.get(tail_item) is None:
                continue
            if kind == "gap":
                heads = [open_ + s.text + close for open_, close in frames]
            elif _fits(s.text, tail):
                heads = [s.text]
                tail = (*tail[:-1], _verb(tail[-1]))
            else:
                heads = []
            out.extend(Template(CLOSE, s.item, (head, *tail), tail_item=tail_item) for head in heads)
    return out
