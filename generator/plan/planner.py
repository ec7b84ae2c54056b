"""The document planner: what one paragraph says, before any word of it is chosen.

A paragraph is about one problem, its title. The plan follows the argument of the title's own source item
in the source's order (statement, manifestations, consequence, gap), drops only manifestations that nothing
else leans on, and borrows a unit from another item only when the two items are about the same thing
(they share content words) and the paragraph would otherwise fall short.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from generator.check.checks import HAN
from generator.model import CLOSE, ELAB, Model, Template

# A unit that starts with one of these leans on the unit before it (也没有…, 导致…, 认为…): where that
# unit is dropped, this one goes too; and it never opens a paragraph.
# A consequence (导致…) does not count: without its cause the realiser states it plainly.
LEANING_STARTS = ("有时也", "也", "比如", "给", "对此", "为此", "因此", "这", "例如", "特别是", "尤其是",
                  "但", "而", "并", "还", "认为", "觉得", "就", "又", "且", "却", "甚至", "同时", "加之", "更")
MAX_RELATED = 8  # related items kept per item, most related first
MAX_HOLDERS = 40  # a bigram in more items of a category than this tells nothing about what one is about
DROP = 0.2  # chance that a manifestation nothing leans on is left out (while the paragraph stays long enough)
KEEP = 0.75  # ... long enough: at least this share of the source's median length
SHORT = 0.75  # a plan whose source units come to less than this share of the lower bound is not realised
# (fillers and rewrites change a unit's length by far less than a quarter)
# Two items are about the same thing when this share of their content bigrams is shared.
RELATED = 0.12
# Bigrams that say nothing about what an item is about: genre glue every item has.
GLUE = frozenset({
    "不够", "还不", "存在", "方面", "问题", "工作", "一些", "有时", "进一步", "一步", "需要", "没有", "不能",
    "情况", "现象", "缺乏", "不高", "不强", "不足", "一定", "程度", "定程", "度上", "还需", "有待", "差距",
    "的问", "的情", "的现", "能力", "意识", "精神", "思想", "自身", "自己", "时候", "不到", "到位", "不深",
})
_HAN_PAIR = re.compile(f"(?=({HAN}{{2}}))")


class Step(NamedTuple):
    """One unit of meaning in the plan: a template, where it comes from, and the mark that follows it."""

    template: int
    borrowed: bool  # from another item that is about the same thing, not from the paragraph's own
    punct: str  # "，", "；" or "。": the source's own mark after this unit (the last step's is "。")


class Plan(NamedTuple):
    """What a paragraph says: its title, the item it follows, and its units in order."""

    category: int
    subject: str
    predicate: str
    item: int  # the source item whose argument the paragraph follows
    steps: tuple[Step, ...]

    @property
    def title(self) -> str:
        return self.subject + self.predicate


def content_bigrams(text: str) -> frozenset[str]:
    """Han bigrams of a text that carry content (genre glue left out)."""
    return frozenset(m for m in _HAN_PAIR.findall(text) if m not in GLUE)


def leans(text: str) -> bool:
    for hedge in ("有时候", "有时", "往往", "总是"):
        if text.startswith(hedge) and text[len(hedge):].startswith(("也", "还", "更")):
            return True
    return text.startswith(LEANING_STARTS)


SHORT_TAIL = 10  # a unit this short in the middle of a source sentence (心里难免有怨气) leans on the one before


# A unit in the middle of a sentence that starts by saying what was not done (，没有深入调查、拿出改进措施;
# ，没有及时研究解决) says it of what the sentence began with (对家长反映的……问题，往往满足于解释说明): it leans on it.
NEGATED_STARTS = ("没有", "没", "未能", "未")


def tail_leans(t: Template, previous_mark: str) -> bool:
    """Whether t, after `previous_mark` in its source sentence, leans on the unit before it."""
    if previous_mark not in "，；":
        return False
    text = t.source_text
    for hedge in ("有时候", "有时", "往往", "常常", "也", "还", "都"):
        text = text.removeprefix(hedge)
    return len(t.source_text) <= SHORT_TAIL or text.startswith(NEGATED_STARTS)


def _previous_marks(model: Model, marks: list[str]) -> list[str]:
    """For each template, the mark after the unit before it in its item ("。" for an item's first unit),
    given `marks`, the mark after each template (unit_marks)."""
    out: list[str] = []
    last_item, last_mark, before_last = -1, "。", "。"
    templates = model.templates
    for t, tpl in enumerate(templates):
        tail = t > 0 and tail_of_previous(model, templates[t - 1], tpl)  # the concession's main clause alone
        mark = before_last if tail else last_mark
        out.append(mark if tpl.item == last_item else "。")
        if not tail:
            before_last = last_mark if tpl.item == last_item else "。"
            last_item, last_mark = tpl.item, marks[t]
    return out


def unit_marks(model: Model, templates: Iterable[int]) -> list[str]:
    """The mark that follows each template in its item's body (， when it cannot be found)."""
    marks: list[str] = []
    for t in templates:
        tpl = model.templates[t]
        body = model.items[tpl.item].body
        text = tpl.source_text
        at = body.find(text)
        after = body[at + len(text)] if at >= 0 and at + len(text) < len(body) else "。"
        marks.append(after if after in "，；。" else "，")
    return marks


def tail_of_previous(model: Model, prev: Template, t: Template) -> bool:
    """Whether t is the main clause of the concession prev (both come from one source unit)."""
    a, b = prev.source_text, t.source_text
    return prev.item == t.item and len(b) < len(a) and a.endswith(b)


def related_items(model: Model) -> list[tuple[int, ...]]:
    """For each item, the items of its category about the same thing, most related first (at most
    MAX_RELATED).

    Learned from the corpus: the share of content bigrams two items' texts have in common. A bigram that
    many items of the category use says little about any of them and is not counted, which also keeps this
    linear in the size of a large corpus (an inverted index over the rarer bigrams)."""
    grams = [content_bigrams(it.title + it.body) for it in model.items]
    by_category: dict[int, list[int]] = {}
    for i, it in enumerate(model.items):
        by_category.setdefault(it.category, []).append(i)
    out: list[tuple[int, ...]] = [() for _ in model.items]
    for members in by_category.values():
        index: dict[str, list[int]] = {}
        for i in members:
            for g in grams[i]:
                index.setdefault(g, []).append(i)
        for i in members:
            shared: dict[int, int] = {}
            for g in grams[i]:
                holders = index[g]
                if len(holders) > MAX_HOLDERS:
                    continue
                for j in holders:
                    if j != i:
                        shared[j] = shared.get(j, 0) + 1
            scored = sorted((-n / min(len(grams[i]), len(grams[j])), j) for j, n in shared.items()
                            if n / min(len(grams[i]), len(grams[j])) >= RELATED)
            out[i] = tuple(j for _, j in scored[:MAX_RELATED])
    return out


class Outline(NamedTuple):
    """What the planner knows of a model's items, computed once per model (linear in its size)."""

    units: tuple[tuple[tuple[int, ...], ...], ...]  # per item: its units in order, each with alternatives
    marks: tuple[str, ...]  # per template: the mark after it in the source
    leaning: tuple[bool, ...]  # per template: leans on the unit before it
    lengths: tuple[int, ...]  # per template: its source length
    texts: tuple[str, ...]  # per template: its source text
    related: tuple[tuple[int, ...], ...]  # per item: items about the same thing, most related first
    roles: tuple[int, ...]  # per template: OPEN, ELAB, CONSEQ or CLOSE


def outline(model: Model) -> Outline:
    templates = model.templates
    units: list[list[list[int]]] = [[] for _ in model.items]
    prev: int | None = None
    for t, tpl in enumerate(templates):
        own = units[tpl.item]
        if prev is not None and own and tail_of_previous(model, templates[prev], tpl):
            own[-1].append(t)  # the main clause of the concession just before: one or the other
        else:
            own.append([t])
        prev = t
    marks = unit_marks(model, range(len(templates)))
    return Outline(
        units=tuple(tuple(tuple(a) for a in item_units) for item_units in units),
        marks=tuple(marks),
        leaning=tuple(leans(t.source_text) or tail_leans(t, m)
                      for t, m in zip(templates, _previous_marks(model, marks), strict=True)),
        lengths=tuple(len(t.source_text) for t in templates),
        texts=tuple(t.source_text for t in templates),
        related=tuple(related_items(model)),
        roles=tuple(t.role for t in templates),
    )


MARK_STRENGTH = {"，": 0, "；": 1, "。": 2}  # where units meet, the stronger mark of those left out between them stands


def _only_support(o: Outline, chosen: list[int], k: int, pairs: set[str]) -> bool:
    """Whether chosen[k] is the only unit of the plan that says any character pair of the title's subject."""
    if not any(p in o.texts[chosen[k]] for p in pairs):
        return False
    return not any(p in o.texts[t] for j, t in enumerate(chosen) if j != k for p in pairs)


def stranded(o: Outline, t: int, position: int, said_before: bool, dropped_last: bool) -> bool:
    """Whether unit t, at `position` in its item, must be left out for what is not said before it: it leans on
    the unit before, which was dropped, or there is nothing of the item before it. The item's first unit leans
    on its title (觉得只要把分数抓上去就算完成了任务), which the paragraph has. A closing that measures the gap
    (与……的要求还有差距) measures the argument before it: said first, with the item's statement and
    manifestations left out, it opens a paragraph on nothing (round 30)."""
    first_said = not said_before and position > 0
    return ((dropped_last or first_said) and o.leaning[t]) or (first_said and o.roles[t] == CLOSE)


def plan_paragraph(o: Outline, category: int, subject: str, predicate: str, item: int,
                   usable: Callable[[int], bool], lo: int, hi: int, u: Callable[[], float],
                   aim: int = 0) -> Plan | None:
    """A plan that follows `item`'s units in order, within [lo, hi] characters if it can; None when
    nothing of the item can be said. Manifestations are left out only while the paragraph stays at least
    `aim` characters long (the source's median length by default)."""
    leaning, lengths, marks = o.leaning, o.lengths, o.marks
    chosen: list[int] = []
    dropped_last = False
    for position, alternatives in enumerate(o.units[item]):
        ok = [t for t in alternatives if usable(t)]
        if not ok:
            dropped_last = True
            continue
        # The item's statement is said whole: a concession's main clause alone opens without its subject.
        whole = position == 0 and ok[0] == alternatives[0]
        t = ok[int(u() * len(ok))] if len(ok) > 1 and not whole else ok[0]
        if stranded(o, t, position, bool(chosen), dropped_last):
            dropped_last = True  # it leaned on what was dropped (or there is nothing before it)
            continue
        dropped_last = False
        chosen.append(t)
    if not chosen:
        return None
    size = len(subject) + len(predicate) + 1 + sum(lengths[t] + 1 for t in chosen)
    # Say the item's point with some of its manifestations left out: only units that nothing leans on, never
    # the statement or the last unit. Never reordered: readers found cause and effect cut apart that way.
    # Nor the one unit that takes up the title's subject: 批评与自我批评还不够 over 相互批评 alone says half of it.
    pairs = {subject[i : i + 2] for i in range(len(subject) - 1)}
    k = 1
    while k < len(chosen) - 1:
        t = chosen[k]
        free = not leaning[chosen[k + 1]] and o.roles[t] == ELAB
        if (free and size - lengths[t] - 1 >= max(lo, int(KEEP * aim)) and u() < DROP
                and not _only_support(o, chosen, k, pairs)):
            size -= lengths[t] + 1
            del chosen[k]
            continue
        k += 1
    # Too long: drop manifestations from the middle that the next unit does not lean on.
    while size > hi and len(chosen) > 2:
        middle = [k for k in range(1, len(chosen) - 1) if not leaning[chosen[k + 1]]]
        if not middle:
            break
        k = middle[int(u() * len(middle))]
        size -= lengths[chosen[k]] + 1
        del chosen[k]
    # Too short: borrow a self-standing unit of a related item, placed before the item's last unit.
    borrowed: set[int] = set()
    for other in o.related[item]:
        for alternatives in o.units[other][1:]:
            if size >= lo:
                break
            t = alternatives[-1]
            if not usable(t) or leaning[t] or size + lengths[t] + 1 > hi:
                continue
            chosen.insert(max(1, len(chosen) - 1), t)
            borrowed.add(t)
            size += lengths[t] + 1
    if size < SHORT * lo:
        return None  # far too short even with what it could borrow: not worth realising
    steps = []
    for k, t in enumerate(chosen):
        mark = "。" if k == len(chosen) - 1 else marks[t]
        after = chosen[k + 1] if k + 1 < len(chosen) else -1
        if t < after and t not in borrowed and after not in borrowed:  # (both the home item's: consecutive)
            # units left out between the two: the strongest mark among them stands (一是……；[二是……；]三是……)
            mark = max((marks[x] for x in range(t, after)), key=MARK_STRENGTH.__getitem__)
        if t in borrowed or (k + 1 < len(chosen) and chosen[k + 1] in borrowed):
            mark = "。" if mark == "。" else "，"  # a borrowed unit joins with a plain comma
        steps.append(Step(t, t in borrowed, mark))
    return Plan(category, subject, predicate, item, tuple(steps))
