"""Which files make up a corpus, and their decoded text: all that is needed to fingerprint it.

Separate from corpus.py (the parser, with its regular expressions) so that checking a cached model
at start-up costs a decode but no parsing. A .docx file's text (with its list numbers written out)
comes from docx_read.py, which is imported only when a corpus has one.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from generator import hints
from generator.errors import CorpusError, reason


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


# The kinds of file a corpus folder is made of; anything else in the folder is left alone.
CORPUS_SUFFIXES = (".txt", ".md", ".docx")

_SAVE_AS_UTF8 = "请用记事本等编辑器把它另存为 UTF-8 编码的 .txt 文本文件"
_ZIP_MAGIC = b"PK\x03\x04"  # a .docx is a zip package
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc (and .xls, .ppt)

# C0/C1 control characters that never belong in a text file (tab, LF, VT, FF, CR are allowed).
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")

# Characters written the same in simplified and traditional Chinese and frequent in any Chinese text:
# in a Big5 file read as GBK they are rare (the bytes become unrelated characters), read as Big5 common.
_COMMON_HAN = frozenset("的一是不了在人有我他大中上到以和地出就也要子可下而自之年生用作方多行心能好事成所同面主工"
                        "分理水力公明本天民性然定部其意加高五解政化相法")


@dataclass(frozen=True)
class Source:
    """One corpus file's decoded text (LF line ends, no BOM), not yet normalised."""

    name: str
    text: str
    whole_lines: bool  # every line is a whole paragraph (a .docx): a line never continues the one before
    markdown: bool = False  # .md or .docx: # headings and **bold** are read as Markdown from the start

    @property
    def kind(self) -> str:
        """One letter for the fingerprint: the same text is read differently as Word, Markdown or plain text."""
        return "w" if self.whole_lines else "m" if self.markdown else "t"


@dataclass(frozen=True)
class Sources:
    """The readable files of a corpus, and the files of a folder that could not be read (name, why)."""

    files: tuple[Source, ...]
    unreadable: tuple[tuple[str, str], ...] = ()
    folder: bool = False  # read from a folder: a file without categories is skipped, not an error


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"无法读取文件（{reason(exc)}）；请检查文件是否存在、是否有读取权限",
                          source=display_name(path)) from exc


def _is_corpus_file(p: Path) -> bool:
    # "~$x.docx" is the lock file Word keeps next to an open document.
    return p.suffix.lower() in CORPUS_SUFFIXES and not p.name.startswith((".", "~$"))


def corpus_files(path: str | Path) -> list[Path]:
    """The files a corpus path stands for: itself, or a folder's .txt, .md and .docx files sorted by name."""
    path = Path(path)
    try:
        return _corpus_files(path)
    except OSError as exc:  # a name too long, a folder on the way without search permission …
        raise CorpusError(f"无法打开（{reason(exc)}）；请检查语料路径和权限", source=str(path)) from exc


def _corpus_files(path: Path) -> list[Path]:
    if path.is_dir():
        try:
            entries = sorted(path.iterdir(), key=lambda p: p.name)  # listed once: files, subfolders, old Word files
        except OSError as exc:
            raise CorpusError(f"无法读取文件夹（{reason(exc)}）；请检查读取权限", source=str(path)) from exc
        files = [p for p in entries if _is_corpus_file(p) and p.is_file()]
        subfolders = [p.name for p in entries if p.is_dir() and not p.name.startswith(".")]
        if subfolders:
            hints.logger(__name__).warning("没有读取子文件夹 %s 里的文件；需要的话请把它们移到 %s 里",
                                           "、".join(subfolders), display_name(path))
        old_word = [p.name for p in entries if p.suffix.lower() == ".doc" and not p.name.startswith((".", "~$"))]
        if not files and old_word:
            raise CorpusError("文件夹里只有旧版 Word（.doc）文件；请在 Word 或 WPS 里把它们另存为 .docx",
                              source=str(path))
        if old_word:
            hints.logger(__name__).warning("没有读取旧版 Word（.doc）文件 %s；需要的话请在 Word 或 WPS 里另存为 .docx",
                                           "、".join(old_word))
        if not files:
            raise CorpusError(
                "文件夹里没有 .txt、.md 或 .docx 文件；请把批评意见参考材料（Word 文档或文本文件）放进这个文件夹",
                source=str(path),
            )
        return files
    if path.is_file():
        return [path]
    if path.exists():
        raise CorpusError("既不是普通文件也不是文件夹；请给出 .txt、.docx 文件或存放它们的文件夹", source=str(path))
    raise CorpusError("找不到这个文件或文件夹；请检查语料路径是否写对", source=str(path))


# About 1,100 times the bundled corpus. Compiling is linear in size (about 15 µs per character
# after jieba's 1.3 s set-up: 5.9 s at 0.9 MB, 47 s at 9.1 MB), so the limit is about a minute;
# a real reference text is 10-50 KB.
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
    """(file name, bytes) of every file of a corpus.

    CorpusError beyond MAX_CORPUS_BYTES, checked before anything is read.
    """
    files = corpus_files(path)
    _check_size(files, display_name(Path(path)))
    return tuple((display_name(p), _read_bytes(p)) for p in files)


def _han_share(text: str) -> tuple[float, int]:
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    return sum(c in _COMMON_HAN for c in han) / max(1, len(han)), len(han)


def _looks_like_big5(data: bytes, as_gb: str) -> bool:
    """Whether bytes that decode as GB18030 are in fact Big5 (traditional Chinese)."""
    try:
        as_big5 = data.decode("big5")
    except UnicodeDecodeError:
        return False
    gb_share, count = _han_share(as_gb)
    big5_share, _ = _han_share(as_big5)
    return count >= 10 and big5_share >= 0.08 and big5_share > 3 * gb_share


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a text corpus file's bytes; the result has no BOM but is otherwise not normalised.

    UTF-8 (with or without BOM), UTF-16/UTF-32 with BOM, then GB18030 (a superset of GBK).
    Raises CorpusError for binary data, Big5, or an unknown encoding.
    """
    if data.startswith(_OLE_MAGIC):
        raise CorpusError("这是旧版 Word（.doc）文件；请在 Word 或 WPS 里把它另存为 .docx 再试", source=source)
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-32",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    elif data.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    else:
        if b"\x00" in data:
            raise CorpusError(
                f"不是文本文件（含有二进制数据，或是不带 BOM 的 UTF-16/UTF-32）；{_SAVE_AS_UTF8}", source=source
            )
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise CorpusError(f"无法识别文件编码（不是 UTF-8、UTF-16，也不是 GB18030/GBK）；{_SAVE_AS_UTF8}", source=source)
    if encoding == "gb18030" and _looks_like_big5(data, text):
        raise CorpusError(f"文件是繁体中文 Big5 编码，无法直接读取；{_SAVE_AS_UTF8}", source=source)
    text = text.removeprefix("\ufeff")
    # A few stray control characters are dropped by normalise_text; many mean binary data.
    if "\x00" in text or 100 * len(CONTROL_RE.findall(text)) > len(text):
        raise CorpusError(f"不是文本文件（含有大量控制字符）；{_SAVE_AS_UTF8}", source=source)
    return text


def decode_file(name: str, data: bytes) -> Source:
    """One corpus file as text: a Word document (by extension, or a zip under another name) or a text file."""
    if name.lower().endswith(".docx") or data.startswith(_ZIP_MAGIC):
        from generator.read.docx_read import docx_text

        return Source(name, docx_text(data, name), whole_lines=True, markdown=True)
    text = decode_bytes(data, name).replace("\r\n", "\n").replace("\r", "\n")
    return Source(name, text, whole_lines=False, markdown=name.lower().endswith(".md"))


def decode_raw(raw: tuple[tuple[str, bytes], ...], *, folder: bool) -> Sources:
    """Decode every file; in a folder, a file that cannot be read is skipped with a warning.

    Raises the first file's CorpusError when no file of the folder can be read (or for a single file).
    """
    files: list[Source] = []
    unreadable: list[tuple[str, str]] = []
    first: CorpusError | None = None
    for name, data in raw:
        try:
            files.append(decode_file(name, data))
        except CorpusError as exc:
            if not folder:
                raise
            first = first or exc
            unreadable.append((name, str(exc)))
    if not files and first is not None:
        raise first  # the error says it all: no warning before it
    for _name, why in unreadable:
        hints.logger(__name__).warning("已跳过 %s", why)
    return Sources(tuple(files), tuple(unreadable), folder)


def read_sources(path: str | Path) -> Sources:
    """The decoded files of a corpus path (a file, or a folder of .txt, .md and .docx files)."""
    return decode_raw(read_raw(path), folder=Path(path).is_dir())
