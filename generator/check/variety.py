"""How much a paragraph says again what earlier paragraphs of the same run have said.

A run of a category with three items gives its fourth paragraph to an item already followed. Drawn once,
that paragraph shares most of its wording with the first (a median of 0.69 of its 6-character runs on the
bundled corpus): the same argument with two words swapped, which a reader takes for a copy. A RunMemory
holds the runs of what the run has said so far, so that the caller can redraw such a paragraph and keep
the one that says its problem most differently."""

from __future__ import annotations

from generator.check.checks import grams, windows

WIDTH = 6  # runs of this many characters: long enough to be wording, not a shared word or two
_SLICES = windows(WIDTH)


def _grams(text: str) -> set[str]:
    return set(grams(text, _SLICES, WIDTH))


class RunMemory:
    """The WIDTH-character runs of the paragraphs a run has kept."""

    def __init__(self) -> None:
        self._said: set[str] = set()

    def resemblance(self, text: str) -> float:
        """The share of text's runs that an earlier paragraph of the run already has (0 for a text too short)."""
        grams = _grams(text)
        return len(grams & self._said) / len(grams) if grams else 0.0

    def add(self, text: str) -> None:
        self._said |= _grams(text)
