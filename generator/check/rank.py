"""Overgenerate and rank: of several realised plans, keep the one that reads best by our own measures.

Every measure is computed from the candidate and the source alone, so the choice is deterministic in the
seed and codes still reproduce. Lower scores are better.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from itertools import compress
from typing import NamedTuple

from generator.check.checks import grams
from generator.rules.lexicon import CLASS_OF

WINDOW = 12  # a run this long shared with the source counts as reused wording
HEDGE = re.compile("有时候|有的时候|有些时候|有时|往往|常常|时常|总是")
ECHO = 4  # a closing that repeats the title's first four characters echoes it
_LONGEST = 2048  # texts up to this long are cut into windows by map() over precomputed slices (C speed)
_WINDOWS = [slice(i, i + WINDOW) for i in range(_LONGEST)]
_FOURS = [slice(i, i + 4) for i in range(_LONGEST)]


@functools.cache
def _lengths_by_first() -> dict[str, tuple[int, ...]]:
    """For each first character of a lexicon word, the lengths of the words it begins, longest first."""
    lengths: dict[str, set[int]] = {}
    for word in CLASS_OF:
        lengths.setdefault(word[0], set()).add(len(word))
    return {ch: tuple(sorted(ns, reverse=True)) for ch, ns in lengths.items()}

# How much each fault weighs against one unit of source coverage (the share of characters in a shared run).
WEIGHTS = {
    "coverage": 1.0,  # novelty: say it in other words
    "echo": 0.25,  # the closing repeats the title
    "unsupported": 0.4,  # the body does not take up the title's subject (the share of it left unsaid)
    "hedges": 0.1,  # each 有时/往往 beyond the source item's own, and each 仍 beyond two
    "repeat": 0.05,  # each 4-character run said twice
    "borrowed": 0.04,  # each unit from another item
    "rhythm": 0.05,  # each sentence more or fewer than the source item's
    "reuse": 0.05,  # each use of a varied word's class beyond the source item's own uses of it
    # each planned unit the realiser had to leave out: the argument then jumps from cause to result (the commonest
    # fault blind readers found in rounds 8-10)
    "gaps": 0.05,
    # it ends on a unit after which the source's sentence went on: 有时感到上面有领导，下面有职工，交任务多。 with
    # the 自己动手有所减少 it led to left out (readers of round 11: an ending cut off)
    "cut_short": 0.2,
}


_CONJUNCTION = re.compile("[与和及、]")


def _unsupported(subject: str, body: str) -> float:
    """The share of the subject's conjuncts that the body does not take up: none of the character pairs
    that are its own (批评与自我批评 over a body about 相互批评 alone: 自我批评 is left unsaid, so 0.5)."""
    conjuncts = [x for x in _CONJUNCTION.split(subject) if len(x) >= 2]
    if not conjuncts:
        return 0.0
    pairs = [{x[i : i + 2] for i in range(len(x) - 1)} for x in conjuncts]
    unsaid = 0
    for k, own in enumerate(pairs):
        others = set().union(*(p for j, p in enumerate(pairs) if j != k))
        own = own - others or own
        unsaid += not any(p in body for p in own)
    return unsaid / len(conjuncts)


BUGOU = -1  # the class class_counts gives to every 不够
_PIECE = re.compile("[，。；：！？、]")
PIECES_REMEMBERED = 100_000  # clause texts whose class counts are kept: a batch says the same clauses again and again


def class_counts(text: str) -> dict[int, int]:
    """How often each alternation class of the lexicon (缺乏/缺少/欠缺, 还不够/仍不够 …) is said in text: a class said
    more often than the source item says it (仍不够…仍不够…仍不够) reads as padding. No member spans a punctuation
    mark, so the text is counted piece by piece, and each piece once."""
    counts: dict[int, int] = {}
    for piece in _PIECE.split(text):
        for cls in _piece_classes(piece):
            counts[cls] = counts.get(cls, 0) + 1
    return counts


@functools.lru_cache(maxsize=PIECES_REMEMBERED)
def _piece_classes(piece: str) -> tuple[int, ...]:
    """The classes of the lexicon words in a piece, read left to right, the longest word at each place (a scan
    over a table of first characters: a regex of the 500 words took 8 ms to compile, at every start-up)."""
    table = _lengths_by_first()
    found: list[int] = []
    i, n = 0, len(piece)
    while i < n:
        for length in table.get(piece[i], ()):
            cls = CLASS_OF.get(piece[i : i + length])
            if cls is not None:
                found.append(cls)
                i += length
                break
        else:
            i += 1
    # and 不够 however it is said (还不够, 不够严格, 不够及时 …): 把关不够严格……审核不够细致……还不够扎实
    found.extend([BUGOU] * piece.count("不够"))
    return tuple(found)


class Candidate(NamedTuple):
    title: str
    body: str
    subject: str
    item: int  # the source item the paragraph follows (an index into the Ranker's source texts)
    borrowed: int
    left_out: int = 0  # planned units the realiser could not say
    cut_short: bool = False  # it ends where the source's sentence went on


class Ranker:
    """Scores candidates against one corpus's source texts, one per item."""

    def __init__(self, source_texts: Iterable[str]) -> None:
        windows: set[str] = set()
        self._hedges: list[int] = []  # per item: its 有时/往往…, and its sentences, counted once
        self._sentences: list[int] = []
        self._classes: list[dict[int, int]] = []
        for text in source_texts:
            self._classes.append(class_counts(text))
            windows.update(grams(text, _WINDOWS, WINDOW))
            self._hedges.append(len(HEDGE.findall(text)))
            self._sentences.append(text.count("。"))
        self._windows = frozenset(windows)

    def coverage(self, text: str) -> float:
        """Share of the text's characters that lie in a 12-character run of the source."""
        count = len(text) - WINDOW + 1
        if count <= 0:
            return 0.0
        slices = _WINDOWS[:count] if count <= _LONGEST else [slice(i, i + WINDOW) for i in range(count)]
        hits = map(self._windows.__contains__, map(text.__getitem__, slices))
        covered = end = 0
        for start in compress(range(count), hits):  # the union of the shared windows
            covered += WINDOW - max(0, end - start)
            end = start + WINDOW
        return covered / len(text)

    def faults(self, c: Candidate) -> dict[str, float]:
        closing = re.split("[。；，]", c.body.rstrip("。"))[-1]
        count = max(0, len(c.body) - 3)  # (a negative count would slice _FOURS from its end)
        fours = _FOURS[:count] if count <= _LONGEST else [slice(i, i + 4) for i in range(count)]
        runs = [r for r in map(c.body.__getitem__, fours) if "，" not in r]
        return {
            "coverage": self.coverage(c.title + "。" + c.body),
            "echo": float(len(c.title) >= ECHO and c.title[:ECHO] in closing),
            "unsupported": _unsupported(c.subject, c.body),
            "hedges": float(max(0, len(HEDGE.findall(c.body)) - self._hedges[c.item])
                            + max(0, c.body.count("仍") - 2)),  # 仍不够…仍不够…仍不够
            "repeat": float(len(runs) - len(set(runs))),
            "borrowed": float(c.borrowed),
            "rhythm": float(abs(c.body.count("。") - self._sentences[c.item])),
            "reuse": float(self._reuse(c.title + "。" + c.body, c.item)),
            "gaps": float(c.left_out),
            "cut_short": float(c.cut_short),
        }

    def _reuse(self, text: str, item: int) -> int:
        own = self._classes[item]
        return sum(max(0, n - own.get(cls, 0)) for cls, n in class_counts(text).items())

    def score(self, c: Candidate) -> float:
        return sum(WEIGHTS[k] * v for k, v in self.faults(c).items())
