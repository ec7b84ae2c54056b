"""Checks every generated paragraph must pass: no copying from the source, no mechanical defects.

The sampler runs both on every draw, so they avoid Python-level loops over characters: windows are
taken with precomputed slice objects through map(), which runs in C.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

from generator.rules.lexicon import PROTECTED

COPY_RUN = 21  # a shared run of more than 20 characters counts as copying
REPEAT_RUN = 8  # an 8-character run within a clause must not occur twice in one paragraph
PUNCT = "，。、；：！？,.;:!?"
_DOUBLED = re.compile(f"[{PUNCT}][{PUNCT}]")
# A letter of any script but Latin: on this genre's text, a Han character. Not [\u4e00-\u9fff]: CPython
# compiles a range of 21,000 characters in 0.7-1.1 ms, at every start-up (half the cold start's margin).
HAN = r"[^\W\d_A-Za-z]"
_STUTTER = re.compile(f"({HAN}{{2,6}})\\1")  # 学习学习, 一定程度上一定程度上
# Function characters that no word of the genre doubles (常常, 往往 are words; 对对方 is 对 + 对方): 还还没有
_STUTTER_ONE = re.compile("还还|仍仍|的的|了了|也也|都都|并并")
_SENTENCE_END = re.compile("[。！？；]")
_CLAUSE_MARKS = re.compile("[，。；：！？,.;:!?]")
_QUOTES = re.compile("[“”]")
_MAX_WINDOWS = 1024
MEMO_MAX = 200_000  # answers a SourceGuard remembers per question before it starts afresh
# Quoted words and fixed formulations (lexicon.PROTECTED): each counts as one character against the source.
_FIXED = re.compile("“[^“”]{1,60}”|" + "|".join(map(re.escape, sorted(PROTECTED, key=len, reverse=True))))


def _mark(match: re.Match[str]) -> str:
    return chr(0xE000 + zlib.crc32(match.group().encode()) % 0x1800)


def mask(text: str) -> str:
    """The text with each quotation and fixed formulation as one private-use character (stable per string)."""
    return _FIXED.sub(_mark, text)


def windows(width: int) -> list[slice]:
    """The slices grams() cuts a text with, for windows of `width` characters."""
    return [slice(i, i + width) for i in range(_MAX_WINDOWS)]


_COPY_SLICES = windows(COPY_RUN)
_NEAR_SLICES = windows(COPY_RUN - 1)
_REPEAT_SLICES = windows(REPEAT_RUN)


def grams(text: str, slices: list[slice], width: int) -> Iterable[str]:
    """Every `width`-character window of text (C-speed for texts under _MAX_WINDOWS characters)."""
    count = len(text) - width + 1
    if count <= 0:
        return ()
    if count <= _MAX_WINDOWS:
        return map(text.__getitem__, slices[:count])
    return (text[i : i + width] for i in range(count))


def sentences(text: str) -> list[str]:
    """Sentences without their final punctuation, split at 。！？；."""
    return [s for s in _SENTENCE_END.split(text) if s]


class SourceGuard:
    """Anti-copy guard: every 21-character run and every whole sentence of the source."""

    def __init__(self, source_texts: Iterable[str]) -> None:
        runs: set[str] = set()
        whole: set[str] = set()
        for text in map(mask, source_texts):
            runs.update(grams(text, _COPY_SLICES, COPY_RUN))
            whole.update(sentences(text))
        self._runs = frozenset(runs)
        # Runs one shorter: a clause holding one of these becomes a copy once punctuation joins it.
        self._near = frozenset(r[1:] for r in runs) | frozenset(r[:-1] for r in runs)
        self._sentences = frozenset(whole)
        # The sampler asks about the same clauses and joins again and again: answers are kept per text.
        self._in_context: dict[str, bool] = {}
        self._joins: dict[tuple[str, str], bool] = {}

    def near_copy(self, clause: str) -> bool:
        """Whether a clause (without its punctuation) holds a 20-character run of the source."""
        clause = mask(clause)
        return any(map(self._near.__contains__, grams(clause, _NEAR_SLICES, COPY_RUN - 1)))

    def copies_in_context(self, clause: str) -> bool:
        """Whether a clause holds a 20-character source run, or would make a 21-character one with the
        ， or 。 that stands before or after it (发现问题、研究问题、破解问题的动力不足 + 。)."""
        known = self._in_context.get(clause)
        if known is None:
            if len(self._in_context) >= MEMO_MAX:
                self._in_context.clear()
            known = self._in_context[clause] = self._copies_in_context(clause)
        return known

    def _copies_in_context(self, clause: str) -> bool:
        clause = mask(clause)
        if self.near_copy(clause):
            return True
        n = len(clause)
        if n < COPY_RUN - 2:
            return False
        marks = "，。"
        if n == COPY_RUN - 2:
            windows = [b + clause + a for b in marks for a in marks]
        else:
            windows = [b + clause[: COPY_RUN - 1] for b in marks] + [clause[1 - COPY_RUN :] + a for a in marks]
        return any(map(self._runs.__contains__, windows))

    def joins_copy(self, left: str, right: str) -> bool:
        """Whether putting `right` after `left` (with ， or 。 between) makes a 21-character source run that
        spans the join; a run inside either piece is the clause check's business."""
        known = self._joins.get((left, right))
        if known is None:
            if len(self._joins) >= MEMO_MAX:
                self._joins.clear()
            known = self._joins[left, right] = self._joins_copy(left, right)
        return known

    def _joins_copy(self, left: str, right: str) -> bool:
        runs = self._runs
        left, right = mask(left), mask(right)
        tail, head = left[-(COPY_RUN - 1):], right[: COPY_RUN - 1]
        for mark in "，。":
            joined = tail + mark + head
            cut = len(tail)  # index of the mark
            # windows holding at least one character from each side of the mark
            for start in range(max(0, cut - COPY_RUN + 2), min(cut - 1, len(joined) - COPY_RUN) + 1):
                if joined[start : start + COPY_RUN] in runs:
                    return True
        return False

    def copied(self, text: str) -> str | None:
        """The first copied piece of `text` (a source sentence or a 21-character run), or None."""
        text = mask(text)
        for sentence in sentences(text):
            if sentence in self._sentences:
                return sentence
        runs = self._runs
        if not any(map(runs.__contains__, grams(text, _COPY_SLICES, COPY_RUN))):
            return None
        return next(g for g in grams(text, _COPY_SLICES, COPY_RUN) if g in runs)


def defects(text: str) -> list[str]:
    """Mechanical defects a reader would notice at once; empty when the paragraph is clean."""
    found: list[str] = []
    quotes = "".join(_QUOTES.findall(text))
    if quotes != "“”" * (len(quotes) // 2):  # quotes of this genre never nest: “…”“…”
        found.append("引号不配对")
    if _DOUBLED.search(text):
        found.append("标点重复")
    match = _STUTTER.search(text) or _STUTTER_ONE.search(text)
    if match:
        found.append(f"词语重复：{match.group(0)}")
    # Windows within clauses only: a run across a mark is the head of a parallel clause (了；有的时候存在……
    # 了；有的时候存在……), which the genre writes on purpose; a stutter lies inside clauses.
    windows = max(0, len(text) - REPEAT_RUN + 1)
    seen: set[str] = set()
    pieces = () if len(set(grams(text, _REPEAT_SLICES, REPEAT_RUN))) == windows else _CLAUSE_MARKS.split(text)
    for piece in pieces:  # (no run repeats at all: nothing to look at clause by clause)
        runs = list(grams(piece, _REPEAT_SLICES, REPEAT_RUN))
        if len(set(runs)) != len(runs) or not seen.isdisjoint(runs):
            found.append("段内有 8 字重复")
            break
        seen.update(runs)
    if not text.endswith("。"):
        found.append("末尾没有句号")
    return found
