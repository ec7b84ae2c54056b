"""The library API: paragraphs and whole drafts from a model, each reproducible from a code.

Randomness follows numpy's SPEC 7: a seed enters at this boundary; paragraph i of a run draws from
SeedSequence(seed, spawn_key=(i, attempt)), so any paragraph can be regenerated on its own. The stream is
made by `streams`: by default the pure-Python PCG64 of `generator.realize.pcg64` (a paragraph or a draft needs no
numpy import), in batches numpy's own, which gives the same numbers faster.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from generator import codes, hints
from generator.check.variety import RunMemory
from generator.errors import CodeError, CorpusError, GenerationError, UsageError
from generator.model import Model
from generator.realize import pcg64
from generator.realize.sampler import Clause, Sampler

Streams = Callable[[int, tuple[int, ...]], pcg64.RandomSource]  # (seed, spawn key) -> stream

SEED_MAX = 2**64 - 1  # accepted seeds: 0 … 2**64-1
DRAWN_SEED_MAX = 2**32 - 1  # seeds drawn when none is given stay short, so codes stay short
CN_NUMERALS = "一二三四五六七八九十"
MAX_DRAFT_ATTEMPTS = 200  # a thin category (6 distinct bodies in 400 draws) may need many to find a new entry;
# the search stops at DRAFT_CANDIDATES qualifying ones, so only a category that runs dry pays for them all
DRAFT_CANDIDATES = 8  # qualifying candidates compared per draft item


@dataclass(frozen=True)
class Paragraph:
    """One generated item: title + body, with everything needed to make it again."""

    category: str
    title: str
    body: str
    seed: int
    index: int
    code: str
    clauses: tuple[Clause, ...]
    item: int = -1  # the source item (Model.items) whose argument the paragraph follows

    @property
    def text(self) -> str:
        return self.title + "。" + self.body


@dataclass(frozen=True)
class Section:
    category: str
    heading: str
    items: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Document:
    """A whole draft in the corpus's layout: six sections of numbered items.

    The header fields (whom the opinions are for, the meeting, the signing unit and date) are the
    user's words, not generated: the draft code does not record them.
    """

    heading: str
    sections: tuple[Section, ...]
    seed: int
    code: str
    to: str | None = None
    meeting: str | None = None
    unit: str | None = None
    date: str | None = None

    @property
    def subtitle(self) -> str | None:
        return f"（{self.meeting}）" if self.meeting else None

    @property
    def signature(self) -> tuple[str, ...]:
        return tuple(line for line in (self.unit, self.date) if line)

    @property
    def text(self) -> str:
        lines = [self.heading] + ([self.subtitle] if self.subtitle else []) + [""]
        for section in self.sections:
            lines += [section.heading, ""]
            for k, item in enumerate(section.items, 1):
                lines += [f"{k}.{item.text}", ""]
        lines += list(self.signature)
        return "\n".join(lines).rstrip("\n") + "\n"


_SAMPLERS: dict[int, tuple[Model, Sampler]] = {}


def sampler_for(model: Model) -> Sampler:
    """The sampler of a model, built once per model object."""
    hit = _SAMPLERS.get(id(model))
    if hit is None or hit[0] is not model:
        hit = (model, Sampler(model))
        _SAMPLERS[id(model)] = hit
    return hit[1]


def draw_seed() -> int:
    """A fresh seed, from OS entropy, for a run whose user gave none."""
    import secrets

    return secrets.randbelow(DRAWN_SEED_MAX + 1)


def check_seed(seed: int) -> int:
    if not 0 <= seed <= SEED_MAX:
        raise UsageError(f"种子 {seed} 超出范围：请用 0 到 {SEED_MAX} 之间的整数")
    return seed


def cn_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 11 -> 十一, 20 -> 二十, 105 -> 一百零五, 110 -> 一百一十; from 1000 on, digits."""
    digits = "零" + CN_NUMERALS[:9]
    if not 0 < n < 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    out = digits[hundreds] + "百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    elif hundreds and units:
        out += "零"
    return out + (digits[units] if units else "")


def _number(text: str) -> int | None:
    """1, １, 一, （一）, (1) -> 1; anything else -> None."""
    import unicodedata

    core = unicodedata.normalize("NFKC", text).strip().rstrip("、.,，:：").strip("()（）").strip()
    if core.isdigit():
        return int(core)
    if core and all(ch in CN_NUMERALS for ch in core) and len(core) <= 3:
        if core == "十":
            return 10
        if core.startswith("十"):
            return 10 + CN_NUMERALS.index(core[1]) + 1
        if len(core) == 1:
            return CN_NUMERALS.index(core) + 1
        if len(core) == 2 and core[1] == "十":
            return (CN_NUMERALS.index(core[0]) + 1) * 10
        if len(core) == 3 and core[1] == "十":
            return (CN_NUMERALS.index(core[0]) + 1) * 10 + CN_NUMERALS.index(core[2]) + 1
    return None


_HEADING_NUMBER = re.compile(r"^\s*(?:\(\s*[一二三四五六七八九十\d]+\s*\)|[一二三四五六七八九十\d]+\s*[、.．])\s*")


def _category_key(text: str) -> str:
    """A category name or heading without its number and spaces: (六) 在廉洁自律方面的问题 -> 在廉洁自律方面的问题."""
    return re.sub(r"\s+", "", _HEADING_NUMBER.sub("", text))


def resolve_category(model: Model, name: str | int | None) -> int | None:
    """Category index from a name, a full heading, or a number (1, 一, （一）); None stays None.

    Anything else is refused with the closest names: a name that merely contains a category
    (我的廉洁自律) is a typo more often than a request.
    """
    if name is None:
        return None
    names = [c.name for c in model.categories]
    text = str(name).strip()
    number = _number(text)
    if number is not None:
        if 1 <= number <= len(names):
            return number - 1
        raise UsageError(f"类别编号 {text} 超出范围：请用 1 到 {len(names)}，或类别名称（{'、'.join(names)}）")
    for i, c in enumerate(model.categories):
        if text in (c.name, c.heading):
            return i
    # the ways a user writes a category: 廉洁自律方面, 在廉洁自律方面的问题, (六)在廉洁自律方面的问题 (ASCII brackets)
    import unicodedata

    wanted = _category_key(unicodedata.normalize("NFKC", text))
    for i, c in enumerate(model.categories):
        forms = {c.name, f"{c.name}方面", f"在{c.name}方面", f"{c.name}方面的问题", f"在{c.name}方面的问题",
                 f"{c.name}方面存在的问题", unicodedata.normalize("NFKC", c.heading)}
        if wanted in {_category_key(unicodedata.normalize("NFKC", f)) for f in forms}:
            return i
    import difflib

    close = difflib.get_close_matches(text, names, n=3, cutoff=0.3)
    close += [n for n in names if (n in text or text in n) and n not in close]
    hint = f"，您是不是要找：{'、'.join(close)}" if close else ""
    raise UsageError(f"没有名为“{text}”的类别{hint}。可用类别：{'、'.join(names)}")


def resolve_bounds(sampler: Sampler, min_chars: int | None, max_chars: int | None) -> tuple[int, int]:
    lo_default, hi_default = sampler.default_bounds
    lo = lo_default if min_chars is None else min_chars
    hi = hi_default if max_chars is None else max_chars
    if min_chars is not None and max_chars is None and lo > hi:
        hi = lo + (hi_default - lo_default)
    if max_chars is not None and min_chars is None and lo > hi:
        lo = max(1, hi - (hi_default - lo_default))
    if lo < 1 or hi < 1:
        raise UsageError("字数上下限必须是正整数")
    if lo > hi:
        raise UsageError(f"--min-chars（{lo}）大于 --max-chars（{hi}）：请调换或放宽")
    shortest = sampler.shortest_paragraph
    if hi < shortest and max_chars is None:
        raise CorpusError(f"语料的条目太短（最长 {hi} 字），写不出至少约 {shortest} 字的新段落；"
                          "请在语料中补充更长、有标题和多句正文的条目")
    if hi < shortest:
        raise UsageError(f"--max-chars {hi} 太短：本语料的段落至少约 {shortest} 字，请放宽上限")
    return lo, hi


def _thin(model: Model, category: int, detail: str) -> CorpusError:
    """The error for a category whose material cannot be recombined into new text."""
    first = next((it for it in model.items if it.category == category), None)
    return CorpusError(f"类别“{model.categories[category].name}”的材料太少，写不出不抄原文的新段落（{detail}）；"
                       "请在语料中给这个类别补充几条有标题、有多句正文的条目",
                       source=first.source if first else None, line=first.line if first else None)


def require_material(model: Model, sampler: Sampler, category: int) -> None:
    """CorpusError naming the category and what it lacks, when it cannot be generated from."""
    if sampler.missing[category]:
        raise _thin(model, category, "缺少" + "、".join(sampler.missing[category]))


def with_material(model: Model, sampler: Sampler, what: str) -> tuple[int, ...]:
    """The categories that can be generated from, for a draft or batch of every category: one whose material
    is too thin is left out with a hint (a 查摆问题清单 with two one-line 廉洁自律 rows should not stop the
    other five). CorpusError when none can."""
    usable = tuple(c for c in range(len(model.categories)) if not sampler.missing[c])
    if not usable:
        require_material(model, sampler, 0)
    for c in range(len(model.categories)):
        if sampler.missing[c]:
            hints.logger(__name__).warning("“%s”的材料太少（缺少%s），%s里没有这一方面；"
                                           "`critique categories` 列出它的条目", model.categories[c].name,
                                           "、".join(sampler.missing[c]), what)
    return usable


def _paragraph(model: Model, sampler: Sampler, req: codes.Request, bounds: tuple[int, int],
               stream_key: tuple[int, ...], streams: Streams = pcg64.stream) -> Paragraph:
    rng = streams(req.seed, stream_key)
    category = req.category
    if category is None:
        category = rng.integers(len(model.categories))
    require_material(model, sampler, category)
    # Paragraphs 0, 1, 2 … of one seed take up the category's problems in turn (see Sampler.run_home); a redraw
    # (attempt > 0: a repeat, a near-copy, a draft entry on an item its section has) takes up the next ones.
    home = sampler.run_home(category, req.seed, req.index, req.attempt)
    # the length as the user asked for it, in an error: not a default bound they never set (400–572 字)
    wanted = (f" {req.min_chars}–{req.max_chars} 字" if req.min_chars is not None and req.max_chars is not None
              else f" {req.min_chars} 字以上" if req.min_chars is not None
              else f" {req.max_chars} 字以内" if req.max_chars is not None else None)
    # Where the user set no lower bound, an item whose units cannot be said anew at the default length (long fixed
    # runs that can only be copied, a new user's corpus) is said shorter, however short, rather than not at all:
    # the sampler's floor (first for the item followed, then for any item of the category).
    try:
        d = sampler.draft(category, rng, *bounds, home=home, wanted=wanted,
                          floor=1 if req.min_chars is None else None)
    except GenerationError:
        if req.min_chars is not None or req.max_chars is not None:
            raise
        # The sampler suggests other bounds, but the user gave none: the material is the problem.
        raise _thin(model, category, f"在默认的 {bounds[0]}–{bounds[1]} 字内反复尝试都没能写成") from None
    return Paragraph(model.categories[category].name, d.title, d.body, req.seed, req.index,
                     codes.encode(req), d.clauses, d.item)


@functools.lru_cache(maxsize=64)
def _short_fingerprint(fingerprint: str) -> int:
    return codes.fingerprint20(fingerprint)


def _request(model: Model, kind: Literal["paragraph", "draft"], category: int | None, seed: int,
             index: int = 0, attempt: int = 0, min_chars: int | None = None,
             max_chars: int | None = None, items: int | None = None) -> codes.Request:
    return codes.Request(kind=kind, format_version=model.format_version,
                         fingerprint=_short_fingerprint(model.fingerprint), category=category,
                         seed=seed, index=index, attempt=attempt, min_chars=min_chars,
                         max_chars=max_chars, items=items)


def paragraph(model: Model, category: str | int | None = None, *, seed: int, index: int = 0,
              attempt: int = 0, min_chars: int | None = None, max_chars: int | None = None,
              streams: Streams = pcg64.stream) -> Paragraph:
    """Paragraph `index` of the run with this seed; the same arguments always give the same text.

    `streams` makes the random stream: `pcg64.numpy_stream` gives the same numbers, faster per draw."""
    sampler = sampler_for(model)
    cat = resolve_category(model, category) if isinstance(category, str) else category
    if cat is not None and 0 <= cat < len(model.categories):
        require_material(model, sampler, cat)
    bounds = resolve_bounds(sampler, min_chars, max_chars)
    req = _request(model, "paragraph", cat, check_seed(seed), index, attempt, min_chars, max_chars)
    return _paragraph(model, sampler, req, bounds, (index, attempt), streams)


UNIQUE_ATTEMPTS = 64  # redraws of a paragraph that repeats an earlier one of the same run
# A paragraph of which more than NEAR_REPEAT of the wording is already in the run (RunMemory) is drawn again,
# up to NEAR_ATTEMPTS times, and the one that says least again is kept: one draw leaves a revisited item's
# second paragraph at a median 0.69, the least of eight at 0.51 (bundled corpus). Redraws go round the
# category's items, so of the draws the one whose item the run has followed least is kept first: by
# resemblance alone, the item with most ways of being said won every redraw (six of ten paragraphs about
# 批评与自我批评, on a hospital's three-item category).
NEAR_REPEAT = 0.45
NEAR_ATTEMPTS = 8


def repeating(i: int, attempts: int) -> GenerationError:
    """The error for a run asking more distinct paragraphs than the material can say (generate and batch)."""
    room = f"（这次写到第 {i} 段为止）" if i > 0 else ""
    return GenerationError(f"第 {i + 1} 段连续 {attempts} 次与前面的段落重复：语料不足以生成这么多"
                           f"互不相同的段落，请减小 -n{room}")


def generate(model: Model, category: str | int | None = None, *, n: int = 1, seed: int | None = None,
             min_chars: int | None = None, max_chars: int | None = None,
             progress: Callable[[int], None] | None = None) -> list[Paragraph]:
    """`n` paragraphs; with no seed one is drawn (and recorded in every paragraph). `progress(1)` is called
    after each."""
    if n < 1:
        raise UsageError("-n 必须是正整数")
    root = draw_seed() if seed is None else check_seed(seed)
    cat = resolve_category(model, category) if isinstance(category, str) else category
    out: list[Paragraph] = []
    seen: set[str] = set()
    memory = RunMemory()
    followed: dict[tuple[str, int], int] = {}  # how many kept paragraphs follow each (category, item)
    for i in range(n):
        # A paragraph the run already holds, or nearly, is drawn again from its next stream (the code records
        # which attempt was kept).
        best: tuple[tuple[bool, int, float], Paragraph] | None = None
        distinct = 0
        for attempt in range(UNIQUE_ATTEMPTS):
            p = paragraph(model, cat, seed=root, index=i, attempt=attempt, min_chars=min_chars, max_chars=max_chars)
            if p.text in seen:
                continue
            resemblance = memory.resemblance(p.text)
            key = (resemblance > NEAR_REPEAT, followed.get((p.category, p.item), 0), resemblance)
            if best is None or key < best[0]:
                best = (key, p)
            distinct += 1
            if resemblance <= NEAR_REPEAT or distinct == NEAR_ATTEMPTS:
                break
        if best is None:
            raise repeating(i, UNIQUE_ATTEMPTS)
        p = best[1]
        seen.add(p.text)
        memory.add(p.text)
        followed[p.category, p.item] = followed.get((p.category, p.item), 0) + 1
        out.append(p)
        if progress is not None:
            progress(1)
    _say_when_items_run_out(model, out)
    return out


def _say_when_items_run_out(model: Model, paragraphs: Sequence[Paragraph]) -> None:
    """A hint, per category, where a run has more paragraphs than the category has items to follow: the later
    ones take up problems already written about, in other words (two colleagues given paragraphs 2 and 8 of a
    run may find them alike), and only more items in the corpus give more problems."""
    sampler = sampler_for(model)
    counts: dict[str, int] = {}
    for p in paragraphs:
        counts[p.category] = counts.get(p.category, 0) + 1
    for c, info in enumerate(model.categories):
        items = len(sampler.category_homes(c))
        if items and counts.get(info.name, 0) > items:
            hints.logger(__name__).warning("“%s”可依据的原文条目只有 %d 条：这一类从第 %d 段起，是换一种说法重写前面"
                                           "写过的问题；要更多不同的问题，请在语料里给这一类补充条目",
                                           info.name, items, items + 1)


NEUTRAL_HEADING = "相互批评意见参考"
HEADER_MAX_CHARS = 60
_ISO_DATE = re.compile(r"\A(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\Z")


def header_field(label: str, value: str | None) -> str | None:
    """A header field as it will be printed: one line, stripped; an ISO-like date in Chinese (2024年1月10日)."""
    if value is None:
        return None
    text = " ".join(value.split())
    if not text or len(text) > HEADER_MAX_CHARS or not text.isprintable():
        raise UsageError(f"{label} 需要一行 1 到 {HEADER_MAX_CHARS} 个字的文字，收到“{value[:HEADER_MAX_CHARS]}”")
    if label == "--date" and (match := _ISO_DATE.match(text)):
        year, month, day = (int(g) for g in match.groups())
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise UsageError(f"--date 不是有效的日期：“{value}”")
        text = f"{year}年{month}月{day}日"
    return text


def draft_heading(to: str | None) -> str:
    """相互批评意见参考, or 对张三同志的批评意见 when the opinions are for someone."""
    if not to:
        return NEUTRAL_HEADING
    return f"对{to.removesuffix('同志')}同志的批评意见"


def draft_categories(model: Model, categories: Sequence[str | int] | None) -> tuple[int, ...] | None:
    """The categories a draft includes, in corpus order; None when that is every category."""
    if not categories:
        return None
    chosen = set()
    for name in categories:
        index = resolve_category(model, name) if isinstance(name, str) else name
        if index is None or not 0 <= index < len(model.categories):
            raise UsageError(f"类别编号 {name} 超出范围：请用 1 到 {len(model.categories)}")
        chosen.add(index)
    return None if len(chosen) == len(model.categories) else tuple(sorted(chosen))


DRAFT_ITEMS = 3  # items per section when none is asked for (fewer where a category cannot give as many titles)


def draft(model: Model, *, seed: int | None = None, items: int | None = None, min_chars: int | None = None,
          max_chars: int | None = None, categories: Sequence[str | int] | None = None, to: str | None = None,
          meeting: str | None = None, unit: str | None = None, date: str | None = None) -> Document:
    """A whole document: every category (or the given ones) with `items` numbered items; no title repeats.

    Category c's item k is paragraph `c * items + k` of the seed whichever categories are included,
    so a draft of some categories says what the full draft says in those sections, titles permitting.
    `items` None: DRAFT_ITEMS, or as many as the tightest category has titles for (said in a hint).
    """
    asked = items
    items = DRAFT_ITEMS if items is None else items
    if not 1 <= items <= 255:
        raise UsageError("--items 必须在 1 到 255 之间")
    root = draw_seed() if seed is None else check_seed(seed)
    subset = draft_categories(model, categories)
    fields = {"to": header_field("--to", to), "meeting": header_field("--meeting", meeting),
              "unit": header_field("--unit", unit), "date": header_field("--date", date)}
    sampler = sampler_for(model)
    included = with_material(model, sampler, "草稿") if subset is None else subset
    for c in included:
        require_material(model, sampler, c)  # (a category asked for by name must have material)
    bounds = resolve_bounds(sampler, min_chars, max_chars)
    room, tightest = min((sampler.title_room(c), c) for c in included)
    # By default a section has no more entries than its category has items to follow: a third entry of a two-item
    # category is the first one again with two words changed (a new user's hospital corpus, every seed).
    problems, fewest = min((len(sampler.category_homes(c)), c) for c in included)
    if items > min(room, problems) and asked is None:
        if problems < room:
            hints.logger(__name__).warning("“%s”可依据的原文条目只有 %d 条，每个方面写 %d 条"
                                           "（给这个类别补充条目可以写得更多）",
                                           model.categories[fewest].name, problems, problems)
        else:
            hints.logger(__name__).warning("“%s”最多能写出 %d 个不同的标题，每个方面写 %d 条"
                                           "（给这个类别补充条目可以写得更多）",
                                           model.categories[tightest].name, room, room)
        items = min(room, problems)
    elif items > room:
        raise UsageError(f"--items {items} 太大：“{model.categories[tightest].name}”最多能写出 {room} 个不同的标题，"
                         f"请把 --items 减到 {room} 以内（不给时每个方面 {DRAFT_ITEMS} 条，或能写出的条数），"
                         "或给这个类别补充条目")
    titles: set[str] = set()
    sections = []
    for position, c in enumerate(included):
        info = model.categories[c]
        chosen: list[Paragraph] = []
        homes: set[int] = set()  # items already followed by an earlier entry of this section
        said: set[int] = set()  # templates used by earlier entries of this section
        bodies: set[str] = set()
        home_count = len(sampler.category_homes(c))
        for k in range(items):
            index = c * items + k
            best: tuple[int, int, Paragraph] | None = None  # (item followed again, clauses repeated, paragraph)
            candidates = 0
            for attempt in range(MAX_DRAFT_ATTEMPTS):
                req = _request(model, "paragraph", c, root, index, attempt, min_chars, max_chars)
                p = _paragraph(model, sampler, req, bounds, (index, attempt))
                if p.title in titles or p.body in bodies:
                    continue  # (an item followed twice must at least be said differently: 学用结合还不够密切 over
                    # the body of 学用结合不够密切 is the same entry twice)
                # Entries of one section follow different items while there are items left, and share
                # as few clauses as they can: of the candidates, keep the one that does best.
                again = int(p.item in homes)
                repeated = sum(clause.template in said for clause in p.clauses)
                if best is None or (again, repeated) < best[:2]:
                    best = (again, repeated, p)
                candidates += 1
                if (again, repeated) == (0, 0) or candidates == DRAFT_CANDIDATES:
                    break
            if best is None:
                # the remedies the user has: fewer entries, and the length bounds they set (not ones they did not)
                remedies = ([] if items == 1 else
                            ["减小 --items" if asked is not None else f"把 --items 减到 {items - 1}"])
                remedies += [f"放宽 {name}" for name, given in (("--min-chars", min_chars), ("--max-chars", max_chars))
                             if given is not None] or ["给这个类别补充条目"]
                raise GenerationError(f"“{info.name}”写不出 {items} 条标题互不相同的条目；请{'，或'.join(remedies)}")
            p = best[2]
            titles.add(p.title)
            bodies.add(p.body)
            said.update(c.template for c in p.clauses)
            homes.add(p.item)
            if len(homes) >= home_count:
                homes.clear()  # every item followed once: start another round
            chosen.append(p)
        sections.append(Section(info.name, f"（{cn_numeral(position + 1)}）在{info.name}方面的问题", tuple(chosen)))
    req = _request(model, "draft", None, root, min_chars=min_chars, max_chars=max_chars, items=asked)
    if subset is not None:
        req = dataclasses.replace(req, categories=subset)
    return Document(draft_heading(fields["to"]), tuple(sections), root, codes.encode(req), **fields)


def _foreign_code_hint(fingerprint: int, model: Model) -> str:
    """What to do about a code of another corpus: name the bundled corpus when it is the one."""
    from generator import store
    from generator.errors import CritiqueError

    try:
        bundled = store.fingerprint_of(None)
    except (CritiqueError, OSError):
        bundled = ""
    if bundled and bundled != model.fingerprint and codes.fingerprint20(bundled) == fingerprint:
        return "它来自自带语料：请去掉 --corpus 再复现"
    return "请用 --corpus 指定生成它时的语料（语料改动后，旧草稿码无法再复现）"


def reproduce(model: Model, code: str, *, to: str | None = None, meeting: str | None = None,
              unit: str | None = None, date: str | None = None) -> Paragraph | Document:
    """The paragraph or draft a code was printed with, byte for byte; refuses a foreign code. A draft's
    header (to, meeting, unit, date) is not in its code: given again, the whole document comes back."""
    req = codes.decode(code)
    if req.format_version != model.format_version:
        raise CodeError(f"这个草稿码来自模型格式第 {req.format_version} 版，当前程序是第 {model.format_version} 版；"
                        "请用生成它时的 critique 版本复现")
    if req.fingerprint != codes.fingerprint20(model.fingerprint):
        raise CodeError(f"这个草稿码来自另一份语料或改动前的语料（草稿码的模型指纹 {req.fingerprint:05x}，"
                        f"当前语料的指纹 {model.fingerprint[:5]}）；{_foreign_code_hint(req.fingerprint, model)}")
    if req.kind == "draft":
        if req.categories and req.categories[-1] >= len(model.categories):
            raise CodeError("草稿码中的类别编号超出本语料的类别数")
        return draft(model, seed=req.seed, items=req.items, min_chars=req.min_chars,
                     max_chars=req.max_chars, categories=req.categories, to=to, meeting=meeting, unit=unit, date=date)
    if req.category is not None and req.category >= len(model.categories):
        raise CodeError("草稿码中的类别编号超出本语料的类别数")
    return paragraph(model, req.category, seed=req.seed, index=req.index, attempt=req.attempt,
                     min_chars=req.min_chars, max_chars=req.max_chars)
