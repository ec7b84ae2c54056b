"""Word segmentation with a private jieba tokenizer (never jieba's module-level state).

Imported only while compiling a corpus; generation never touches this module.
"""

from __future__ import annotations

import contextlib
import logging
import marshal
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

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
    _initialize(tokenizer, cache_dir)
    for word, freq, tag in user_words:
        tokenizer.add_word(word, freq, tag)
    pos = jieba.posseg.POSTokenizer(tokenizer)

    def segment(text: str) -> list[Token]:
        return [(p.word, p.flag) for p in pos.lcut(text)]

    return segment


def _initialize(tokenizer: Any, cache_dir: Path | None) -> None:
    """Give the tokenizer its prefix dictionary, from our own cache when it is there and sound.

    jieba's Tokenizer.initialize() would write its cache itself: into the temp folder when ours is
    unusable, with "Dump cache file failed." and a traceback when it cannot, leaving a 9 MB tmpXXXX
    behind. Here the cache is a file we name, written atomically, and silently skipped when it cannot
    be written (compiling only takes a second longer then).
    """
    import jieba

    key = f"jieba-{jieba.__version__}-default-dict"
    path = None if cache_dir is None else cache_dir / f"{key}.marshal"
    loaded = _read_cache(path, key) if path is not None else None
    if loaded is None:
        loaded = tokenizer.gen_pfdict(tokenizer.get_dict_file())
        if path is not None:
            _write_cache(path, key, loaded)
    tokenizer.FREQ, tokenizer.total = loaded
    tokenizer.initialized = True


def _read_cache(path: Path, key: str) -> tuple[dict[str, int], int] | None:
    try:
        with path.open("rb") as f:
            found = marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (isinstance(found, tuple) and len(found) == 3 and found[0] == key and isinstance(found[1], dict)
            and isinstance(found[2], int) and found[2] > 0):
        return found[1], found[2]
    return None


def _write_cache(path: Path, key: str, value: tuple[dict[str, int], int]) -> None:
    from generator.render import output

    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = output.temp_file(path)
        with os.fdopen(fd, "wb") as f:
            marshal.dump((key, *value), f)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        log.debug("jieba cache %s not written (%s)", path, exc)
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


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
