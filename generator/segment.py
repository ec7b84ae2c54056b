"""Word segmentation with a private jieba tokenizer (never jieba's module-level state).

Imported only while compiling a corpus; generation never touches this module.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

Token = tuple[str, str]  # (word, part-of-speech flag)


class Segmenter(Protocol):
    def __call__(self, text: str) -> list[Token]: ...


def jieba_version() -> str:
    import jieba

    return str(jieba.__version__)


def make_segmenter(user_words: Iterable[tuple[str, int, str]], cache_dir: Path | None) -> Segmenter:
    """A POS segmenter over a fresh jieba.Tokenizer that knows the user dictionary's words."""
    import jieba
    import jieba.posseg

    # jieba installs a DEBUG stderr handler on its own logger at import; keep it quiet.
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    if cache_dir is not None:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            tokenizer.tmp_dir = os.fspath(cache_dir)
        except OSError:
            log.debug("jieba cache folder %s not writable; using the temp folder", cache_dir)
    tokenizer.initialize()
    for word, freq, tag in user_words:
        tokenizer.add_word(word, freq, tag)
    pos = jieba.posseg.POSTokenizer(tokenizer)

    def segment(text: str) -> list[Token]:
        return [(p.word, p.flag) for p in pos.lcut(text)]

    return segment


def read_user_dict(path: Path) -> list[tuple[str, int, str]]:
    """Parse a jieba user dictionary: `word [freq] [tag]` per line; # starts a comment."""
    words: list[tuple[str, int, str]] = []
    for raw in path.read_text(encoding="utf-8-sig").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1000
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else "n"
        words.append((word, freq, tag))
    return words
