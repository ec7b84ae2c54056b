"""Which files make up a corpus, and their bytes: all that is needed to fingerprint it.

Separate from corpus.py (the parser, with its regular expressions) so that checking a cached model
at start-up costs no parsing and no regex compilation.
"""

from __future__ import annotations

from pathlib import Path

from .errors import CorpusError


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise CorpusError(f"无法读取文件（{reason}）；请检查文件是否存在、是否有读取权限", source=path.name) from exc


def corpus_files(path: str | Path) -> list[Path]:
    """The files a corpus path stands for: itself, or a folder's *.txt files sorted by name."""
    path = Path(path)
    if path.is_dir():
        try:
            files = sorted(
                (p for p in path.iterdir() if p.suffix.lower() == ".txt" and not p.name.startswith(".")),
                key=lambda p: p.name,
            )
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise CorpusError(f"无法读取文件夹（{reason}）；请检查读取权限", source=str(path)) from exc
        files = [p for p in files if p.is_file()]
        if not files:
            raise CorpusError(
                "文件夹里没有 .txt 文件；请把批评意见参考材料存成 .txt 文本文件放进这个文件夹",
                source=str(path),
            )
        return files
    if path.is_file():
        return [path]
    if path.exists():
        raise CorpusError("既不是普通文件也不是文件夹；请给出 .txt 文件或存放 .txt 文件的文件夹", source=str(path))
    raise CorpusError("找不到这个文件或文件夹；请检查语料路径是否写对", source=str(path))


def read_raw(path: str | Path) -> tuple[tuple[str, bytes], ...]:
    """(file name, bytes) of every file of a corpus: enough to fingerprint it without parsing."""
    return tuple((p.name, _read_bytes(p)) for p in corpus_files(path))
