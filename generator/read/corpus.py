"""Reading a criticism-opinion corpus: text -> categories of numbered items.

No jieba here. Decoding (and .docx reading) is in sources.py; this module parses the decoded text.

A corpus file looks like the seed ``corpus/000_*.txt``::

    2023 年主题教育民主生活会          <- document title: skipped (metadata.py)
    （一）在理论学习方面的问题          <- heading: category 理论学习
    1.理论学习缺乏深度。对……           <- item: title up to the first 。, then the body
    ……发现                              <- a page break split the line:
    问题、研究问题……                    <- continuation, joined with no space

Other layouts: 一、 categories with （一） items, or 一、 groups over （一） categories over 1. items
(the levels are decided from the document's structure when the classic reading does not fit);
items written 一是……二是…… (one per line or inline); Markdown headings, lists and **bold**.
Lines that are not criticism (titles, addressee, signature, unit, date, closing formula, page
numbers) are skipped and kept in Corpus.skipped so a user can check them.

Parsing is line by line with anchored, bounded regular expressions, so it is linear in the
size of the input (a 2 MB line is fine).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from generator.errors import CorpusError, NoCategoriesError
from generator.hints import logger
from generator.read.metadata import classify as classify_metadata
from generator.read.sources import CONTROL_RE as _CONTROL_RE
from generator.read.sources import Source, Sources, read_sources
from generator.read.sources import corpus_files as corpus_files
from generator.read.sources import decode_bytes as decode_bytes
from generator.read.sources import read_raw as read_raw

__all__ = [
    "Category",
    "Corpus",
    "Item",
    "Skipped",
    "decode_bytes",
    "normalise_text",
    "parse_sources",
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
class Skipped:
    """A line left out of the model because it is not criticism, or a file left out of a folder."""

    source: str
    line: int | None  # None: the whole file
    text: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    """A whole corpus: categories in first-seen order; the same name in several files merges."""

    categories: tuple[Category, ...]
    texts: tuple[tuple[str, str], ...]  # (file name, normalised text) per file, in reading order
    skipped: tuple[Skipped, ...] = ()  # what was read but kept out of the model, in reading order


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


# Half-width marks typed after a Chinese character (学习不深入. 对…, 书记,对…): the full-width mark the text means.
# Not after a digit, so 1. 2024.1.10 and 3.5 stay as they are.
_HALFWIDTH_RE = re.compile(f"(?<=[{_CJK}])(?:[,;:?!]|\\.(?= |[{_CJK}]|$))")
_FULLWIDTH_OF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}


def _normalise_line(line: str) -> str:
    line = _SPACES_RE.sub(" ", line).strip()
    if not line:
        return line
    line = _FULLWIDTH_NUMBER_RE.sub(_ascii_number, line, count=1) if line[0] in "（(０１２３４５６７８９" else line
    line = _HALFWIDTH_RE.sub(lambda m: _FULLWIDTH_OF[m.group()], line)
    return _CJK_SPACE_RE.sub("", line)


def normalise_text(text: str) -> str:
    """Normalise decoded text without NFKC (which would turn （），：into ASCII).

    Drops BOMs, zero-width characters and stray control characters; turns CRLF and CR into LF;
    per line, collapses whitespace runs to one space, strips the ends, removes a space between
    two Chinese characters or punctuation marks, turns full-width digits of an item number
    (１．) into ASCII and half-width marks after a Chinese character into full-width ones. Line count
    and order are preserved, so line numbers stay valid.
    """
    text = _INVISIBLE_RE.sub("", text)
    text = _CONTROL_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(_normalise_line(line) for line in text.split("\n"))


# --------------------------------------------------------------------------------------------
# Lines
# --------------------------------------------------------------------------------------------

_CN = "[一二三四五六七八九十]{1,3}"
_HEADING_RE = re.compile(
    rf"[（(] ?(?P<a>{_CN}) ?[）)]"
    rf"|(?P<b>{_CN}) ?[、.．]"
    rf"|第(?P<c>{_CN})(?P<unit>部分|章|节|篇|个方面|方面|大类|类)"
)
_HEADING_MAX_LEN = 40
_BRACKET_RE = re.compile(r"[【〖\[]([^【】〖〗\[\]。]{2,30})[】〗\]][：:]?")
TITLE_MAX = 30  # a title that ends at a colon, semicolon or comma ends this near the start
TITLE_LINE_SHARE = 0.75  # a title on its own line is shorter than this share of the body line after it
# A real item is a few hundred characters; compiling a much longer one would take minutes.
MAX_ITEM_CHARS = 5000
_ITEM_RE = re.compile(
    r"(?P<a>[0-9]{1,3}) ?(?:[.．、](?![0-9])|[)）])"
    r"|[（(] ?(?P<b>[0-9]{1,3}) ?[)）]"
    r"|(?P<c>[\u2460-\u249b])"  # ①..⑳, ⑴..⒇, ⒈..⒛
)
_MD_HEADING_RE = re.compile(r"(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?")
_MD_EMPHASIS_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_BULLET_RE = re.compile(r"[-*+•●▪◆] ?(?=\S)")
# 一是……二是……: at the start of a line, or after a mark that ends a clause.
# 第一，……第二，…… is the same enumeration.
_YISHI_RE = re.compile(rf"(?:^|(?<=[。；;：:，,！!？?]))(?:(?P<n>{_CN})是(?!否|非|不是)|第(?P<m>{_CN})[，,、])")
_SENTENCE_END = "。！？!?…；;"
_SENTENCE_END_MARKS = "。！？!?；;"
_CLOSERS = "”’」』）)》 "
_NAME_PUNCT = " \t:：;；,，、.．。-—_·\"'「」『』《》〈〉【】[]〔〕"
_QUOTES = {"“": "”", "‘": "’", '"': '"', "'": "'", "「": "」", "『": "』"}
_NAME_SUFFIX_RE = re.compile(
    r"(?:方面(?:中|上)?(?:存在)?的?(?:突出|主要)?(?:问题|不足|差距|短板)?"
    r"|(?:中|上)?存在的?(?:突出|主要)?(?:问题|不足|差距|短板))$"
)

# Why a line that is not in an item was left out (the metadata rules give the others).
_PREAMBLE = "第一个类别标题之前的文字"
_INTRO = "类别标题与第一条之间的说明"
_GROUP = "上一级标题（它下面的标题才是类别）"
# Headings that name the problems as a whole (二、存在的问题): numbered like the categories under them, they are
# a level above them, not a category.
_WRAPPER_RE = re.compile(r"(?:存在的?|(?:查摆|检视|查找)出?的?|主要|突出)?(?:主要|突出)?问题(?:清单)?")
_MEASURES = "基本情况、原因分析、整改措施等部分（不是批评意见）"
_INTRO_FRAME_RE = re.compile(f"(?:(?<=[{_SENTENCE_END_MARKS}])|^)(?:主要|具体)?(?:表现|体现)(?:在|为)"
                             "(?:以下几个方面|如下)?[：:]")
# Parts of a 对照检查材料 that are not criticism: what caused the problems, and what will be done about them.
_MEASURES_RE = re.compile("整改措施|整改方向|整改思路|努力方向|原因分析|原因剖析|产生问题的原因|问题产生的原因|根源剖析"
                          "|下一步(?:打算|措施|工作)|今后(?:的)?(?:打算|努力)|基本情况|总体情况|主要成绩|取得的成绩")


def _cn_number(text: str) -> int | None:
    """Value of a Chinese numeral 一..九十九, or None if it is not a well-formed one."""
    digits = "一二三四五六七八九"
    if len(text) == 1:
        return 10 if text == "十" else digits.index(text) + 1
    tens, ten, units = text.partition("十")
    if not ten or "十" in units or len(tens) > 1 or len(units) > 1:
        return None
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(units) + 1 if units else 0)


def _strip_name(name: str) -> str:
    """Punctuation off both ends, and quotes only as a pair: 纠治“四风” keeps its quotes, “担当作为” loses them."""
    while True:
        before = name
        name = name.strip(_NAME_PUNCT)
        if len(name) >= 2 and name[0] in _QUOTES and name[-1] == _QUOTES[name[0]] and name[0] not in name[1:-1]:
            name = name[1:-1]
        elif name and name[0] in _QUOTES and _QUOTES[name[0]] not in name[1:]:
            name = name[1:]
        elif name and name[-1] in _QUOTES.values() and not any(o in name[:-1] for o, c in _QUOTES.items()
                                                                if c == name[-1]):
            name = name[:-1]
        if name == before:
            return name


def _category_name(rest: str) -> str:
    """理论学习 from 在理论学习方面的问题, 关于“廉洁自律”：, 工作作风方面存在的问题 …"""
    name = _strip_name(rest)
    while True:
        before = name
        name = name.removeprefix("关于")
        suffix = _NAME_SUFFIX_RE.search(name)
        if suffix is not None and suffix.start() > 0:
            name = name[: suffix.start()]
            if len(name) > 1:
                name = name.removeprefix("在")
        name = _strip_name(name)
        if name == before:
            return name


def _excerpt(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class _Line:
    """One non-blank line, classified by its number (if any)."""

    number: int  # 1-based line in the file
    text: str  # the line without Markdown marks
    kind: str  # "heading" (一、 （一） 第一部分 #), "item" (1. （1） ①), "yishi" (一是), "bullet", "text"
    rest: str = ""  # the text after the number
    style: str = ""  # a heading's numbering style: （一）, 一、, 第部分, #2 …; an item's: 1., （1）, 1）, ①…
    heading_like: bool = False  # short and without 。: can be a category heading
    whole: bool = False  # a Markdown heading or a Word paragraph: the line ends where its title ends
    value: int = 0  # a 一是 line's or an item's number


def _classify(number: int, line: str, whole: bool, markdown: bool) -> _Line:
    md = _MD_HEADING_RE.fullmatch(line) if markdown and line.startswith("#") else None
    if md is not None:
        line = md.group(2)
    if markdown and ("*" in line or "_" in line):
        line = _MD_EMPHASIS_RE.sub(lambda m: m.group(1) or m.group(2), line)
    md_style = f"#{len(md.group(1))}" if md is not None else ""
    short = len(line) <= _HEADING_MAX_LEN and "。" not in line
    bracket = _BRACKET_RE.fullmatch(line)
    if bracket is not None:  # 【工作作风】: a heading without a number
        return _Line(number, line, "heading", bracket.group(1), "【】", True, whole or bool(md))
    heading = _HEADING_RE.match(line)
    if heading is not None:
        numeral = heading.group("a") or heading.group("b") or heading.group("c")
        if _cn_number(numeral) is not None:
            style = md_style or ("（一）" if heading.group("a") else "一、" if heading.group("b")
                                 else f"第{heading.group('unit')}")
            return _Line(number, line, "heading", line[heading.end():], style, short, whole or bool(md))
    item = _ITEM_RE.match(line)
    if item is not None:
        style, value = _item_style(item, line)
        return _Line(number, line, "item", line[item.end():], style, short, whole or bool(md), value)
    if md is not None:
        return _Line(number, line, "heading", line, md_style, short, True)
    yishi = _YISHI_RE.match(line)
    if yishi is not None:
        return _Line(number, line, "yishi", line, whole=whole, value=_cn_number(_yishi_number(yishi)) or 0)
    bullet = _BULLET_RE.match(line)
    if bullet is not None and not line.startswith(("--", "**")):
        return _Line(number, line, "bullet", line[bullet.end():], whole=whole)
    return _Line(number, line, "text", line, whole=whole)


@dataclass(frozen=True)
class _Reading:
    """Which heading styles are categories, which stand above them, and which are items."""

    categories: frozenset[str] | None  # None: every style (the classic reading)
    groups: frozenset[str] = frozenset()
    items: frozenset[str] = frozenset()


_CLASSIC = _Reading(None)


def _structural_reading(lines: list[_Line]) -> _Reading | None:
    """Levels from the document's structure: the heading right above the first item is a category, the
    styles that appeared before it group categories; with no numbered items, the deepest style is the items'."""
    levels: list[str] = []
    for line in lines:
        if line.kind == "heading" and line.style not in levels:
            levels.append(line.style)
    first = next((k for k, line in enumerate(lines) if line.kind == "item"), None)
    if first is None:
        first = next((k for k, line in enumerate(lines) if line.kind in ("yishi", "bullet")), None)
    if first is not None:
        above = next((line for line in reversed(lines[:first]) if line.kind == "heading" and line.heading_like), None)
        if above is None:
            return None
        k = levels.index(above.style)
        return _Reading(frozenset({above.style}), frozenset(levels[:k]))
    if len(levels) >= 2:
        return _Reading(frozenset({levels[-2]}), frozenset(levels[:-2]), frozenset({levels[-1]}))
    return None


def _split_inline_headings(lines: list[_Line]) -> list[_Line]:
    """一、理论学习方面：一是……；二是…… as two lines, the heading and its 一是 items (structural reading only)."""
    out: list[_Line] = []
    for line in lines:
        if line.kind == "heading" and not line.heading_like:
            first = next((m for m in _YISHI_RE.finditer(line.text) if _cn_number(_yishi_number(m)) == 1), None)
            head = line.text[: first.start()] if first is not None else ""
            head = head.rstrip("。")
            if first is not None and len(head) <= _HEADING_MAX_LEN and "。" not in head:
                number = len(line.text) - len(line.rest)  # characters of 一、 before the name
                out.append(replace(line, text=head, rest=head[number:], heading_like=True))
                out.append(_Line(line.number, line.text[first.start() :], "yishi", line.text[first.start() :],
                                 whole=line.whole, value=1))
                continue
        out.append(line)
    return out


def _numbered_categories(lines: list[_Line]) -> list[_Line] | None:
    """1.理论学习方面 （1）……（2）…… 2.工作作风方面 （1）……: with no heading numbered in Chinese, the numbering of
    the first item line is the categories' when every line numbered so is short and without 。 (a name, not
    a criticism) and at least two of them each have items numbered in another style under them. Those lines
    become headings; None when the file is not laid out so."""
    numbered = [line for line in lines if line.kind == "item"]
    if not numbered or any(line.kind == "heading" and line.style != "【】" for line in lines):
        return None
    style = numbered[0].style
    heads = [line for line in numbered if line.style == style]
    if len(heads) < 2 or not all(line.heading_like for line in heads):
        return None
    under = 0  # category lines with an item of another style after them, before the next one
    pending = False
    for line in numbered:
        if line.style == style:
            pending = True
        elif pending:
            under, pending = under + 1, False
    if under < 2:
        return None
    return [replace(line, kind="heading", style=f"{style}类别") if line.kind == "item" and line.style == style
            else line for line in lines]


def _role(line: _Line, reading: _Reading) -> str:
    if line.kind != "heading":
        return line.kind
    if line.heading_like and (reading.categories is None or line.style in reading.categories):
        return "category"
    if line.heading_like and line.style in reading.groups:
        return "group"
    if line.style in reading.items:
        return "item"
    return "text"


# --------------------------------------------------------------------------------------------
# Items and sections
# --------------------------------------------------------------------------------------------


@dataclass
class _OpenItem:
    line: int
    number: str
    parts: list[str]
    whole: bool = False  # its first line is its title when that line has no 。
    clause_title: bool = False  # 一是…… items: the title may end at the first comma


@dataclass
class _Section:
    name: str
    heading: str
    line: int
    items: list[Item]
    fallback: bool = False  # no numbered items: 一是 and bullet lines are its items
    yishi: int = 1  # the number the next 一是 piece must have
    style: str = ""  # the numbering of its heading


def _item_style(m: re.Match[str], text: str) -> tuple[str, int]:
    """An item line's numbering style (1. and 1、 are one style; （1）, 1）, ① and ⑴ are others) and its number,
    from its _ITEM_RE match."""
    if m.group("c"):
        code = ord(m.group("c"))
        for first in (0x2488, 0x2474, 0x2460):  # ⒈.. ⑴.. ①..
            if code >= first:
                return f"circled-{first:x}", code - first + 1
    if m.group("b"):
        return "（1）", int(m.group("b"))
    return ("1）" if text[m.end() - 1] in ")）" else "1."), int(m.group("a"))


def _done(text: str) -> bool:
    """Whether text ends a sentence (so the next line may be something else than its continuation)."""
    end = text.rstrip(_CLOSERS)
    return not end or end[-1] in _SENTENCE_END


def _title_line(first: str, second: str) -> bool:
    """Whether an item's first line is its title standing alone (1.政治理论学习不够系统 / 平时学习多停留在……), the
    common layout of a text copied out of Word, rather than the first part of a line a page or a hard wrap broke
    (its parts are about as long as the lines after them), or a title broken in two (题 / 目。正文……: with the next
    line's first sentence it is no longer than a title). Glued, 不够系统平时学习 made every unit unusable and the
    category was refused as 材料太少 (the fault hunt of stop 26)."""
    lead = second.split("。", 1)[0]  # where a broken title would end, if the line goes on with it
    return (2 <= len(first) <= TITLE_MAX and not any(m in first for m in "。；;，,！!？?、")
            and len(first) + len(lead) > TITLE_MAX and len(first) < TITLE_LINE_SHARE * len(second))


def _split_title(item: _OpenItem, text: str) -> tuple[str, str] | None:
    """(title, body) of an item's text, or None when there is no full stop to split at."""
    first = item.parts[0].strip()
    if item.whole and len(item.parts) > 1 and "。" not in first and first:
        return first.rstrip("：:，,；; "), "".join(item.parts[1:]).strip()
    if len(item.parts) > 1 and _title_line(first, item.parts[1].strip()):
        return first.rstrip("：: "), "".join(item.parts[1:]).strip()
    stop = text.find("。")
    if item.clause_title and (stop < 0 or stop == len(text) - 1):
        comma = min((k for k in (text.find("，"), text.find(",")) if k > 0), default=-1)
        if comma > 0:
            return text[:comma].strip(), text[comma + 1 :].strip()
    if stop < 0 or stop == len(text.rstrip(_CLOSERS)) - 1:
        # One sentence: 政治理论学习不够深入：作为……。 The title ends at a colon or semicolon near the start,
        # else at an early comma (学习不深入，对……).
        for marks, reach in (("：:；;", TITLE_MAX), ("，,", TITLE_MAX - 5)):
            cut = min((k for k in map(text.find, marks) if 0 < k <= reach), default=-1)
            if cut > 0 and text[cut + 1 :].strip(" 。"):
                return text[:cut].strip(), text[cut + 1 :].strip()
    if stop < 0:
        return None
    if stop > TITLE_MAX:  # 理论学习不够深入：学习多停留在……，……。……: a long first sentence titled at its colon
        cut = min((k for k in map(text.find, "：:") if 0 < k <= TITLE_MAX), default=-1)
        if cut > 0:
            return text[:cut].strip(), text[cut + 1 :].strip()
    return text[:stop].strip(), text[stop + 1 :].lstrip("。 ").strip()


def _close_item(item: _OpenItem, source: str) -> Item:
    text = "".join(item.parts).strip()
    if item.clause_title and text and text[-1] in "；;，,、":
        text = text[:-1] + "。"  # 一是……；二是……: the clause mark ends this item
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
    split = _split_title(item, text)
    if split is None:
        raise CorpusError(
            f"条目“{_excerpt(text)}”里没有句号“。”，分不出标题和正文；请在标题后加“。”再写正文",
            source=source,
            line=item.line,
        )
    title, body = split
    body = _INTRO_FRAME_RE.sub("", body)  # 主要表现在：①……②……: the points say it, the frame reads badly recombined
    if body and body[-1] in "；;，,、":
        body = body[:-1] + "。"
    if not title:
        raise CorpusError("条目缺少标题（编号后面直接是句号）；请在句号前写上标题", source=source, line=item.line)
    if not body:
        raise _TitleOnly(title)
    return Item(title=title, body=body, source=source, line=item.line)


class _TitleOnly(Exception):
    """An item with a title and nothing after it (2.学用结合不紧密。 then 3.……): nothing to learn from, so it is
    left out with a hint, not a reason to refuse the whole file."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.title = title


TITLE_ONLY = "只有标题没有正文，没有采用；可以在句号后写上具体内容"


def _yishi_number(match: re.Match[str]) -> str:
    return match.group("n") or match.group("m")


def _yishi_pieces(text: str, expected: int) -> tuple[str, list[tuple[int, str, str]]]:
    """Split 一是……；二是…… (or 第一，……第二，……) at each next number in sequence: (text before the first,
    [(number, its marker, the piece after it)])."""
    cuts: list[tuple[int, int, int]] = []
    for match in _YISHI_RE.finditer(text):
        value = _cn_number(_yishi_number(match))
        if value is not None and value == expected:
            cuts.append((match.start(), match.end(), value))
            expected += 1
    pieces = [(value, text[start:end], text[end : cuts[k + 1][0] if k + 1 < len(cuts) else len(text)])
              for k, (start, end, value) in enumerate(cuts)]
    return (text[: cuts[0][0]] if cuts else text), pieces


def _section_flags(lines: list[_Line], roles: list[str]) -> list[bool]:
    """Per line: whether its section has no numbered items (so 一是 and bullet lines are the items)."""
    flags = [False] * len(lines)
    start = 0
    for end in [k for k, role in enumerate(roles) if role in ("category", "group")] + [len(lines)]:
        fallback = not any(role == "item" for role in roles[start:end])
        for k in range(start, end):
            flags[k] = fallback
        start = end
    return flags


def _sections(lines: list[_Line], reading: _Reading, source: str, skipped: list[Skipped]) -> list[_Section]:
    """Sections of a file's lines under one reading; raises CorpusError when the reading does not fit."""
    roles = [_role(line, reading) for line in lines]
    fallback = _section_flags(lines, roles)
    last_item = max((k for k, role in enumerate(roles) if role == "item"), default=len(lines))
    sections: list[_Section] = []
    section: _Section | None = None
    item: _OpenItem | None = None
    stray_item = 0  # line of a numbered item before the first heading

    title_only = 0  # items of the open section left out for having no body

    def close_item() -> None:
        nonlocal item, title_only
        if item is not None and section is not None:
            try:
                section.items.append(_close_item(item, source))
            except _TitleOnly as exc:
                skipped.append(Skipped(source, item.line, exc.title, TITLE_ONLY))
                title_only += 1
        item = None

    def close_section(next_style: str | None = None) -> None:
        nonlocal title_only
        close_item()
        if (section is not None and not section.items and not title_only and _WRAPPER_RE.fullmatch(section.name)
                and next_style == section.style):
            # 二、存在的问题 numbered like the categories under it (一、理论学习方面 …): a heading above them (numbered
            # otherwise, 一、存在的主要问题 （一）……, the reading by levels takes it for what it is)
            sections.remove(section)
            skipped.append(Skipped(source, section.line, section.heading, _GROUP))
            return
        if section is not None and not section.items:
            if title_only:
                raise CorpusError(f"类别“{section.name}”的条目都只有标题没有正文；请在每条标题的句号后写上具体内容",
                                  source=source, line=section.line)
            raise CorpusError(
                f"类别“{section.name}”下面没有编号条目；每条批评意见应以“1.”“（1）”或“①”等编号开头，或删去这个空标题",
                source=source,
                line=section.line,
            )
        title_only = 0

    def skip(line: _Line, reason: str) -> None:
        skipped.append(Skipped(source, line.number, line.text, reason))

    main_style = ""  # the section's item numbering
    point_styles: set[str] = set()  # numberings this section uses for points under its items
    measures = ""  # the role of the 二、整改措施 (原因分析…) heading we are under: nothing under it is a criticism

    def add_point(text: str) -> None:
        """A point under the open item, as the next sentence of its body (主要表现在： or a ，-list runs on)."""
        assert item is not None
        end = "".join(item.parts).rstrip(_CLOSERS)
        if end and end[-1] not in _SENTENCE_END + "，,：:、":
            item.parts[-1] += "。"
        item.parts.append(text)

    for k, line in enumerate(lines):
        role = roles[k]
        if role == "item" and line.kind == "item" and section is not None:
            style, value = line.style, line.value
            if not main_style:
                main_style = style
            elif item is not None and style != main_style and (style in point_styles or value == 1):
                # 1.理论学习不够深入。（1）……（2）……: points under an item are sentences of its body; a
                # numbering once used for points stays points in the section ((3) under item 2)
                point_styles.add(style)
                add_point(line.rest)
                continue
        if (role == "text" and line.kind == "heading" and item is not None and line.rest != line.text
                and "".join(item.parts).rstrip(_CLOSERS)[-1:] in tuple(_SENTENCE_END + "：:")):
            # 1.……。 with （一）……（二）…… under it: points numbered like headings (mid-sentence, a line
            # that starts 一、 is the sentence going on)
            add_point(line.rest)
            continue
        if role in ("yishi", "bullet") and (section is None or not fallback[k]):
            role = "text"  # a sub-point inside a numbered item, or a line of the preamble
        if role in ("text", "yishi", "bullet") or (line.kind == "heading" and line.rest == line.text):  # plain #
            mid = item is not None and not _done("".join(item.parts))
            reason = classify_metadata(line.text, mid_sentence=mid, last=k > last_item and line.kind != "heading")
            if reason is not None:
                skip(line, reason)
                continue
        if role in ("category", "group") and _MEASURES_RE.search(line.text):
            close_section()
            section, main_style, measures = None, "", role
            skip(line, _MEASURES)
            continue
        if role == "group" or (role == "category" and measures == "category"):
            measures = ""  # the next part (三、…) or, under a measures category, the next category
        if measures:
            skip(line, _MEASURES)  # 二、整改措施 （一）加强理论学习 1.……: what will be done, not what is wrong
            continue
        if role == "category":
            close_section(line.style)
            main_style = ""
            point_styles = set()
            name = _category_name(line.rest)
            if not name:
                raise CorpusError(
                    f"类别标题“{line.text}”里没有类别名称；请写成“（一）在理论学习方面的问题”或“一、理论学习”这样的形式",
                    source=source,
                    line=line.number,
                )
            section = _Section(name, line.text, line.number, [], fallback=fallback[k], style=line.style)
            sections.append(section)
            continue
        if role == "group":
            close_section()
            section = None
            skip(line, _GROUP)
            continue
        if role in ("item", "bullet"):
            if section is None:
                stray_item = stray_item or line.number  # reported after the loop
                continue
            close_item()
            number = line.text[: len(line.text) - len(line.rest)].strip()
            # A heading-style line used as an item (（一）学习不深入) is a title when it is short and has no 。.
            whole = line.whole or (line.kind == "heading" and line.heading_like)
            item = _OpenItem(line.number, number, [line.rest], whole=whole, clause_title=role == "bullet")
            continue
        if section is not None and section.fallback:
            before, pieces = _yishi_pieces(line.text, line.value if role == "yishi" else section.yishi)
            if pieces:
                if before.strip():
                    if item is not None:
                        item.parts.append(before)
                    else:
                        skip(_Line(line.number, before, "text"), _INTRO)
                for value, marker, piece in pieces:
                    close_item()
                    item = _OpenItem(line.number, marker.rstrip("，,、"), [piece], whole=line.whole, clause_title=True)
                    section.yishi = value + 1
                continue
        if item is not None:
            item.parts.append(line.text)
        elif section is not None:
            skip(line, _INTRO)
        else:
            skip(line, _PREAMBLE)
    close_section()

    if not sections:
        raise NoCategoriesError(
            "没有找到类别标题，例如“（一）在理论学习方面的问题”或“一、理论学习”；请在每一类批评意见前加上这样的标题",
            source=source,
        )
    if stray_item:
        raise CorpusError(
            "编号条目出现在第一个类别标题之前；请在它前面加上类别标题，例如“（一）在理论学习方面的问题”",
            source=source,
            line=stray_item,
        )
    return sections


def _parse_file(source: Source) -> tuple[str, list[_Section], list[Skipped]]:
    """Normalise one file's decoded text and split it into sections (not yet merged).

    Readings are tried in order and the first that fits wins: the classic one (so every text that
    parsed before parses the same); for a .txt, the classic one with Markdown syntax; then levels from
    the document's structure. When none fits, the classic reading's error is the one reported.
    """
    normalised = normalise_text(source.text)
    raw_lines = normalised.split("\n")
    if not any(raw_lines):
        raise NoCategoriesError("文件是空的；请放入批评意见参考材料的文本", source=source.name)

    def classified(markdown: bool) -> list[_Line]:
        return [_classify(n, text, source.whole_lines, markdown) for n, text in enumerate(raw_lines, start=1) if text]

    lines = classified(source.markdown)
    skipped: list[Skipped] = []
    try:
        return normalised, _sections(lines, _CLASSIC, source.name, skipped), skipped
    except CorpusError as classic_error:
        error = classic_error
    md_lines = lines if source.markdown else classified(True)
    attempts: list[tuple[list[_Line], _Reading | None]] = [] if source.markdown else [(md_lines, _CLASSIC)]
    split = _split_inline_headings(md_lines)
    attempts.append((split, _structural_reading(split)))
    numbered = _numbered_categories(md_lines)
    if numbered is not None:
        attempts.append((numbered, _structural_reading(numbered)))
    for attempt_lines, reading in attempts:
        if reading is None:
            continue
        skipped = []
        try:
            return normalised, _sections(attempt_lines, reading, source.name, skipped), skipped
        except CorpusError:
            continue
    if isinstance(error, NoCategoriesError) or any(line.kind in ("item", "yishi", "bullet") for line in md_lines):
        raise error
    # Headings but not one item: the file holds no criticism (in a folder it is skipped).
    raise NoCategoriesError(error.reason, source=source.name, line=error.line) from None


def _build(sources: Sources) -> Corpus:
    """Parse decoded files and merge them into one corpus."""
    merged: dict[str, tuple[str, list[Item]]] = {}
    seen: dict[tuple[str, str], tuple[Item, str]] = {}  # (title, body) -> first item, its category
    texts: list[tuple[str, str]] = []
    skipped = [Skipped(name, None, "", why) for name, why in sources.unreadable]
    without_categories: list[Skipped] = []
    first_error: CorpusError | None = None
    copies: dict[str, int] = {}  # per file: items left out as equal to one of another file
    for source in sources.files:
        try:
            normalised, sections, file_skipped = _parse_file(source)
        except NoCategoriesError as exc:
            if not sources.folder:
                raise
            first_error = first_error or exc
            without_categories.append(Skipped(source.name, None, "", str(exc)))
            continue
        texts.append((source.name, normalised))
        skipped.extend(file_skipped)
        for left in file_skipped:  # (said once the file is read: the reading that failed may have had others)
            if left.reason == TITLE_ONLY:
                logger(__name__).warning("已跳过 %s 第 %d 行的“%s”：%s", left.source, left.line, _excerpt(left.text),
                                         TITLE_ONLY)
        for section in sections:
            _heading_text, items = merged.setdefault(section.name, (section.heading, []))
            for item in section.items:
                first, first_section = seen.setdefault((item.title, item.body), (item, section.name))
                if first is not item and first.source != item.source and first_section == section.name:
                    # the same file twice in a folder (a copy kept beside the original): the copy adds nothing
                    skipped.append(Skipped(item.source, item.line, item.title,
                                           f"与 {first.source} 第 {first.line} 行的条目相同"))
                    copies[item.source] = copies.get(item.source, 0) + 1
                    continue
                if first is not item:
                    raise CorpusError(
                        f"条目“{_excerpt(item.title)}”与 {first.source} 第 {first.line} 行的条目完全相同；"
                        "请删去其中一条",
                        source=item.source,
                        line=item.line,
                    )
                items.append(item)
    if not merged:
        if first_error is not None:
            raise first_error
        raise NoCategoriesError("语料中没有可用的类别")
    for file in without_categories:
        logger(__name__).warning("已跳过 %s", file.reason)
    for name, n in copies.items():
        logger(__name__).warning("已跳过 %s 里与其他文件相同的 %d 条", name, n)
    skipped.extend(without_categories)
    categories = tuple(
        Category(name=name, heading=heading, items=tuple(items)) for name, (heading, items) in merged.items()
    )
    return Corpus(categories=categories, texts=tuple(texts), skipped=tuple(skipped))


def parse_text(text: str, source: str = "<text>") -> Corpus:
    """Parse one file's already-decoded text. Raises CorpusError (file and line) on anything unusable."""
    return _build(Sources((Source(source, text, whole_lines=False),)))


def parse_sources(sources: Sources) -> Corpus:
    """Parse files decoded by sources.read_sources (in a folder, a file without categories is skipped)."""
    return _build(sources)


def read_corpus(path: str | Path) -> Corpus:
    """Read a file or a folder of .txt, .md and .docx files. Raises CorpusError (file and line) on anything unusable."""
    return parse_sources(read_sources(path))
