"""How much a piece of fixed text reads like each category: a character-bigram naive Bayes.

The sampler uses it to let templates cross categories only where their fixed words fit.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence


def _grams(text: str) -> list[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    return [a + b for a, b in itertools.pairwise(chars)]


class BigramBayes:
    """Multinomial naive Bayes over character bigrams with add-one smoothing."""

    def __init__(self, texts_by_category: Sequence[Sequence[str]]) -> None:
        self.counts = [Counter(g for t in texts for g in _grams(t)) for texts in texts_by_category]
        self.totals = [sum(c.values()) for c in self.counts]
        self.vocab = len(set().union(*self.counts)) + 1

    def posterior(self, text: str, temperature: float = 1.0) -> list[float]:
        """P(category | text); temperature > 1 flattens it (scores are divided by temperature)."""
        grams = _grams(text)
        scores = []
        for counts, total in zip(self.counts, self.totals, strict=True):
            denom = math.log(total + self.vocab)
            scores.append(sum(math.log(counts[g] + 1) - denom for g in grams))
        scores = [s / temperature for s in scores]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        z = sum(exps)
        return [e / z for e in exps]
