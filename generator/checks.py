"""Checks every generated paragraph must pass: no copying from the source, no mechanical defects.

The sampler calls `SourceGuard.rejects` on each draw; the evaluation script reports `defects`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

COPY_RUN = 21  # a shared run of more than 20 characters counts as copying
REPEAT_RUN = 8  # an 8-character run must not occur twice in one paragraph
PUNCT = "，。、；：！？,.;:!?"
_DOUBLED = re.compile(f"[{PUNCT}][{PUNCT}]")
_STUTTER = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
_SENTENCE_END = re.compile("[。！？；]")


def sentences(text: str) -> list[str]:
    """Sentences without their final punctuation, split at 。！？；."""
    return [s for s in _SENTENCE_END.split(text) if s]


class SourceGuard:
    """Anti-copy guard: every 21-character run and every whole sentence of the source."""

    def __init__(self, source_texts: Iterable[str]) -> None:
        runs: set[str] = set()
        whole: set[str] = set()
        for text in source_texts:
            runs.update(text[i : i + COPY_RUN] for i in range(len(text) - COPY_RUN + 1))
            whole.update(sentences(text))
        self._runs = frozenset(runs)
        # Runs one shorter: a clause holding one of these becomes a copy once punctuation joins it.
        self._near = frozenset(r[1:] for r in runs) | frozenset(r[:-1] for r in runs)
        self._sentences = frozenset(whole)

    def near_copy(self, clause: str) -> bool:
        """Whether a clause (without its punctuation) holds a 20-character run of the source."""
        near = self._near
        return any(clause[i : i + COPY_RUN - 1] in near for i in range(len(clause) - COPY_RUN + 2))

    def copied(self, text: str) -> str | None:
        """The first copied piece of `text` (a source sentence or a 21-character run), or None."""
        for sentence in sentences(text):
            if sentence in self._sentences:
                return sentence
        runs = self._runs
        for i in range(len(text) - COPY_RUN + 1):
            piece = text[i : i + COPY_RUN]
            if piece in runs:
                return piece
        return None


def defects(text: str) -> list[str]:
    """Mechanical defects a reader would notice at once; empty when the paragraph is clean."""
    found: list[str] = []
    depth = 0
    for ch in text:
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth -= 1
            if depth < 0:
                break
    if depth != 0:
        found.append("引号不配对")
    if _DOUBLED.search(text):
        found.append("标点重复")
    match = _STUTTER.search(text)
    if match:
        found.append(f"词语重复：{match.group(0)}")
    grams = [text[i : i + REPEAT_RUN] for i in range(len(text) - REPEAT_RUN + 1)]
    if len(set(grams)) != len(grams):
        found.append("段内有 8 字重复")
    if not text.endswith("。"):
        found.append("末尾没有句号")
    return found
