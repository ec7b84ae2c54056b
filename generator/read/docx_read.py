"""Reading a Word .docx corpus file: its paragraphs in order, with Word's automatic numbering written out.

The numbers of a numbered list ("一、", "（1）") are not in the paragraph text: Word computes them from
numbering.xml when it shows the page. python-docx (like docx2txt and mammoth) gives only the text, so
this module resolves the numbering itself: a paragraph's numId and level (its own, or inherited from its
paragraph style), num -> abstractNum (and lvlOverride/startOverride), the level's numFmt and lvlText,
start values, and the counters that restart when a higher level is used.

Headings (an outline level, or a heading style) come out as Markdown headings ("## …"), so a heading
without a number still reads as one. The result is plain text, one paragraph per line, for the same
line-based parser as a .txt file. python-docx is imported only here, and only for a .docx corpus.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.errors import CorpusError

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_LEVELS = 9

NOT_DOCX = ("不是有效的 Word .docx 文件（可能已损坏，或是改了扩展名的其他文件）；"
            "请用 Word 或 WPS 打开它，另存为 .docx 后再试")


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _attr(el: Any, tag: str | None = None) -> str | None:
    """w:val of `el` (or of its child w:`tag`), or None."""
    if el is None:
        return None
    if tag is not None:
        el = el.find(_q(tag))
        if el is None:
            return None
    value: str | None = el.get(_q("val"))
    return value


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------
# Number formats
# --------------------------------------------------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def _chinese(n: int, digits: str = _CN_DIGITS, ten: str = "十", hundred: str = "百") -> str:
    """一 … 十, 十一, 二十, 一百零五: Word's chineseCounting for 1..999 (other values in digits)."""
    if not 0 < n < 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    out = digits[hundreds] + hundred if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds and digits is _CN_DIGITS else digits[tens]) + ten
    elif hundreds and units:
        out += "零" if digits is _CN_DIGITS else digits[0]
    return out + (digits[units] if units else "")


def _letters(n: int, first: str) -> str:
    """A … Z, AA, BB …: Word repeats the letter rather than counting in base 26."""
    if n < 1:
        return str(n)
    return chr(ord(first) + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += numeral * count
    return out


def _enclosed(n: int, first: int, last: int, fallback: str) -> str:
    return chr(first + n - 1) if 1 <= n <= last - first + 1 else fallback.format(n)


def _cycle(n: int, symbols: str) -> str:
    return symbols[(n - 1) % len(symbols)] if n >= 1 else str(n)


_FORMATS: dict[str, Any] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalHalfWidth": str,
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalEnclosedCircle": lambda n: _enclosed(n, 0x2460, 0x2473, "({})"),
    "decimalEnclosedCircleChinese": lambda n: _enclosed(n, 0x2460, 0x2473, "({})"),
    "decimalEnclosedParen": lambda n: _enclosed(n, 0x2474, 0x2487, "({})"),
    "decimalEnclosedFullstop": lambda n: _enclosed(n, 0x2488, 0x249B, "{}."),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "japaneseCounting": _chinese,
    "taiwaneseCounting": _chinese,
    "taiwaneseCountingThousand": _chinese,
    "ideographDigital": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join(_CN_DIGITS[int(d)] for d in str(n)),
    "chineseLegalSimplified": lambda n: _chinese(n, _LEGAL_DIGITS, "拾", "佰"),
    "ideographLegalTraditional": lambda n: _chinese(n, "零壹貳參肆伍陸柒捌玖", "拾", "佰"),
    "ideographTraditional": lambda n: _cycle(n, "甲乙丙丁戊己庚辛壬癸"),
    "ideographZodiac": lambda n: _cycle(n, "子丑寅卯辰巳午未申酉戌亥"),
    "upperLetter": lambda n: _letters(n, "A"),
    "lowerLetter": lambda n: _letters(n, "a"),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "none": lambda n: "",
}


def format_number(n: int, fmt: str) -> str:
    """The number `n` as Word shows it in format `fmt` (decimal for formats Chinese texts do not use)."""
    formatter = _FORMATS.get(fmt, str)
    text: str = formatter(n)
    return text


# --------------------------------------------------------------------------------------------
# numbering.xml and styles.xml
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """One level of a list definition (w:lvl)."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart: restart after levels < this (1-based); 0 = never
    legal: bool = False  # w:isLgl: every placeholder in decimal
    suffix: str = " "  # after the number: tab and space become one space; "nothing" none
    style: str | None = None  # w:pStyle: the paragraph style this level belongs to


@dataclass
class _Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # lvlOverride/startOverride
    levels: dict[int, Level] = field(default_factory=dict)  # lvlOverride/lvl


# Word 2010+ writes a custom format ("001, 002, 003, ...") inside mc:AlternateContent with a plain fallback.
_CUSTOM_FORMATS = {"一": "chineseCounting", "①": "decimalEnclosedCircle", "⑴": "decimalEnclosedParen",
                   "001": "decimalZero", "01": "decimalZero", "壹": "chineseLegalSimplified"}


def _number_format(el: Any) -> str:
    fmt = el.find(_q("numFmt"))
    if fmt is None:
        choice = el.find(f"{{{_MC}}}AlternateContent/{{{_MC}}}Choice/{_q('numFmt')}")
        fallback = el.find(f"{{{_MC}}}AlternateContent/{{{_MC}}}Fallback/{_q('numFmt')}")
        fmt = choice if choice is not None and _attr(choice) == "custom" else fallback
    if fmt is None:
        return "decimal"
    if _attr(fmt) == "custom":
        sample = (fmt.get(_q("format")) or "").split(",")[0].strip()
        return _CUSTOM_FORMATS.get(sample, "decimal")
    return _attr(fmt) or "decimal"


def _level(el: Any) -> Level:
    start = _int(_attr(el, "start"))
    return Level(
        fmt=_number_format(el),
        text=(_attr(el, "lvlText") or "") if el.find(_q("lvlText")) is not None else "%1.",
        start=1 if start is None else start,
        restart=_int(_attr(el, "lvlRestart")),
        legal=el.find(_q("isLgl")) is not None and _attr(el, "isLgl") not in ("0", "false"),
        suffix="" if _attr(el, "suff") == "nothing" else " ",
        style=_attr(el, "pStyle"),
    )


def _levels(el: Any) -> dict[int, Level]:
    out: dict[int, Level] = {}
    for lvl in el.findall(_q("lvl")):
        ilvl = _int(lvl.get(_q("ilvl")))
        if ilvl is not None and 0 <= ilvl < _LEVELS:
            out[ilvl] = _level(lvl)
    return out


@dataclass(frozen=True)
class _Style:
    based_on: str | None
    num: tuple[str | None, int | None] | None  # (numId, ilvl) of its w:numPr
    outline: int | None
    name: str


def _num_pr(ppr: Any) -> tuple[str | None, int | None] | None:
    num_pr = ppr.find(_q("numPr")) if ppr is not None else None
    if num_pr is None:
        return None
    return _attr(num_pr, "numId"), _int(_attr(num_pr, "ilvl"))


class Numbering:
    """The list definitions and paragraph styles of one document, and the running counters."""

    def __init__(self, numbering: Any | None, styles: Any | None) -> None:
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNum id -> style id of its w:numStyleLink
        self.nums: dict[str, _Num] = {}
        self.styles: dict[str, _Style] = {}
        self.default_style: str | None = None
        if numbering is not None:
            for el in numbering.findall(_q("abstractNum")):
                aid = el.get(_q("abstractNumId"))
                if aid is None:
                    continue
                self.abstracts[aid] = _levels(el)
                link = _attr(el, "numStyleLink")
                if link:
                    self.style_links[aid] = link
            for el in numbering.findall(_q("num")):
                nid, aid = el.get(_q("numId")), _attr(el, "abstractNumId")
                if nid is None or aid is None:
                    continue
                num = _Num(aid)
                for override in el.findall(_q("lvlOverride")):
                    ilvl = _int(override.get(_q("ilvl")))
                    if ilvl is None:
                        continue
                    start = _int(_attr(override, "startOverride"))
                    if start is not None:
                        num.starts[ilvl] = start
                    lvl = override.find(_q("lvl"))
                    if lvl is not None:
                        num.levels[ilvl] = _level(lvl)
                self.nums[nid] = num
        if styles is not None:
            for el in styles.findall(_q("style")):
                sid = el.get(_q("styleId"))
                # Paragraph styles carry numbering and outline levels; numbering styles are list styles
                # that an abstractNum's w:numStyleLink points to.
                if sid is None or el.get(_q("type"), "paragraph") not in ("paragraph", "numbering"):
                    continue
                ppr = el.find(_q("pPr"))
                self.styles[sid] = _Style(
                    based_on=_attr(el, "basedOn"),
                    num=_num_pr(ppr),
                    outline=_int(_attr(ppr, "outlineLvl")) if ppr is not None else None,
                    name=(_attr(el, "name") or sid).lower(),
                )
                if el.get(_q("default")) in ("1", "true"):
                    self.default_style = sid
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()

    def _style_chain(self, sid: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while sid is not None and sid in self.styles and sid not in seen:
            seen.add(sid)
            style = self.styles[sid]
            yield style
            sid = style.based_on

    def _abstract_levels(self, aid: str) -> dict[int, Level]:
        """The levels of an abstractNum, following w:numStyleLink to the list style's own definition."""
        for _ in range(4):
            levels = self.abstracts.get(aid, {})
            link = self.style_links.get(aid)
            if levels or link is None:
                return levels
            linked = next((s.num for s in self._style_chain(link) if s.num is not None), None)
            num = self.nums.get(linked[0] or "") if linked else None
            if num is None or num.abstract == aid:
                return levels
            aid = num.abstract
        return {}

    def outline(self, ppr: Any, sid: str | None) -> int | None:
        """The outline level (0 = top) of a paragraph: its own, its style's, or a heading style's."""
        own = _int(_attr(ppr, "outlineLvl")) if ppr is not None else None
        if own is not None:
            return own if own < _LEVELS else None
        for style in self._style_chain(sid):
            if style.outline is not None:
                return style.outline if style.outline < _LEVELS else None
            match = re.fullmatch(r"heading ([1-9])", style.name)
            if match:
                return int(match.group(1)) - 1
            if style.name == "title":
                return 0
        return None

    def label(self, ppr: Any, sid: str | None) -> str | None:
        """The number Word shows before this paragraph (advancing the counters), or None."""
        own = _num_pr(ppr)
        inherited = next((s.num for s in self._style_chain(sid) if s.num is not None), None)
        nid = own[0] if own is not None and own[0] is not None else (inherited[0] if inherited else None)
        if nid is None or nid == "0" or nid not in self.nums:
            return None
        ilvl = own[1] if own is not None and own[1] is not None else None
        num = self.nums[nid]
        levels = self._abstract_levels(num.abstract)
        if ilvl is None and inherited is not None and inherited[1] is not None:
            ilvl = inherited[1]
        if ilvl is None:  # a level may name its paragraph style (headings linked to a list)
            ilvl = next((k for k, lv in levels.items() if lv.style is not None and lv.style == sid), 0)
        ilvl = min(max(ilvl, 0), _LEVELS - 1)
        if ilvl not in num.levels and ilvl not in levels:
            return None  # Word shows no number for a level the list does not define

        def level(k: int) -> Level:
            return num.levels.get(k) or levels.get(k) or Level()

        def start(k: int) -> int:
            return num.starts.get(k, level(k).start)

        counters = self.counters.setdefault(num.abstract, [None] * _LEVELS)
        if nid not in self.started:
            self.started.add(nid)
            for k in num.starts:  # a num with startOverride restarts the list where it is first used
                if 0 <= k < _LEVELS:
                    counters[k] = None
        current = counters[ilvl]
        counters[ilvl] = start(ilvl) if current is None else current + 1
        for k in range(ilvl + 1, _LEVELS):
            limit = level(k).restart
            if ilvl < (k if limit is None else limit):
                counters[k] = None
        lvl = level(ilvl)
        if lvl.fmt == "bullet":
            return "• "

        def placeholder(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            value = counters[k] if counters[k] is not None else start(k)
            assert value is not None
            return format_number(value, "decimal" if lvl.legal else level(k).fmt)

        text = re.sub(r"%([1-9])", placeholder, lvl.text)
        return text + lvl.suffix if text else None


# --------------------------------------------------------------------------------------------
# Paragraphs
# --------------------------------------------------------------------------------------------

# Text of these is never shown as part of the paragraph: deleted revisions, text boxes (read as their
# own paragraphs would need layout), and the fallback copy of alternate content.
_HIDDEN = {_q("del"), _q("txbxContent"), f"{{{_MC}}}Fallback", _q("instrText"), _q("delText")}
_TEXT_TAGS = {_q("t"): None, _q("tab"): "\t", _q("br"): "\n", _q("cr"): "\n", _q("noBreakHyphen"): "-"}


def _bold(run: Any) -> bool:
    """Whether a run is bold by its own formatting (w:b without val 0/false)."""
    rpr = run.find(_q("rPr"))
    b = rpr.find(_q("b")) if rpr is not None else None
    return b is not None and b.get(_q("val")) not in ("0", "false", "off")


# A bold title that runs straight into its body in one paragraph, without a full stop (**1.政治理论学习不够系统**
# 平时学习……): the title ends where the bold does. Glued, every unit copied the source (fault hunt of stop 26).
_TITLE_END_MARKS = "。：:，,；;！!？?、"
_BOLD_TITLE_MAX = 40
_BODY_MIN = 15
_LEAD_RE = re.compile("(?:第?[一二三四五六七八九十]+是|首先|其次|再次|最后|另外)[：:]?")


def _paragraph_text(p: Any) -> str:
    out: list[str] = []
    bold: list[bool] = []  # per piece of out: inside a bold run

    def walk(el: Any, in_bold: bool) -> None:
        for child in el:
            tag = child.tag
            if tag in _HIDDEN or not isinstance(tag, str):
                continue
            if tag in _TEXT_TAGS:
                replacement = _TEXT_TAGS[tag]
                out.append(child.text or "" if replacement is None else replacement)
                bold.append(in_bold)
            elif tag != _q("pPr"):
                walk(child, in_bold or (tag == _q("r") and _bold(child)))

    walk(p, False)
    # the leading bold pieces, then plain text: a title whose end only the bold marks
    k = 0
    while k < len(out) and (bold[k] or not out[k].strip()):
        k += 1
    head, tail = "".join(out[:k]), "".join(out[k:])
    title, body = head.strip(), tail.strip()
    # not a heading's bold words (一、**理论学习**方面的问题: the rest is short) nor a bold lead (**一是**学习不深入)
    if (0 < k < len(out) and any(bold[:k]) and 4 <= len(title) <= _BOLD_TITLE_MAX and len(body) >= _BODY_MIN
            and any(m in body for m in "，。；") and title[-1] not in _TITLE_END_MARKS
            and body[0] not in _TITLE_END_MARKS and not _LEAD_RE.fullmatch(title)):
        return head.rstrip() + "。" + tail.lstrip()
    return "".join(out)


_CONTROLS = (_q("sdt"), _q("sdtContent"), _q("customXml"))  # content controls: their paragraphs are read


def _blocks(parent: Any) -> Iterator[tuple[Any, _Layout | bool | None]]:
    """Paragraphs in reading order, including those in tables and content controls, each with None; a table
    read as a table (see _table_layout) comes whole, as its tbl element with its layout."""
    for child in parent:
        if child.tag == _q("p"):
            yield child, None
        elif child.tag == _q("tbl") and (layout := _table_layout(child)) is not None:
            yield child, layout
        elif child.tag in (_q("tbl"), _q("tr"), _q("tc"), *_CONTROLS):
            yield from _blocks(child)


def _own_paragraphs(parent: Any) -> Iterator[Any]:
    """A table cell's own paragraphs, content controls included (a table nested in it is not read)."""
    for child in parent:
        if child.tag == _q("p"):
            yield child
        elif child.tag in _CONTROLS:
            yield from _own_paragraphs(child)


# A 查摆问题清单 as a table: | 方面 | 存在的问题 | 整改措施 | … |. A header row (one of the first three, the others
# being a title merged across the top) names the columns: the first whose header says what kind of problem it
# is holds the categories (without one, the categories are the headings around the table), the first that
# names the problems (and not what is done about them, nor how many) holds the items, and a column of how the
# problem shows (具体表现) their bodies. Other columns (序号, 整改措施, 责任人, 时限) are not read, and a table
# with a header but no problem column (| 方面 | 整改措施 | 责任人 |) is not read at all.
CATEGORY_HEADERS = ("方面", "类别", "类型", "领域")
PROBLEM_HEADERS = ("问题", "意见", "表现", "不足", "差距")
BODY_HEADERS = ("表现", "具体", "情况", "描述", "说明")
NOT_PROBLEM_HEADERS = ("整改", "措施", "原因", "时限", "责任", "目标", "序号", "备注", "条数", "数量", "次数", "人数",
                       "个数", "时间", "计划", "成效")
HEADER_MAX = 12  # characters of a header cell
NOTHING = frozenset({"无", "暂无", "没有", "—", "-", "－", "／", "/", "无此类问题", "未发现", "未发现问题"})
_NUMBERED = re.compile(r"\s*(?:[0-9]{1,3}\s*[.．、)）]|[（(]\s*[0-9]{1,3}\s*[)）]|[\u2460-\u249b]"
                       r"|[一二三四五六七八九十]是)")
_CN_NUMBER = re.compile(r"\s*(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．])\s*")
_DIGIT_NUMBER = re.compile(r"\s*(?:[0-9]{1,3}\s*[.．、)）]|[（(]\s*[0-9]{1,3}\s*[)）]|[\u2460-\u249b])\s*")
_TITLED = re.compile("[^。]{2,40}。.")  # 学习不够深入。学习多停留在……: a title and a body in one paragraph


@dataclass(frozen=True)
class _Layout:
    header: int  # the header row
    category: int | None  # the column of categories (None: the headings around the table)
    problem: int  # the column of items
    body: int | None  # a column of their bodies
    rows: list[list[list[Any]]] = field(compare=False, repr=False)  # the table's rows (_rows), read once


def _cells(tr: Any) -> list[list[Any]]:
    """A row's cells by grid column (a cell spanning columns is in its first), each cell its own paragraphs
    (those of a table nested in it are not read)."""
    cells: list[list[Any]] = []
    for tc in tr.findall(_q("tc")):
        tcpr = tc.find(_q("tcPr"))
        span = _int(_attr(tcpr, "gridSpan")) if tcpr is not None else None
        cells.append(list(_own_paragraphs(tc)))
        cells.extend([] for _ in range((span or 1) - 1))
    return cells


def _rows(tbl: Any) -> list[list[list[Any]]]:
    return [_cells(tr) for tr in tbl.findall(_q("tr"))]


def _cell_text(cell: list[Any]) -> str:
    return "".join(_paragraph_text(p) for p in cell)


def _header_text(cell: list[Any]) -> str:
    return re.sub(r"\s+", "", _cell_text(cell))


def _table_layout(tbl: Any) -> _Layout | bool | None:
    """How to read a table: a _Layout; False when it has a header without a problem column (not read at all);
    None when it has no header (read paragraph by paragraph, as running text)."""
    rows = _rows(tbl)
    for k, cells in enumerate(rows[:3]):
        header = [_header_text(c) for c in cells]
        filled = [h for h in header if h]
        if len(filled) < 2 or any(len(h) > HEADER_MAX or "。" in h for h in filled):
            continue
        category = next((j for j, h in enumerate(header) if any(w in h for w in CATEGORY_HEADERS)), None)
        problems = [j for j, h in enumerate(header) if j != category and any(w in h for w in PROBLEM_HEADERS)
                    and not any(w in h for w in NOT_PROBLEM_HEADERS)]
        if not problems:
            if any(any(w in h for w in NOT_PROBLEM_HEADERS + CATEGORY_HEADERS) for h in filled):
                return False  # | 方面 | 整改措施 | 责任人 |, | 问题类型 | 意见条数 |: not criticism to learn from
            continue
        problem = problems[0]
        body = next((j for j in problems[1:] if any(w in header[j] for w in BODY_HEADERS)), None)
        if body is None:
            body = next((j for j, h in enumerate(header) if j not in (category, problem)
                         and any(w in h for w in BODY_HEADERS) and not any(w in h for w in NOT_PROBLEM_HEADERS)),
                        None)
        return _Layout(k, category, problem, body, rows)
    return None


def _sentences(texts: list[str]) -> str:
    """Paragraphs as one text: each ends a sentence unless it ends in a mark (主要表现在：, a ，-list)."""
    out = ""
    for t in texts:
        t = t.strip()
        if out and out[-1] not in "。；;：:，,、！？!?":
            out += "。"
        out += t
    return out + ("" if not out or out[-1] in "。！？!?" else "。")


def _category_name(cell: list[Any]) -> str:
    """The category a cell names: its paragraphs and line breaks as one line, without an Arabic number."""
    name = re.sub(r"\s+", "", _cell_text(cell))
    return _DIGIT_NUMBER.sub("", name, count=1) if _DIGIT_NUMBER.match(name) else name


def _cell_items(texts: list[str]) -> list[str]:
    """The items of one problem cell, as numbered lines without their numbers (the caller numbers them)."""
    texts = [_CN_NUMBER.sub("1.", t, count=1) if _CN_NUMBER.match(t) else t for t in texts]  # （一） inside a cell
    numbered = [bool(_NUMBERED.match(t)) for t in texts]
    if any(numbered):
        if not numbered[0] and all(numbered[1:]):
            # a title, then its points: one item
            return [_sentences([texts[0], *(_DIGIT_NUMBER.sub("", t, count=1) for t in texts[1:])])]
        items: list[list[str]] = []
        for t, n in zip(texts, numbered, strict=True):
            if n or not items:
                items.append([_DIGIT_NUMBER.sub("", t, count=1) if n else t])
            else:
                items[-1].append(t)  # a paragraph that goes on from a numbered one
        return ["".join(parts) for parts in items]
    if len(texts) > 1 and all(_TITLED.match(t.strip()) for t in texts):
        return [_sentences([t]) for t in texts]  # several problems, one per paragraph, each titled
    return [_sentences(texts)]  # one problem: its paragraphs are its title and body


def _table_lines(tbl: Any, layout: _Layout | bool, numbering: Numbering) -> list[str]:
    """A problem table as the lines of a text corpus: each category (when it has an item) a 【】 heading (or
    its own numbered heading), each item a numbered line. A table not to read (layout False) gives none."""
    if not isinstance(layout, _Layout):
        return []
    lines: list[str] = []
    current = heading = ""
    count = 0
    for cells in layout.rows[layout.header + 1 :]:
        if layout.problem >= len(cells):
            continue
        if layout.category is not None and layout.category < len(cells):
            name = _category_name(cells[layout.category])
            if name and name != current:  # (a cell merged down the rows is empty below its first)
                current, count = name, 0
                heading = name if _CN_NUMBER.match(name) or name.startswith(("【", "〖", "[")) else f"【{name}】"
        texts = [t for t in (_numbered_text(p, numbering) for p in cells[layout.problem]) if t.strip()]
        if not texts or re.sub(r"[\s。.]", "", "".join(texts)) in NOTHING:
            continue
        items = _cell_items(texts)
        if layout.body is not None and layout.body < len(cells) and len(items) == 1:
            body = [t for t in (_numbered_text(p, numbering) for p in cells[layout.body]) if t.strip()]
            items = [_sentences([items[0].rstrip("。"), *body])] if body else items
        if heading:
            lines.append(heading)  # a category is written when its first item is: an empty one is no category
            heading = ""
        for item in items:
            count += 1
            lines.append(f"{count}.{item}")
    return lines


def _numbered(p: Any, numbering: Numbering) -> tuple[str, int | None]:
    """A paragraph's text with Word's list number written in front (the number counts even when the text is
    empty), and its outline level (None: not a heading)."""
    ppr = p.find(_q("pPr"))
    sid = _attr(ppr, "pStyle") if ppr is not None else None
    sid = sid or numbering.default_style
    label = numbering.label(ppr, sid)
    text = _paragraph_text(p)
    return ((label or "") + text if text.strip() else ""), numbering.outline(ppr, sid)


def _numbered_text(p: Any, numbering: Numbering) -> str:
    return _numbered(p, numbering)[0]


def _part_element(document: Any, reltype: str) -> Any | None:
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return getattr(rel.target_part, "element", None)
    return None


def docx_text(data: bytes, source: str) -> str:
    """The text of a .docx file, one paragraph per line, with list numbers and headings written out.

    Raises CorpusError when the bytes are not a readable .docx.
    """
    try:
        import docx  # python-docx: the OPC package (parts, relationships) parsed with lxml

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        numbering = Numbering(_part_element(document, _RT_NUMBERING), _part_element(document, _RT_STYLES))
    except Exception as exc:  # python-docx raises zipfile, KeyError, lxml and its own errors for a broken file
        raise CorpusError(NOT_DOCX, source=source) from exc
    lines: list[str] = []
    for p, layout in _blocks(body):
        if layout is not None:
            lines += _table_lines(p, layout, numbering)
            continue
        text, outline = _numbered(p, numbering)
        if not text:
            continue  # an empty numbered paragraph still counts (done above) but shows nothing
        prefix = "#" * (outline + 1) + " " if outline is not None else ""
        lines.append(prefix + text)
    return "\n".join(lines) + "\n"
