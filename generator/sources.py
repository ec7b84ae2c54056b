"""Which files make up a corpus, and their bytes: all that is needed to fingerprint it.

Separate from corpus.py (the parser, with its regular expressions) so that checking a cached model
at start-up costs no parsing and no regex compilation.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import CorpusError, reason


def display_name(path: Path) -> str:
    """A file's name as text that can always be printed and stored.

    A name that is not valid in the file system encoding (GBK bytes from a zip made on Windows,
    unpacked on Linux) comes back from the OS with surrogate escapes, which no UTF-8 writer accepts:
    decode its bytes as GB18030 when they are that, else show the odd bytes as \\xNN.
    """
    name = path.name
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        data = os.fsencode(name)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("utf-8", "backslashreplace")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"无法读取文件（{reason(exc)}）；请检查文件是否存在、是否有读取权限",
                          source=display_name(path)) from exc


def corpus_files(path: str | Path) -> list[Path]:
    """The files a corpus path stands for: itself, or a folder's *.txt files sorted by name."""
    path = Path(path)
    try:
        return _corpus_files(path)
    except OSError as exc:  # a name too long, a folder on the way without search permission …
        raise CorpusError(f"无法打开（{reason(exc)}）；请检查语料路径和权限", source=str(path)) from exc


def _corpus_files(path: Path) -> list[Path]:
    if path.is_dir():
        try:
            files = sorted(
                (p for p in path.iterdir() if p.suffix.lower() == ".txt" and not p.name.startswith(".")),
                key=lambda p: p.name,
            )
        except OSError as exc:
            raise CorpusError(f"无法读取文件夹（{reason(exc)}）；请检查读取权限", source=str(path)) from exc
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


# About 1,100 times the bundled corpus: compiling takes about a minute (6 s at 0.9 MB), and every
# command's set-up grows with the corpus. A real reference text is 10-50 KB.
MAX_CORPUS_BYTES = 10 * 2**20


def _check_size(files: list[Path], source: str) -> None:
    try:
        size = sum(p.stat().st_size for p in files)
    except OSError:
        return  # reading will say what is wrong
    if size > MAX_CORPUS_BYTES:
        raise CorpusError(f"语料共 {size / 2**20:.1f} MB，超过 {MAX_CORPUS_BYTES // 2**20} MB 的上限，"
                          "编译和生成会慢得无法使用；请只保留需要学习的参考材料（通常几十 KB 就够），"
                          "或分成几份分别使用", source=source)


def read_raw(path: str | Path) -> tuple[tuple[str, bytes], ...]:
    """(file name, bytes) of every file of a corpus: enough to fingerprint it without parsing.

    CorpusError beyond MAX_CORPUS_BYTES, checked before anything is read.
    """
    files = corpus_files(path)
    _check_size(files, display_name(Path(path)))
    return tuple((display_name(p), _read_bytes(p)) for p in files)
