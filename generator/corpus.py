"""Reading a criticism-opinion corpus: bytes -> text -> categories of numbered items.

No jieba here: this module is imported on every run (the fingerprint needs the text).

A corpus file looks like the seed ``corpus/000_*.txt``::

    2023 年主题教育民主生活会          <- preamble, ignored
    （一）在理论学习方面的问题          <- heading: category 理论学习
    1.理论学习缺乏深度。对……           <- item: title up to the first 。, then the body
    ……发现                              <- a page break split the line:
    问题、研究问题……                    <- continuation, joined with no space

Parsing is line by line with anchored, bounded regular expressions, so it is linear in the
size of the input (a 2 MB line is fine).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.errors import CorpusError
from generator.sources import corpus_files as corpus_files
from generator.sources import read_raw as read_raw

__all__ = [
    "Category",
    "Corpus",
    "Item",
    "decode_bytes",
    "normalise_text",
    "parse_text",
    "read_corpus",
]


@dataclass(frozen=True)
class Item:
    """One numbered item: a short title and the body that follows it."""

    title: str
    body: str
    source: str  # file name the item came from
    line: int  # 1-based line of the item's number in that file


@dataclass(frozen=True)
class Category:
    """A section of the corpus, e.g. 理论学习, with its items in corpus order."""

    name: str  # core phrase: 理论学习 from （一）在理论学习方面的问题
    heading: str  # the heading as written, normalised
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Corpus:
    """A whole corpus: categories in first-seen order; the same name in several files merges."""

    categories: tuple[Category, ...]
    texts: tuple[tuple[str, str], ...]  # (file name, normalised text) per file, in reading order


# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------

_SAVE_AS_UTF8 = "请用记事本等编辑器把它另存为 UTF-8 编码的 .txt 文本文件"

# C0/C1 control characters that never belong in a text file (tab, LF, VT, FF, CR are allowed).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a corpus file's bytes; the result has no BOM but is otherwise not normalised.

    UTF-8 (with or without BOM), UTF-16/UTF-32 with BOM, then GB18030 (a superset of GBK).
    Raises CorpusError for binary data or an unknown encoding.
    """
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
    text = text.removeprefix("\ufeff")
    # A few stray control characters are dropped by normalise_text; many mean binary data.
    if "\x00" in text or 100 * len(_CONTROL_RE.findall(text)) > len(text):
        raise CorpusError(f"不是文本文件（含有大量控制字符）；{_SAVE_AS_UTF8}", source=source)
    return text


# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------

# Characters between which a space is meaningless in Chinese text: ideographs, kana, CJK and
# full-width punctuation, Chinese quotes, …, —, ·, circled numbers.
_CJK = (
    "\u00b7\u2014\u2018-\u201f\u2026\u2460-\u24ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff"
    "\u3100-\u312f\u31a0-\u31bf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
    "\uff00-\uffef\U00020000-\U0003134f"
)
_CJK_SPACE_RE = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_SPACES_RE = re.compile(r"\s+")
_INVISIBLE_RE = re.compile("[\ufeff\u200b\u2060]")
# Full-width digits of an item number at the start of a line: （１） １． １、
_FULLWIDTH_NUMBER_RE = re.compile(r"^([（(]?)([0-9０-９]{1,3})(?= ?[.．、)）])")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _ascii_number(match: re.Match[str]) -> str:
    return match.group(1) + match.group(2).translate(_FULLWIDTH_DIGITS)


def _normalise_line(line: str) -> str:
    line = _SPACES_RE.sub(" ", line).strip()
    if not line:
        return line
    line = _FULLWIDTH_NUMBER_RE.sub(_ascii_number, line, count=1) if line[0] in "（(０１２３４５６７８９" else line
    return _CJK_SPACE_RE.sub("", line)


def normalise_text(text: str) -> str:
    """Normalise decoded text without NFKC (which would turn （），：into ASCII).

    Drops BOMs, zero-width characters and stray control characters; turns CRLF and CR into LF;
    per line, collapses whitespace runs to one space, strips the ends, removes a space between
    two Chinese characters or punctuation marks, and turns full-width digits of an item number
    (１．) into ASCII. Line count and order are preserved, so line numbers stay valid.
    """
    text = _INVISIBLE_RE.sub("", text)
    text = _CONTROL_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(_normalise_line(line) for line in text.split("\n"))


# --------------------------------------------------------------------------------------------
# Structure
# --------------------------------------------------------------------------------------------

_CN = "[一二三四五六七八九十]{1,3}"
_HEADING_RE = re.compile(
    rf"[（(] ?(?P<a>{_CN}) ?[）)]"
    rf"|(?P<b>{_CN}) ?[、.．]"
    rf"|第(?P<c>{_CN})(?:部分|章|节|篇)"
)
_HEADING_MAX_LEN = 40
# A real item is a few hundred characters; compiling a much longer one would take minutes.
MAX_ITEM_CHARS = 5000
_ITEM_RE = re.compile(
    r"(?P<a>[0-9]{1,3}) ?(?:[.．、](?![0-9])|[)）])"
    r"|[（(] ?(?P<b>[0-9]{1,3}) ?[)）]"
    r"|(?P<c>[\u2460-\u249b])"  # ①..⑳, ⑴..⒇, ⒈..⒛
)
_NAME_PUNCT = " \t:：;；,，、.．。-—_·“”\"'‘’「」『』《》〈〉【】[]〔〕"
_NAME_SUFFIX_RE = re.compile(
    r"(?:方面(?:中|上)?(?:存在)?的?(?:突出|主要)?(?:问题|不足|差距|短板)?"
    r"|(?:中|上)?存在的?(?:突出|主要)?(?:问题|不足|差距|短板))$"
)


def _cn_number(text: str) -> int | None:
    """Value of a Chinese numeral 一..九十九, or None if it is not a well-formed one."""
    digits = "一二三四五六七八九"
    if len(text) == 1:
        return 10 if text == "十" else digits.index(text) + 1
    tens, ten, units = text.partition("十")
    if not ten or "十" in units or len(tens) > 1 or len(units) > 1:
        return None
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(units) + 1 if units else 0)


def _category_name(rest: str) -> str:
    """理论学习 from 在理论学习方面的问题, 关于“廉洁自律”：, 工作作风方面存在的问题 …"""
    name = rest.strip(_NAME_PUNCT)
    while True:
        before = name
        name = name.removeprefix("关于")
        suffix = _NAME_SUFFIX_RE.search(name)
        if suffix is not None and suffix.start() > 0:
            name = name[: suffix.start()]
            if len(name) > 1:
                name = name.removeprefix("在")
        name = name.strip(_NAME_PUNCT)
        if name == before:
            return name


def _excerpt(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass
class _OpenItem:
    line: int
    number: str
    parts: list[str]


@dataclass
class _Section:
    name: str
    heading: str
    line: int
    items: list[Item]


def _heading(line: str, lineno: int, source: str) -> tuple[str, str] | None:
    """(name, heading) if the line is a category heading, else None."""
    if len(line) > _HEADING_MAX_LEN or "。" in line:
        return None
    match = _HEADING_RE.match(line)
    if match is None:
        return None
    numeral = match.group("a") or match.group("b") or match.group("c")
    if _cn_number(numeral) is None:
        return None
    name = _category_name(line[match.end() :])
    if not name:
        raise CorpusError(
            f"类别标题“{line}”里没有类别名称；请写成“（一）在理论学习方面的问题”或“一、理论学习”这样的形式",
            source=source,
            line=lineno,
        )
    return name, line


def _close_item(item: _OpenItem, source: str) -> Item:
    text = "".join(item.parts).strip()
    if len(text) > MAX_ITEM_CHARS:
        raise CorpusError(
            f"条目“{_excerpt(text)}”有 {len(text)} 字，超过每条 {MAX_ITEM_CHARS} 字的上限（可能漏了换行或编号）；"
            "请把它拆成几条，每条以“1.”等编号开头",
            source=source,
            line=item.line,
        )
    if not text:
        raise CorpusError(
            f"编号“{item.number}”后面没有内容；请补上条目的标题和正文，或删去这个编号",
            source=source,
            line=item.line,
        )
    stop = text.find("。")
    if stop < 0:
        raise CorpusError(
            f"条目“{_excerpt(text)}”里没有句号“。”，分不出标题和正文；请在标题后加“。”再写正文",
            source=source,
            line=item.line,
        )
    title = text[:stop].strip()
    body = text[stop + 1 :].lstrip("。 ").strip()
    if not title:
        raise CorpusError("条目缺少标题（编号后面直接是句号）；请在句号前写上标题", source=source, line=item.line)
    if not body:
        raise CorpusError(
            f"条目“{_excerpt(title)}”只有标题没有正文；请在句号后写上具体内容，或删去这一条",
            source=source,
            line=item.line,
        )
    return Item(title=title, body=body, source=source, line=item.line)


_PAGE_NUMBER_RE = re.compile(
    r"^(?:[-—–－\s]*[0-9]{1,4}[-—–－\s]*"  # - 2 -
    r"|第\s*[0-9]{1,4}\s*页(?:\s*[,，/]?\s*共\s*[0-9]{1,4}\s*页)?"  # 第 3 页 共 10 页
    r"|[0-9]{1,4}\s*/\s*[0-9]{1,4})$"  # 3/10
)


def _parse_file(text: str, source: str) -> tuple[str, list[_Section]]:
    """Normalise one file's decoded text and split it into sections (not yet merged)."""
    normalised = normalise_text(text)
    lines = normalised.split("\n")
    if not any(lines):
        raise CorpusError("文件是空的；请放入批评意见参考材料的文本", source=source)

    sections: list[_Section] = []
    section: _Section | None = None
    item: _OpenItem | None = None
    stray_item = 0  # line of a numbered item before the first heading

    def close_section() -> None:
        nonlocal item
        if section is None:
            return
        if item is not None:
            section.items.append(_close_item(item, source))
            item = None
        if not section.items:
            raise CorpusError(
                f"类别“{section.name}”下面没有编号条目；每条批评意见应以“1.”“（1）”或“①”等编号开头，或删去这个空标题",
                source=source,
                line=section.line,
            )

    for lineno, line in enumerate(lines, start=1):
        if not line or _PAGE_NUMBER_RE.match(line):
            continue  # blank, or a page number left by a Word/PDF export (- 2 -, 第 3 页, 3/10)
        heading = _heading(line, lineno, source)
        if heading is not None:
            close_section()
            section = _Section(name=heading[0], heading=heading[1], line=lineno, items=[])
            sections.append(section)
            continue
        match = _ITEM_RE.match(line)
        if match is not None:
            if section is None:
                # Reported after the loop, so a file without any heading gets that message.
                stray_item = stray_item or lineno
                continue
            if item is not None:
                section.items.append(_close_item(item, source))
            item = _OpenItem(line=lineno, number=match.group(0).strip(), parts=[line[match.end() :]])
            continue
        if item is not None:
            item.parts.append(line)
        # Otherwise: preamble before the first heading, or an intro line between a heading and
        # its first item. Both are ignored.
    close_section()

    if not sections:
        raise CorpusError(
            "没有找到类别标题，例如“（一）在理论学习方面的问题”或“一、理论学习”；请在每一类批评意见前加上这样的标题",
            source=source,
        )
    if stray_item:
        raise CorpusError(
            "编号条目出现在第一个类别标题之前；请在它前面加上类别标题，例如“（一）在理论学习方面的问题”",
            source=source,
            line=stray_item,
        )
    return normalised, sections


def _build(files: list[tuple[str, str]]) -> Corpus:
    """Parse (file name, decoded text) pairs and merge them into one corpus."""
    merged: dict[str, tuple[str, list[Item]]] = {}
    seen: dict[tuple[str, str], Item] = {}
    texts: list[tuple[str, str]] = []
    for source, text in files:
        normalised, sections = _parse_file(text, source)
        texts.append((source, normalised))
        for section in sections:
            _heading_text, items = merged.setdefault(section.name, (section.heading, []))
            for item in section.items:
                first = seen.setdefault((item.title, item.body), item)
                if first is not item:
                    raise CorpusError(
                        f"条目“{_excerpt(item.title)}”与 {first.source} 第 {first.line} 行的条目完全相同；"
                        "请删去其中一条",
                        source=item.source,
                        line=item.line,
                    )
                items.append(item)
    categories = tuple(
        Category(name=name, heading=heading, items=tuple(items)) for name, (heading, items) in merged.items()
    )
    return Corpus(categories=categories, texts=tuple(texts))


def parse_text(text: str, source: str = "<text>") -> Corpus:
    """Parse one file's already-decoded text. Raises CorpusError (file and line) on anything unusable."""
    return _build([(source, text)])


def parse_raw(raw: tuple[tuple[str, bytes], ...]) -> Corpus:
    """Decode and parse files read by read_raw."""
    return _build([(name, decode_bytes(data, name)) for name, data in raw])


def read_corpus(path: str | Path) -> Corpus:
    """Read a file or a folder of .txt files. Raises CorpusError (file and line) on anything unusable."""
    return parse_raw(read_raw(path))
