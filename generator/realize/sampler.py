"""The seeded sampler: recombines clause templates and slot-fillers into new paragraphs.

Randomness comes only from the stream passed in (a numpy Generator or the pure-Python PCG64 stream of
`generator.realize.pcg64`, which gives the same numbers); uniforms are drawn in blocks.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from math import factorial, log, sqrt
from typing import TYPE_CHECKING, NamedTuple

from generator.check.checks import COPY_RUN, SourceGuard, defects, mask
from generator.check.rank import Candidate, Ranker
from generator.errors import GenerationError
from generator.learn.kinds import ALT_BASE, K, compatible, predicate_shape, predicate_variants, tells_of_change, travels
from generator.model import Model, Slot, Template
from generator.plan.planner import MARK_STRENGTH, Plan, outline, plan_paragraph, stranded
from generator.realize.pcg64 import RandomSource, as_source
from generator.rules.lexicon import (
    ALTERNATIONS,
    CN_ORDINALS,
    CONSISTENT_CLASSES,
    ENUMERATED,
    GAP_CLOSING,
    HEDGED,
    NOT_HEDGES,
    SEARCHED,
)
from generator.rules.rewrites import CHANCE, rewrite
from generator.rules.rewrites import fits as rewrite_fits
from generator.rules.weights import WEIGHTS

if TYPE_CHECKING:
    import numpy as np

OWN_ENOUGH = 4  # a kind draws only on its own category once that has this many fillers
TOPIC_KINDS = (K["topic"], K["topic-act"], K["quefa"])  # kinds that never cross categories

# Too tied to their words to swap (信任关怀 for 浮躁心理, 要求有所减少): only reordered within a list.
# Idioms too: 对理论知识{一知半解} does not take 轻描淡写, nor 滋生出了{小富即安}的观望思想 take 蜻蜓点水.
PERMUTE_KINDS = frozenset({K["noun4"], K["verb4"], K["adv4"], K["yousuo"], K["idiom+"], K["idiom-"], K["list"]})
# A paragraph says 不够 at most this often, or as often as its item does: each member or rewrite that says one
# where the source did not (不高 -> 不够高, 研究不深 -> 研究不够深入) spends from what is left. Readers of every
# round from 9 to 23 quoted 不够……不够……还不够; generated paragraphs said it 0.45-0.6 times more than their item.
SHORTFALL = "不够"
SHORTFALLS = 2
UNLIMITED = 1 << 20
MIN_OPENED = 3  # items that can say their statement, for those that cannot to be followed less (OPENLESS)
OPENLESS = 0.25  # the weight of an item whose statement cannot be said, against one whose statement can
MIN_SAYABLE = 20  # an item followed must have at least this many characters of body that can be said anew
SHORTER = 0.5  # default lower bound: this share of the shortest source item's length
CANDIDATES = 3  # realised plans per paragraph, of which the best is kept
# Added to each candidate's score: near-equal candidates are chosen by the seed, not always the same one
# (without it a seed's neighbours converge on one best wording, and runs repeat themselves).
JITTER = 0.15
MAX_ATTEMPTS = 200  # redraws before giving up on one paragraph (bounded, deterministic)
FULL_VARIETY = 512  # an item with this many distinct ways of being said is followed in full proportion
MIN_VARIETY = 0.25  # and the thinnest at least this share of it
# Attempts on the item drawn first before any item will do: an item that fails this often in a row (a long
# unit that copies the source whatever fills it) would otherwise cost dozens of wasted realisations.
HOME_ATTEMPTS = 12
RUN_ORDERS_KEPT = 4096  # run orders remembered (one per category, seed and round)
ROUNDS = 8  # rounds of a run that take up the category's items in turn (then: by weight)
ROUND_SHARE_STEPS = 4  # round r >= 2 takes up the items whose variety share is at least r / this
EVERYWHERE = 1 << 20  # a `near` window that covers any unit
NEAR_DRAWS = 6  # draws for another member than the source's, for a varied word near a join that copied
REFILLS = 3  # fillings of a clause tried anew when its join with the next one would copy the source
MAX_LITERAL = 20  # a template whose fixed text alone has 21+ characters would always copy the source
LARGE_CORPUS_ITEMS = 60
BLOCK = 96
CONNECTIVES = ("导致", "致使", "造成", "以致", "使得", "从而")
# Alternations found in the text (not the optional adverbs, whose source word is the empty string).
SEARCHED_END = ALT_BASE + SEARCHED
# How _fill treats a part of a template (Sampler._ops), and an alternation's flags.
_LITERAL, _PERMUTE, _TOPIC, _ALTERNATE, _SWAP = range(5)
_CONSISTENT, _SEARCHED = 1, 2
_HEDGED = -1  # key of `same` once the paragraph has no room for an adverb put in (有时存在……一定程度上存在)
# A category's filler tables, per kind: (cumulative weights, total weight, last index, filler texts).
_Draws = list[tuple[list[float], float, int, list[str]]]


class _Uniforms:
    """Uniform floats from a stream, drawn a block at a time."""

    __slots__ = ("_buf", "_pos", "_rng")

    def __init__(self, rng: RandomSource) -> None:
        self._rng = rng
        self._buf: list[float] = rng.random_list(BLOCK)
        self._pos = 0

    def __call__(self) -> float:
        if self._pos == BLOCK:
            self._buf = self._rng.random_list(BLOCK)
            self._pos = 0
        u = self._buf[self._pos]
        self._pos += 1
        return u


class _Table:
    """Weighted choice over a fixed list, by bisecting cumulative weights."""

    __slots__ = ("cum", "last", "total", "values")

    def __init__(self, values: list[int], weights: list[float]) -> None:
        self.values = values
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1] if self.cum else 0.0
        self.last = len(values) - 1

    def position(self, u: float) -> int:
        """Index into `values` (and into any list aligned with it) for a uniform u."""
        return min(bisect_right(self.cum, u * self.total), self.last)

    def pick(self, u: float) -> int:
        return self.values[self.position(u)]


class Clause(NamedTuple):
    """Where one clause of a paragraph came from, for --explain (a tuple: cheap to make by the thousand)."""

    template: int
    item: int
    text: str
    fillers: tuple[tuple[str, str], ...]  # (kind, filler) in order
    borrowed: bool = False  # from an item about the same thing, not the one the paragraph follows


class Draft(NamedTuple):
    title: str
    body: str
    clauses: tuple[Clause, ...]
    subject: str = ""
    item: int = -1  # the source item whose argument the paragraph follows
    left_out: int = 0  # planned units the realiser could not say without copying (each leaves a gap)
    cut_short: bool = False  # it ends on a unit after which the source's sentence went on

    @property
    def text(self) -> str:
        return self.title + "。" + self.body




def _longest_literal(t: Template) -> int:
    """The longest fixed text of a template, a quotation or fixed formulation counting as one character.

    A topic slot is fixed text too: _fill never swaps it (在{征订教辅资料}时，把关不严 can only come out
    as it stands), so a run of literals and topics is what the copy guard will see unchanged."""
    runs, run = [], ""
    for p in t.parts:
        if isinstance(p, str):
            run += p
        elif p.kind in TOPIC_KINDS:
            run += p.original
        else:
            runs.append(run)
            run = ""
    runs.append(run)
    return max(len(mask(r)) for r in runs)


@functools.cache  # (asked of the same lexicon classes and member pairs again and again: 5% of a batch's time)
def _common_affixes(words: tuple[str, ...]) -> tuple[int, int]:
    """How many characters all the words begin with, and end with, alike (未能/没能/不能: 0 and 1)."""
    first, last = min(words), max(words)
    head = next((k for k, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), min(len(first), len(last)))
    tail = 0
    while tail < min(map(len, words)) and len({w[len(w) - 1 - tail] for w in words}) == 1:
        tail += 1
    return head, tail


def _longest_fixed(ops: Sequence[tuple[int, int, str, str, int]]) -> int:
    """The longest text of a template that no filling changes, a quotation or fixed formulation counting as
    one character: literals, topics, a list of one member, and what all members of a word's class share (the
    能 of 未能/没能/不能)."""
    members: dict[int, int] = {}
    for op, _, _, _, group in ops:
        if op == _PERMUTE:
            members[group] = members.get(group, 0) + 1
    runs, run = [], ""
    for op, kind, original, _, flag in ops:
        if op in (_LITERAL, _TOPIC) or (op == _PERMUTE and members[flag] == 1):
            run += original
        elif op == _ALTERNATE and original:
            words = ALTERNATIONS[kind - ALT_BASE]
            head, tail = _common_affixes(words) if len(words) > 1 else (len(original), 0)
            if head >= len(original):
                run += original  # a class of one word (or all alike): nothing changes
                continue
            runs.append(run + original[:head])
            run = original[len(original) - tail :] if tail else ""
        else:
            runs.append(run)
            run = ""
    runs.append(run)
    return max(len(mask(r)) for r in runs)


def _fixed_runs(t: Template) -> list[str]:
    """The template's runs of fixed text (literals and topics, as in _longest_literal), masked."""
    runs, run = [], ""
    for p in t.parts:
        if isinstance(p, str) or p.kind in TOPIC_KINDS:
            run += p if isinstance(p, str) else p.original
        else:
            runs.append(mask(run))
            run = ""
    runs.append(mask(run))
    return runs


def _all_rewritten(text: str) -> str:
    """The text with every rewrite that fits it applied (the rules' own outcome: no draws decide it)."""
    return rewrite(text, lambda: 0.0, 1.0)[0]


def _rewrites_break(t: Template) -> bool:
    """Whether the rewrites change every long fixed run of a template somewhere inside: its rewritten text
    then holds none of the run's 20-character windows, and the clause can be said without copying."""
    rewritten = mask(_all_rewritten(t.source_text))
    width = COPY_RUN - 1
    return all(r[i : i + width] not in rewritten
               for r in _fixed_runs(t) if len(r) > MAX_LITERAL for i in range(len(r) - width + 1))


class Sampler:
    """Precomputed choice tables over one model; immutable after construction."""

    def __init__(self, model: Model) -> None:
        self.model = model
        items = model.items
        n_cat = len(model.categories)
        self.guard = SourceGuard(it.title + "。" + it.body for it in items)
        lengths = [len(it.title) + 1 + len(it.body) for it in items]
        # A paragraph follows one item's argument, and a shorter one that stays on its problem is better than a
        # padded one: by default it may come out somewhat shorter than the shortest source item.
        self.default_bounds = (max(1, int(SHORTER * min(lengths))), max(lengths))
        self.median_length = sorted(lengths)[len(lengths) // 2]
        self.min_unit = min((len(t.source_text) for t in model.templates), default=1)
        # In a small corpus a clause whose every slot changed cannot be a copy; in a large one the same
        # clause may stand, so filled, in another item: check every clause there.
        self._large = len(items) > LARGE_CORPUS_ITEMS
        templates = model.templates
        self._template_item = [t.item for t in templates]
        self._shortfalls = [it.title.count(SHORTFALL) + it.body.count(SHORTFALL) for it in items]
        self._permutable = [any(isinstance(p, Slot) and p.kind in PERMUTE_KINDS for p in t.parts) for t in templates]
        # Templates as flat programs for _fill: (operation, kind, text, kind name, flag) per part, where text is
        # the literal or the slot's original filler, and flag says, for an alternation, whether its class keeps
        # one member per paragraph (CONSISTENT) and whether its source word is in the text (SEARCHED).
        self._ops: list[tuple[tuple[int, int, str, str, int], ...]] = [_lists_apart(tuple(self._op(p) for p in t.parts))
                                                                  for t in templates]
        # A template without slots gives one clause, made here once; None marks one that would copy.
        self._fixed: list[Clause | None] = [None] * len(templates)
        self._copying: set[int] = set()
        # Units that only a rewrite lets us say (their fixed text copies the source, or runs past the guard):
        # rewritten every time, where other units are rewritten half the time.
        self._chance = [CHANCE] * len(templates)
        for i, t in enumerate(templates):
            if not any(isinstance(p, Slot) for p in t.parts):
                text = t.source_text
                if not self.guard.copies_in_context(text):
                    self._fixed[i] = Clause(i, t.item, text, ())
                elif (again := _all_rewritten(text)) != text and not self.guard.copies_in_context(again):
                    self._fixed[i] = Clause(i, t.item, text, ())
                    self._chance[i] = 1.0
                else:
                    self._copying.add(i)
        longest = [_longest_literal(t) for t in templates]
        self._longest = longest
        self._rescued = frozenset(t for t, n in enumerate(longest) if n > MAX_LITERAL and _rewrites_break(templates[t]))
        for r in self._rescued:
            self._chance[r] = 1.0
        self.outline = outline(model)
        self.ranker = Ranker(it.title + "。" + it.body for it in items)
        # Even with every slot changed, a literal this long copies the source with one character more.
        self._long_literal = [n >= COPY_RUN - 3 for n in longest]
        # Templates _fill can never say: 20 characters that no filling changes, where _fill always runs the
        # clause copy check (a long literal, a large corpus, or a topic or list, which count as kept), and no
        # rewrite to change them. Planned, they were left out every time (未能达到学深悟透、修炼升级、凝心铸魂的境界
        # shares 能达到…的境界 with 没能/不能 too), a gap in the argument; now the plan does without them.
        self._hedges = [HEDGED.search(t.source_text) is not None for t in templates]  # says how often by itself
        unchanging = [_longest_fixed(ops) >= COPY_RUN - 1 for ops in self._ops]
        self._doomed = frozenset(
            t for t, ops in enumerate(self._ops)
            if self._fixed[t] is None and unchanging[t]
            and (self._large or self._long_literal[t] or any(op in (_PERMUTE, _TOPIC) for op, *_ in ops))
            and not rewrite_fits(templates[t].source_text))
        for k in range(len(templates)):
            if unchanging[k] and rewrite_fits(templates[k].source_text):
                self._chance[k] = 1.0
        self._subject_items: dict[tuple[int, str], frozenset[int]] = {}
        for sp in model.subjects:
            key = (items[sp.item].category, sp.text)
            self._subject_items[key] = self._subject_items.get(key, frozenset()) | {sp.item}

        # Filler tables are built per category when it is first asked for: one paragraph needs one category's.
        self._by_kind: list[list[int]] = [[] for _ in model.kinds]
        for i, f in enumerate(model.fillers):
            self._by_kind[f.kind].append(i)
        self._draws: list[_Draws | None] = [None] * n_cat

        source_titles = {it.title for it in items}
        self.titles: list[list[tuple[str, str]]] = []
        # A predicate with an adjective of its own (还不够经常, 不够严) is tied to its own subject;
        # 缺乏力度, 有所弱化, 不够到位, 还不够 fit others, in any category. Distinct texts only: the pairs below
        # grow with the corpus's vocabulary of subjects and predicates, not with its items.
        travelling = {p.text: p for p in model.predicates if travels(p.text, p.shape)}
        subjects_of_item: dict[int, list[str]] = {}
        for sp in model.subjects:
            subjects_of_item.setdefault(sp.item, []).append(sp.text)
        for c in range(n_cat):
            subjects = {s.text: s for s in model.subjects if items[s.item].category == c}
            own = [p for p in model.predicates if items[p.item].category == c]
            pairs: list[tuple[str, str]] = []
            for strict in (True, False):  # a looser title is better than no paragraph at all
                pairs = [
                    (s.text, p.text)
                    for s in subjects.values()
                    for p in travelling.values()
                    if compatible(s.text, s.shape, p.text, p.shape, strict=strict)
                    and s.text + p.text not in source_titles
                ]
                # and the category's own titles in other words (联系群众不够紧密 -> 联系群众还不够密切)
                seen = set(pairs)
                for p in own:
                    for subject in subjects_of_item.get(p.item, ()):
                        for v in predicate_variants(p.text):
                            if (subject, v) not in seen and subject + v not in source_titles:
                                seen.add((subject, v))
                                pairs.append((subject, v))
                if pairs:
                    break
            self.titles.append(pairs or [(it.title, "") for it in items if it.category == c])
        # A title that is an item's own (no subject and predicate to recombine) follows that item.
        self._homes: dict[tuple[int, str], list[int]] = {}
        for i, it in enumerate(items):
            self._homes.setdefault((it.category, it.title), []).append(i)
        # The titles each item can head: its subject with a compatible predicate (or its own title).
        self._item_titles: list[list[tuple[str, str]]] = [[] for _ in items]
        for c, pairs in enumerate(self.titles):
            for subject, predicate in pairs:
                heads: list[int] | frozenset[int] = (self._homes.get((c, subject + predicate))
                                                     or self._subject_items.get((c, subject), frozenset()))
                changing = predicate_shape(predicate) == "change"
                for i in heads:
                    if changing and not tells_of_change(items[i].title + items[i].body):
                        continue  # 服务客户意识有所淡化 over a body that tells of no change
                    self._item_titles[i].append((subject, predicate))
        for i, it in enumerate(items):
            if not self._item_titles[i] and self.titles[it.category][0][1] != "":
                # No subject and predicate of its own to recombine (存在保守求稳心理): it keeps its own title.
                self._item_titles[i].append((it.title, ""))
        # An item whose usable units cannot fill even the default shortest paragraph (its own and its related
        # items' together) is not followed: its paragraphs would be a clause or two long.
        say = [self._sayable(i) for i in range(len(items))]

        def sayable(i: int) -> int:
            return say[i]

        title_room = [min((len(sj) + len(pr) + 1 for sj, pr in self._item_titles[i]), default=0)
                      for i in range(len(items))]
        # What a plan can borrow of each item, as plan_paragraph borrows: self-standing later units only.
        o = self.outline
        lendable = [sum(o.lengths[alts[-1]] + 1 for alts in o.units[j][1:]
                        if self._usable(alts[-1]) and not o.leaning[alts[-1]]) for j in range(len(items))]
        reach = [title_room[i] + sayable(i) + sum(lendable[j] for j in o.related[i]) for i in range(len(items))]
        self._category_homes = []
        for c in range(n_cat):
            titled = [i for i in model.category_items(c) if self._item_titles[i]]
            titled = [i for i in titled if say[i] >= MIN_SAYABLE]  # 学习不深。不够。 has nothing to say again
            full = [i for i in titled if reach[i] >= self.default_bounds[0]]
            self._category_homes.append(full or titled)
        # An item whose statement (its first unit) cannot be said opens mid-argument (开箱登记不及时 with no
        # 意见箱 before it; 与城管、交警等部门的沟通协调不够主动 with no 校门口 problem): blind readers took such
        # paragraphs for fragments. Where the category has MIN_OPENED items that open well, such an item is
        # followed once in a run's first round and far less often by weight (OPENLESS), never in later rounds.
        self._openless: list[frozenset[int]] = []
        for homes in self._category_homes:
            closed = frozenset(i for i in homes if not any(self._usable(t) for t in self.outline.units[i][0]))
            self._openless.append(closed if len(homes) - len(closed) >= MIN_OPENED else frozenset())
        # An item is followed in proportion to how much of it can be said and how many ways it can be said
        # (see _home_table, built per category when first asked for).
        self._say = say
        self._home_tables: list[_Table | None] = [None] * n_cat
        self._rounds: list[list[list[int]] | None] = [None] * n_cat
        self._share_lists: list[list[float] | None] = [None] * n_cat
        self._run_orders: dict[tuple[int, int, int], list[int]] = {}  # (category, seed, round) -> its items
        # What each category lacks to be generated from at all (reported by api.require_material): an item
        # with something that can be said in new words.
        self.missing: list[list[str]] = [
            [] if self._category_homes[c] else [f"正文在 {MIN_SAYABLE} 字以上、能换一种说法写出来的条目"]
            for c in range(n_cat)
        ]
        # A lower bound on any paragraph's length: the shortest title and two of the shortest clauses.
        shortest_title = min((len(s) + len(p) for pairs in self.titles for s, p in pairs), default=0)
        self.shortest_paragraph = shortest_title + 1 + 2 * self.min_unit + 2


    def _sayable(self, i: int) -> int:
        """How many characters of item i's units a plan can say, as plan_paragraph walks them: a unit that leans on
        one that cannot be said is left out with it (跟踪问效不够及时 after 对年初确定的重点工作，……一再推迟, whose
        fixed text only copies), and so is a leaning unit with nothing before it."""
        o = self.outline
        total, dropped_last, said_any = 0, False, False
        for position, alternatives in enumerate(o.units[i]):
            ok = [t for t in alternatives if self._usable(t)]
            if not ok:
                dropped_last = True
                continue
            free = [t for t in ok if not stranded(o, t, position, said_any, dropped_last)]
            if not free:
                dropped_last = True
                continue
            total += max(o.lengths[t] + 1 for t in free)
            dropped_last, said_any = False, True
        return total

    # -- one paragraph -------------------------------------------------------------------------

    def draft(self, category: int, rng: RandomSource | np.random.Generator, min_chars: int, max_chars: int,
              home: int | None = None, wanted: str | None = None, floor: int | None = None) -> Draft:
        """A paragraph of `category` whose length lies in [min_chars, max_chars]; deterministic in rng.

        Overgenerate and rank: up to CANDIDATES plans are realised and the best by rank.Ranker is kept.
        `home`, an item of the category (see run_home), is followed instead of an item drawn from rng.
        `wanted` says the length asked for in the error when none is found (default: both bounds). `floor`: the
        shortest paragraph acceptable where the item followed cannot reach min_chars (None: min_chars is firm, as
        when the user set it)."""
        u = _Uniforms(as_source(rng))
        reached = [0, 1 << 30]  # longest and shortest lengths the failed attempts came to
        best: tuple[float, Draft] | None = None
        found = 0
        # The item the paragraph follows is drawn first (weighted by what it has to say) and kept while
        # attempts are redrawn, so that an item that is harder to say in new words is not followed less
        # often; after HOME_ATTEMPTS with nothing found, the item said shorter (down to `floor`, where one is
        # given), and after as many again any item of the category will do.
        homes = self._category_homes[category]
        table = self._home_table(category)
        first = -1 if not homes else home if home is not None else table.pick(u())
        lo = min_chars
        for attempt in range(MAX_ATTEMPTS):
            if attempt in (HOME_ATTEMPTS, 2 * HOME_ATTEMPTS) and best is None and homes and first >= 0:
                if floor is not None and floor < lo:
                    # The item said shorter (its fixed runs only copy, so little of it can be said anew) rather
                    # than another item in its place: a draft section's entries follow different items, and a run
                    # takes up each of them (an item so followed never came out at all).
                    lo = floor
                else:
                    first = -1
            item = first if first >= 0 else table.pick(u()) if homes else -1
            d = self._attempt(category, item, u, lo, max_chars, reached)
            if d is None:
                continue
            score = self.ranker.score(Candidate(d.title, d.body, d.subject, d.item,
                                                sum(c.borrowed for c in d.clauses), d.left_out,
                                                d.cut_short)) + JITTER * u()
            if best is None or score < best[0]:
                best = (score, d)
            found += 1
            if found == CANDIDATES:
                break
        if best is not None:
            return best[1]
        name = self.model.categories[category].name
        if reached[0] == 0:  # no plan came near the lower bound, so none was said at all
            hint = "这个类别的条目连同可借用的相关内容也写不到这么长，请调低 --min-chars"
        elif reached[0] < min_chars:
            hint = f"这个类别的段落最长只写到约 {reached[0]} 字，请调低 --min-chars"
        elif reached[1] > max_chars:
            hint = f"这个类别的段落最短也有约 {reached[1]} 字，请调高 --max-chars"
        else:
            hint = "请放宽 --min-chars/--max-chars"
        wanted = wanted or f" {min_chars}–{max_chars} 字"
        raise GenerationError(f"类别“{name}”在 {MAX_ATTEMPTS} 次尝试内没能写出{wanted}、且不抄原文的段落；{hint}")

    def run_home(self, category: int, seed: int, index: int, attempt: int = 0) -> int:
        """The item paragraph `index` of a run of `seed` follows, -1 if the category has none; its redraw
        `attempt` follows the item `attempt` places after it among the category's items, so that redraws
        go round them all (a draft section's third entry finds the one item its first two did not follow,
        where redraws drawn by weight went back to the richest item time and again)."""
        first = self._run_home(category, seed, index)
        if attempt == 0 or first < 0:
            return first
        homes = self._category_homes[category]
        return homes[(homes.index(first) + attempt) % len(homes)]

    def _run_home(self, category: int, seed: int, index: int) -> int:
        """The item paragraph `index` of a run of `seed` follows, -1 if the category has none.

        A run goes round the category's items: the first paragraphs, as many as it has items, take up every
        item once, so that five paragraphs of a six-item category are about five problems, not three about
        one; the next round takes them up again, and so on. Each round's order is a weighted shuffle
        (Efraimidis–Spirakis keys u ** (1 / weight), from a hash of the seed, the round and the item): the
        items with more to say in more ways come first. From the third round on, a round takes only the items
        that can be said in enough ways for it (see _home_rounds); after ROUNDS rounds, paragraphs follow the
        items in proportion to their weights, along a Weyl sequence of the seed. Before, every paragraph after
        the first round was drawn by weight, and ten paragraphs of a six-item category could follow one rich
        item seven times. Either way it depends on (seed, index) alone, so a code reproduces its paragraph."""
        homes = self._category_homes[category]
        if not homes:
            return -1
        table = self._home_table(category)
        start = _mix64(seed)
        position = index
        for r, members in enumerate(self._home_rounds(category)):
            if position >= len(members):
                position -= len(members)
                continue
            key = (category, seed, r)
            order = self._run_orders.get(key)
            if order is None:
                weights = [b - a for a, b in zip([0.0, *table.cum], table.cum, strict=False)]
                salt = start if r == 0 else _mix64(start ^ (r * _ROUND_SALT & _M64))
                keys = {k: ((_mix64(salt ^ ((k + 1) * _GOLDEN & _M64)) >> 11) + 0.5) / 2.0**53 for k in members}
                order = [homes[k] for k in sorted(members, key=lambda k: -log(keys[k]) / weights[k])]
                if len(self._run_orders) >= RUN_ORDERS_KEPT:
                    self._run_orders.clear()
                self._run_orders[key] = order
            return order[position]
        return table.pick(((start + index * _GOLDEN) & _M64) / 2.0**64)

    def _home_rounds(self, c: int) -> list[list[int]]:
        """Per round of a run, the positions (in the category's homes) of the items it takes up: all of them in
        the first two rounds; in round r after that, those whose variety share (see _variety_share) is at least
        r / ROUND_SHARE_STEPS, so that an item that can be said in few ways is not taken up again and again."""
        built = self._rounds[c]
        if built is None:
            shares = self._shares(c)
            openless = self._openless[c]
            homes = self._category_homes[c]
            built = [[k for k, share in enumerate(shares)
                      if (r < 1 or homes[k] not in openless) and (r < 2 or share >= min(1.0, r / ROUND_SHARE_STEPS))]
                     for r in range(ROUNDS)]
            self._rounds[c] = built
        return built

    def title_room(self, category: int) -> int:
        """How many distinct titles the category's paragraphs can have (a draft section's most entries)."""
        return len({s + p for i in self._category_homes[category] for s, p in self._item_titles[i]})

    def category_homes(self, category: int) -> list[int]:
        """The items of a category that a paragraph can follow."""
        return self._category_homes[category]

    def _home_table(self, c: int) -> _Table:
        """The items of category c a paragraph may follow, weighted by the characters they have to say and
        by how many ways there are to say them: an item left with two clauses and one two-word alternation
        once its fixed wording is set aside (能力水平不够: three distinct paragraphs in 78 draws) would fill a
        batch with repeats and hand two colleagues the same text."""
        built = self._home_tables[c]
        if built is None:
            homes = self._category_homes[c]
            shares = self._shares(c)
            openless = self._openless[c]
            built = _Table(homes, [max(1, self._say[i]) * share * (OPENLESS if i in openless else 1.0)
                                   for i, share in zip(homes, shares, strict=True)])
            self._home_tables[c] = built
        return built

    def _shares(self, c: int) -> list[float]:
        """The variety share (see _variety_share) of each of category c's homes, computed once."""
        built = self._share_lists[c]
        if built is None:
            draws = self._draws_of(c)
            built = self._share_lists[c] = [self._variety_share(i, draws) for i in self._category_homes[c]]
        return built

    def _variety_share(self, i: int, draws: _Draws) -> float:
        """A rough count of the distinct paragraphs item i can give, as a share of FULL_VARIETY (at least
        MIN_VARIETY, at most 1), by the square root so that a thin item is followed less, not never."""
        variants = float(len(self._item_titles[i]))
        for alternatives in self.outline.units[i]:
            ok = [t for t in alternatives if self._usable(t)]
            if ok:  # (leaving manifestations out adds little: the plan drops one only now and then)
                variants *= sum(self._variants(t, draws) for t in ok)
        return max(MIN_VARIETY, min(1.0, sqrt(variants / FULL_VARIETY)))

    def _variants(self, t: int, draws: _Draws) -> int:
        """A rough count of the distinct texts _fill can make of template t, as _fill draws them (a topic
        stays, the source's word of an alternation comes back only when drawn twice, a consistent class
        counts once). It overcounts (有时 and 有时候 read alike; a clause that copies is refilled), but it ranks
        items the way the distinct paragraphs they give do, which is all _variety_share needs."""
        count = 1 << len(rewrite_fits(self.model.templates[t].source_text))
        counted: set[int] = set()
        members: dict[int, int] = {}
        for op, kind, _, _, flag in self._ops[t]:
            if op == _PERMUTE:
                members[flag] = members.get(flag, 0) + 1
            elif op in (_ALTERNATE, _SWAP) and kind not in counted:
                if flag & _CONSISTENT:
                    counted.add(kind)
                k = len(set(draws[kind][3]))
                count *= max(1, k - 1) if op == _SWAP or flag & _SEARCHED else max(1, k)
        for m in members.values():
            count *= factorial(m)
        return count

    def _draws_of(self, c: int) -> _Draws:
        """Category c's filler tables for _fill, per kind: (cumulative weights, total, last index, texts)."""
        built = self._draws[c]
        if built is not None:
            return built
        model, items = self.model, self.model.items
        built = []
        for kind, of_kind in enumerate(self._by_kind):
            # Fillers come from the paragraph's own category while it has enough of them; function
            # words belong to no category; topics never cross (they make a paragraph belong to one).
            mine = [i for i in of_kind if model.fillers[i].item >= 0 and items[model.fillers[i].item].category == c]
            borrow = kind not in TOPIC_KINDS and (kind >= ALT_BASE or len(mine) < OWN_ENOUGH)
            pool = of_kind if borrow else mine
            # an alternation's common members come up more often than its marked ones (欠缺, 有些时候)
            weights = [WEIGHTS.get(model.fillers[i].text, 1.0) if kind >= ALT_BASE else 1.0 for i in pool]
            table = _Table(pool, weights)
            built.append((table.cum, table.total, table.last, [model.fillers[i].text for i in pool]))
        self._draws[c] = built
        return built

    def _op(self, part: str | Slot) -> tuple[int, int, str, str, int]:
        if isinstance(part, str):
            return (_LITERAL, -1, part, "", 0)
        kind, name = part.kind, self.model.kinds[part.kind]
        if kind in PERMUTE_KINDS:
            return (_PERMUTE, kind, part.original, name, 0)
        if kind >= ALT_BASE:
            flag = _CONSISTENT if kind - ALT_BASE in CONSISTENT_CLASSES else 0
            flag |= _SEARCHED if kind < SEARCHED_END else 0
            return (_ALTERNATE, kind, part.original, name, flag)
        return (_TOPIC if kind in TOPIC_KINDS else _SWAP, kind, part.original, name, 0)

    def _usable(self, t: int) -> bool:
        return (t not in self._copying and (self._longest[t] <= MAX_LITERAL or t in self._rescued)
                and t not in self._doomed)

    def _attempt(self, category: int, item: int, u: _Uniforms, lo: int, hi: int, reached: list[int]) -> Draft | None:
        """Plan one paragraph that follows `item`, then realise the plan; None when it cannot be said in
        bounds without copying."""
        if item < 0:
            return None
        titles = self._item_titles[item]
        subject, predicate = titles[int(u() * len(titles))] if len(titles) > 1 else titles[0]
        plan = plan_paragraph(self.outline, category, subject, predicate, item, self._usable, lo, hi, u,
                              self.median_length)
        if plan is None:
            return None
        return self._realise(plan, u, lo, hi, reached)

    def _realise(self, plan: Plan, u: _Uniforms, lo: int, hi: int, reached: list[int]) -> Draft | None:
        """The plan in words: every unit filled, joined with the source's own marks; checked whole.

        A unit that cannot be said without copying the source (alone, or across the join with the unit
        before it) is said again in other words, or left out when nothing after it leans on it."""
        used_fillers: set[str] = {plan.subject}
        same: dict[int, str] = {}  # the member each consistent function-word class took in this paragraph
        hedges = self._hedges
        if any(hedges[step.template] for step in plan.steps):
            # the item hedges itself: no 有时/往往/明显 put in besides (明显缺乏……致使有时候); a rule per sentence
            # instead left the second corpus's 12-character share at 0.40-0.44 against 0.35-0.40
            same[_HEDGED] = ""
        clauses: list[Clause] = []
        marks: list[str] = []
        steps = plan.steps
        # 不够 the paragraph may add to what its planned units say in the source, title included
        texts = self.outline.texts
        spare = (max(SHORTFALLS, self._shortfalls[plan.item]) - plan.title.count(SHORTFALL)
                 - sum(texts[step.template].count(SHORTFALL) for step in plan.steps))
        leaning = self.outline.leaning
        previous = -2
        skip_leaning = False
        left_out = 0
        for step in steps:
            if skip_leaning and leaning[step.template]:
                left_out += 1
                continue  # it leaned on the unit just left out
            skip_leaning = False
            clause = None
            blocked: Clause | None = None  # a filling that only its join with the clause before would copy
            near = (0, 0)
            settled = dict(same)  # the members the kept clauses took (not those of a filling thrown away)
            # what the paragraph says so far, up to its last 20 characters: a run copied across several short
            # units (交任务多，自己动手有所减少，紧迫感不太强，自我加压……) shows at the join, not only at the end
            said = _tail_said(clauses, marks)
            if not clauses and plan.predicate:
                # the first unit after the title: 学习还不够系统深入。对医院党委中心组学习安排的内容…… copies the item's
                # title and opening where they meet; refilled near the join, it may not (a title of the item's own
                # stands as it is, and the body alone is checked)
                said = plan.title[1 - COPY_RUN :]
            kept: set[str] = set()
            _said_so_far(kept, plan.subject, clauses)
            room = spare - sum(c.text.count(SHORTFALL) - texts[c.template].count(SHORTFALL) for c in clauses)
            for _ in range(4):
                used_fillers.clear()
                used_fillers |= kept
                same.clear()
                same.update(settled)
                clause = self._fill(step.template, plan.category, u, used_fillers, same, near, room)
                if clause is None:
                    near = (EVERYWHERE, EVERYWHERE)  # it copied the source by itself: every varied word changes
                elif said and self.guard.joins_copy(said, clause.text):
                    blocked, clause = clause, None
                    near = (max(near[0], COPY_RUN), near[1])  # the words near the join are said otherwise
                if clause is not None:
                    break
            if clause is None and blocked is not None and clauses:
                # The two units read as the source where they meet: say the one before in other words instead
                # of leaving this one out (a gap readers find as a cause without its effect).
                clause = self._said_again_before(clauses, blocked, plan, u, used_fillers, same)
            elif clause is None and blocked is not None:
                # the statement copies the source after this title, however filled: not said without it (another
                # title may let it be said; an item with one title, never)
                return None
            if clause is None:
                skip_leaning = True
                left_out += 1
                if marks and MARK_STRENGTH[step.punct] > MARK_STRENGTH[marks[-1]]:
                    marks[-1] = step.punct  # the sentence (or its ；-half) ends where the unit left out ended it
                continue
            if _is_conseq(clause.text) and previous != step.template - 1:
                clause = _without_connective(clause)  # 导致 only after the cause the source gave it
            if step.borrowed:
                clause = clause._replace(borrowed=True)
            clauses.append(clause)
            marks.append(step.punct)
            previous = step.template
        if not clauses:
            return None
        clauses = _renumbered(clauses)
        marks[-1] = "。"
        _no_lone_sentences([c.text for c in clauses], marks, [self.outline.marks[c.template] for c in clauses])
        _gap_joins([c.text for c in clauses], marks)
        body = "".join(c.text + m for c, m in zip(clauses, marks, strict=True))
        text = plan.title + "。" + body
        reached[0], reached[1] = max(reached[0], len(text)), min(reached[1], len(text))
        if not lo <= len(text) <= hi:
            return None
        # A title that is the item's own (nothing to recombine it with) is the one thing allowed to stand as in
        # the source: the body is checked without it.
        checked = body if not plan.predicate else text
        if self.guard.copied(checked) is not None or defects(text):
            return None
        cut_short = self.outline.marks[clauses[-1].template] == "，"
        return Draft(plan.title, body, tuple(clauses), plan.subject, plan.item, left_out, cut_short)

    def _said_again_before(self, clauses: list[Clause], blocked: Clause, plan: Plan, u: _Uniforms,
                           used: set[str], same: dict[int, str]) -> Clause | None:
        """`blocked`, once the last clause is filled anew so that neither of its joins copies the source (the
        last clause is replaced in place); None when REFILLS fillings of it do not do."""
        last = clauses[-1]
        fixed = self._fixed[last.template]
        if fixed is not None and not rewrite_fits(fixed.text):
            return None  # nothing in it can change
        for _ in range(REFILLS):
            _said_so_far(used, plan.subject, [*clauses[:-1], blocked])
            again = self._fill(last.template, plan.category, u, used, same, (0, COPY_RUN))
            if again is None or again.text == last.text:
                continue
            if _is_conseq(again.text) and not _is_conseq(last.text):
                again = _without_connective(again)  # as the last clause was said: 导致 only after its cause
            if len(clauses) > 1 and self.guard.joins_copy(clauses[-2].text, again.text):
                continue
            if not self.guard.joins_copy(again.text, blocked.text):
                clauses[-1] = again._replace(borrowed=last.borrowed)
                return blocked
        return None

    def _fill(self, t: int, category: int, u: _Uniforms, used: set[str],
              same: dict[int, str] | None = None, near: tuple[int, int] = (0, 0),
              room: int = UNLIMITED) -> Clause | None:
        """The template with its slots filled, or None if it cannot be filled without repeating or copying.

        `near` = (head, tail): a varied word that lies within `head` characters of the unit's start or `tail`
        of its end, in the source, takes another member than the source's wherever the class has one.
        `room`: how many 不够 the filling may add to the unit's own (a member or a rewrite that says one where
        the source did not); near a join that copied the source, as many as it takes."""
        if near != (0, 0):
            room = UNLIMITED
        fixed = self._fixed[t]
        if fixed is not None:
            # no slots: the clause is the same but for a rewrite (near_copy was checked once, at set-up)
            text, rules = rewrite(fixed.text, u, 1.0 if near != (0, 0) else self._chance[t])
            if text.count(SHORTFALL) - fixed.text.count(SHORTFALL) > room:
                return fixed
            return fixed if not rules else fixed._replace(text=text, fillers=tuple(("改写", r) for r in rules))
        draws = self._draws[category] or self._draws_of(category)
        ops = self._ops[t]
        listed: dict[int, list[str]] = {}  # per list (see _lists_apart): two lists in one clause stay apart
        if self._permutable[t]:
            for op, _, original, _, group in ops:
                if op == _PERMUTE:
                    listed.setdefault(group, []).append(original)
            for members in listed.values():
                source_order = list(members)
                for k in range(len(members) - 1, 0, -1):  # Fisher-Yates with our own uniforms
                    j = int(u() * (k + 1))
                    members[k], members[j] = members[j], members[k]
                # after a copy, the list in another order than the source's (members are said from the end)
                if near != (0, 0) and members[::-1] == source_order and len(set(members)) > 1:
                    members.append(members.pop(0))
        out: list[str] = []
        chosen: list[tuple[str, str]] = []
        kept = False  # did any slot keep the source's own words? (slotless templates returned above)
        head, tail = near
        tail_from = self.outline.lengths[t] - tail  # the source offset where the tail window starts
        position = 0  # the current op's offset in the source text
        for op, kind, original, name, flag in ops:
            start = position
            position += len(original)
            if op == _LITERAL:
                out.append(original)
                continue
            if op == _PERMUTE:
                out.append(listed[flag].pop())
                kept = True
                continue
            if op == _TOPIC:
                # A topic belongs to what the item says: swapped for another item's (对青年教师住房困难 ->
                # 对于青年教师住房反映的…问题) it changes the charge. It stays, and variety comes from rewording.
                used.add(original)
                out.append(original)
                chosen.append((name, original))
                kept = True
                continue
            cum, total, last, pool = draws[kind]
            if op == _ALTERNATE:  # short function words may recur, as in the source; 某种程度上 twice reads badly
                if same is not None and flag & _CONSISTENT and kind in same:
                    text = same[kind]  # 有时 said once is said again: no rotating synonyms
                else:
                    text = pool[min(bisect_right(cum, u() * total), last)]
                    if flag & _SEARCHED and (head or tail) and (start < head or (tail and position > tail_from)):
                        # near a join that copied the source: a member that changes the text inside the window
                        # (不强 -> 不够强 keeps the 不 the copied run went on with, at the window's edge)
                        for _ in range(NEAR_DRAWS if last else 0):
                            if _changes_within(text, original, start, position, head, tail_from if tail else -1):
                                break
                            text = pool[min(bisect_right(cum, u() * total), last)]
                    elif text == original and flag & _SEARCHED:
                        # the source's word only if drawn twice: 1/k² of the time
                        text = pool[min(bisect_right(cum, u() * total), last)]
                    # One adverb put in per paragraph at most, and none where the item hedges; but near a join that
                    # copied the source, a 还 (了解得还不够深入) is how the words there change, and it is no hedge.
                    rescue = (head or tail) and text in NOT_HEDGES
                    if same is not None and not original and _HEDGED in same and not rescue:
                        text = ""
                    elif not original and text and text[:2] in self.outline.texts[t]:
                        text = ""  # 一定程度上存在一定的风险: an adverb put in does not say again what the unit says
                    if len(text) >= 2:  # 存在短板……存在短板: one paragraph says a word of substance once
                        if text in used:
                            # the source's own word, else the first member the paragraph has not said (存在软肋……
                            # 存在软肋 where the class offers 短板 and 薄弱环节 too)
                            text = next((w for w in (original, *pool) if len(w) >= 2 and w not in used), text)
                        used.add(text)
                    if same is not None and flag & _CONSISTENT:
                        same[kind] = text
                    if same is not None and not original and text and not rescue:
                        same[_HEDGED] = text
                if SHORTFALL in text and SHORTFALL not in original:
                    if room <= 0:
                        # 不够……不够……还不够: the paragraph has said its shortfalls; another member if the class has
                        # one (不高 -> 偏低), else the source's own
                        text = next((w for w in pool if w != original and w and SHORTFALL not in w), original)
                    else:
                        room -= 1
                kept = kept or text == original
                out.append(text)
                chosen.append((name, text))
                continue
            text = ""
            for _ in range(6 if pool else 0):
                candidate = pool[min(bisect_right(cum, u() * total), last)]
                if candidate != original and candidate not in used:
                    text = candidate
                    break
            if not text:
                if original in used:
                    return None
                text = original
                kept = True
            used.add(text)
            out.append(text)
            chosen.append((name, text))
        # (said again: in other words)
        filled = "".join(out)
        text, rules = rewrite(filled, u, 1.0 if near != (0, 0) else self._chance[t])
        if text.count(SHORTFALL) - filled.count(SHORTFALL) > room:
            text, rules = filled, ()  # (研究不深 -> 研究不够深入 where the paragraph has said 不够 enough)
        chosen += [("改写", name) for name in rules]
        if (kept or self._large or self._long_literal[t]) and self.guard.copies_in_context(text):
            return None  # this clause alone would copy the source once punctuation joins it
        return Clause(t, self._template_item[t], text, tuple(chosen))








_GOLDEN = 0x9E3779B97F4A7C15  # 2**64 / golden ratio
_ROUND_SALT = 0xD1B54A32D192ED03  # an odd constant that sets one round's shuffle apart from the next
_M64 = (1 << 64) - 1


def _tail_said(clauses: Sequence[Clause], marks: Sequence[str]) -> str:
    """The last COPY_RUN - 1 characters of the clauses said so far, with the marks between them."""
    width = COPY_RUN - 1
    out = ""
    for k in range(len(clauses) - 1, -1, -1):
        out = clauses[k].text + (marks[k] if k < len(clauses) - 1 else "") + out
        if len(out) >= width:
            break
    return out[-width:]


def _said_so_far(used: set[str], subject: str, clauses: Sequence[Clause]) -> None:
    """`used` made the words a paragraph has said: its title's subject and its kept clauses' fillers. A filling
    that was thrown away (it copied the source) says nothing, and must not keep its words from the next one."""
    used.clear()
    used.add(subject)
    for clause in clauses:
        used.update(text for _, text in clause.fillers)


def _no_lone_sentences(texts: Sequence[str], marks: list[str], source_marks: Sequence[str]) -> None:
    """A one-piece unit that went on with a comma in the source, and stands alone as a sentence only because
    what followed it was left out, goes on with a comma into the next sentence: 满足于完成学校下达的任务。对分管的
    工作…… read as choppy to blind readers (round 18); 满足于完成学校下达的任务，对分管的工作…… is the genre's chain.
    A unit with commas of its own is a sentence already, and stays one (no run-on of two thoughts)."""
    for k in range(len(marks) - 1):
        if (marks[k] == "。" and source_marks[k] == "，" and (k == 0 or marks[k - 1] == "。")
                and "，" not in texts[k] and "；" not in texts[k]):
            marks[k] = "，"


def _gap_joins(texts: Sequence[str], marks: list[str]) -> None:
    """A closing that measures a gap (与……的要求还有差距) goes on with a comma from what it measures, even where a
    unit left out between them ended a sentence: it has no subject to open one with."""
    for k in range(len(marks) - 1):
        if marks[k] in "。；" and GAP_CLOSING.match(texts[k + 1]):
            marks[k] = "，"


def _changes_within(text: str, original: str, start: int, end: int, head: int, tail_from: int) -> bool:
    """Whether `text` in place of `original` (at source offsets start..end) changes a character before offset
    `head` or after offset `tail_from` (-1: no tail window): a member that keeps the original's first
    characters (不强 -> 不够强) changes the text only after them."""
    if text == original:
        return False
    if start < head and text[:1] != original[:1]:
        return True  # (the common case, without counting: they differ at once)
    prefix, suffix = _common_affixes((text, original))
    return start + prefix < head or (tail_from >= 0 and end - suffix > tail_from)


def _mix64(x: int) -> int:
    """splitmix64's finaliser: a 64-bit value whose bits all depend on every bit of x."""
    z = (x + _GOLDEN) & _M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
    return z ^ (z >> 31)


def _renumbered(clauses: list[Clause]) -> list[Clause]:
    """Clauses with the source's own enumeration (一是……；二是……；三是……) counted again over what was kept:
    a paragraph that left out 一是 must not begin with 二是, and one point left alone is not numbered."""
    numbered = [(k, m) for k, c in enumerate(clauses) if (m := ENUMERATED.match(c.text)) is not None]
    if not numbered:
        return clauses
    out = list(clauses)
    for n, (k, m) in enumerate(numbered):
        head = "" if len(numbered) == 1 else m.group(1) + CN_ORDINALS[n] + m.group(3)
        out[k] = out[k]._replace(text=head + out[k].text[m.end() :])
    return out


def _lists_apart(ops: tuple[tuple[int, int, str, str, int], ...]) -> tuple[tuple[int, int, str, str, int], ...]:
    """The ops with each permutable member's flag set to the number of its list: members of one kind next
    to each other, with nothing but 、 between them. Members change places only within their list
    (对A、B等问题……在C、D等方面 must not become 对C、B等问题)."""
    out = []
    group, last_kind, open_list = -1, -1, False
    for op, kind, text, name, flag in ops:
        if op == _PERMUTE:
            if not (open_list and kind == last_kind):
                group += 1
            out.append((op, kind, text, name, group))
            last_kind, open_list = kind, True
            continue
        open_list = open_list and op == _LITERAL and text == "、"
        out.append((op, kind, text, name, flag))
    return tuple(out)


def _without_connective(clause: Clause) -> Clause:
    """致使学习的质量不高 after a clause that is not its cause reads as a false claim: state it plainly."""
    for cue in CONNECTIVES:
        if clause.text.startswith(cue) and len(clause.text) > len(cue) + 4:
            fillers = clause.fillers[1:] if clause.fillers and clause.fillers[0][1] == cue else clause.fillers
            return clause._replace(text=clause.text[len(cue) :], fillers=fillers)
    return clause





def _is_conseq(text: str) -> bool:
    return text.startswith(CONNECTIVES)
