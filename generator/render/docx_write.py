"""Word (.docx) output in the conventional layout of Party and government documents (GB/T 9704-2012).

A4; margins 37 mm top, 35 bottom, 28 left, 26 right; 22 lines × 28 characters a page (a docGrid
of lines, exact line spacing and slightly condensed characters, so Word, WPS and LibreOffice
agree); title in 2号 方正小标宋简体, centred; category headings in 3号 黑体; body in 3号
仿宋_GB2312 (仿宋 named as its substitute in the font table) with a first-line indent of two
characters; page numbers "— 1 —" in 4号 宋体, on the right of odd pages and the left of even
pages, one character in. Every run carries its East-Asian font (``w:eastAsia``) and zh-CN as its
language: python-docx sets neither, and without them Word sets Chinese quotation marks and
punctuation in a Latin font.

Draft codes go in one small line at the end of the document, never between paragraphs. The file is
byte-identical for identical content (fixed zip timestamps and document dates).

python-docx is imported only here, and only when a .docx is written.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document as new_document  # type: ignore[import-not-found,unused-ignore]
from docx.enum.style import WD_STYLE_TYPE  # type: ignore[import-not-found,unused-ignore]
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING  # type: ignore[import-not-found,unused-ignore]
from docx.oxml import OxmlElement  # type: ignore[import-not-found,unused-ignore]
from docx.oxml.ns import qn  # type: ignore[import-not-found,unused-ignore]
from docx.shared import Mm, Pt  # type: ignore[import-not-found,unused-ignore]
from docx.text.paragraph import Paragraph  # type: ignore[import-not-found,unused-ignore]

# Sizes of the Chinese type scale (字号), in points.
SIZE_2 = 22.0  # 二号
SIZE_3 = 16.0  # 三号
SIZE_4 = 14.0  # 四号
SIZE_SMALL_5 = 9.0  # 小五

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
SUBTITLE_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
# Font-table substitutes: what Word uses when the named font is not installed.
SUBSTITUTES = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体"}

PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# Text block 225 mm high: 22 lines at 579 twips (28.95 pt). Width 156 mm (442.2 pt): 28 characters of 3号
# (16 pt) fit when each is set 0.25 pt closer (w:spacing -5 twentieths of a point). A docGrid character grid
# would say the same to Word, but LibreOffice then gives every 16 pt character two 15.8 pt cells (a line of
# 14 widely spaced characters), so the grid is of lines only and the characters are condensed instead.
LINE_PITCH_TWIPS = 579
CHAR_CONDENSE_TWENTIETHS = -5
LANGUAGE = "zh-CN"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries and document dates, so equal content gives equal bytes

SIGNATURE_INDENT_CHARS = 4  # the date stands four characters in from the right margin

STYLE_TITLE = "公文标题"
STYLE_SUBTITLE = "公文副标题"
STYLE_HEADING = "公文一级标题"
STYLE_BODY = "公文正文"
STYLE_SIGNATURE = "公文落款"
STYLE_NOTE = "公文附注"


@dataclass(frozen=True)
class Item:
    """One numbered item: the bold lead (``1.标题。``) and the body that follows on the same line."""

    lead: str
    body: str


@dataclass(frozen=True)
class Heading:
    text: str


Block = Item | Heading


@dataclass(frozen=True)
class Page:
    """What a document says, before layout."""

    title: str
    blocks: tuple[Block, ...]
    subtitle: str | None = None
    signature: tuple[str, ...] = ()  # unit, date: right-aligned at the end
    note: str | None = None  # the small line at the very end (draft codes)


def render(page: Page) -> bytes:
    """The .docx file of `page`."""
    doc = new_document()
    _drop_thumbnail(doc)
    _setup(doc)
    _paragraph(doc, STYLE_TITLE, page.title)
    if page.subtitle:
        _paragraph(doc, STYLE_SUBTITLE, page.subtitle)
    _paragraph(doc, STYLE_BODY, "")  # one empty line under the title, as in the standard
    for block in page.blocks:
        if isinstance(block, Heading):
            _paragraph(doc, STYLE_HEADING, block.text)
        else:
            p = _paragraph(doc, STYLE_BODY, "")
            _run(p, block.lead, BODY_FONT, bold=True)
            _run(p, block.body, BODY_FONT)
    if page.signature:
        _paragraph(doc, STYLE_BODY, "")
        widest = max(_width(line) for line in page.signature)
        for line in page.signature:  # centred on each other, the widest four characters in from the right
            p = _paragraph(doc, STYLE_SIGNATURE, line)
            p.paragraph_format.right_indent = Pt(SIZE_3 * (SIGNATURE_INDENT_CHARS + (widest - _width(line)) / 2))
    if page.note:
        _paragraph(doc, STYLE_NOTE, page.note)
    props = doc.core_properties
    props.title = page.title
    props.language = LANGUAGE
    props.author = props.last_modified_by = "critique"
    props.created = props.modified = datetime.datetime(*FIXED_TIME)
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _drop_thumbnail(doc: Any) -> None:
    """python-docx's template carries a picture of a blank page, which file browsers would show as ours."""
    rels = doc.part.package.rels
    for r_id, rel in list(rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            del rels[r_id]


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed entry times (python-docx stamps them with the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


# --- page, styles, fonts ---------------------------------------------------------------------


def _setup(doc: Any) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.header_distance, section.footer_distance = Mm(15), Mm(25)
        _grid(section._sectPr)
        _page_numbers(section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right")
        _page_numbers(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")
    doc.settings.odd_and_even_pages_header_footer = True
    _settings_language(doc.settings.element)
    _defaults(doc.styles.element)
    _font_table(doc)
    styles = doc.styles
    _style(styles, STYLE_BODY, BODY_FONT, SIZE_3, indent=True)
    _style(styles, STYLE_TITLE, TITLE_FONT, SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(styles, STYLE_SUBTITLE, SUBTITLE_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER)
    heading = _style(styles, STYLE_HEADING, HEADING_FONT, SIZE_3, indent=True)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    heading.element.get_or_add_pPr().append(outline)  # shows in Word's navigation pane
    _style(styles, STYLE_SIGNATURE, BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT)
    note = _style(styles, STYLE_NOTE, BODY_FONT, SIZE_SMALL_5, exact=False)
    note.paragraph_format.space_before = Pt(SIZE_3)


def _width(text: str) -> float:
    """Width in characters of 3号: Latin letters and digits are half as wide as Chinese characters."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def _child(parent: Any, tag: str) -> Any:
    """`parent`'s child `tag`, appended if missing (only for tags the schema puts last)."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.append(child)
    return child


def _grid(sect_pr: Any) -> None:
    grid = _child(sect_pr, "w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))


def _style(styles: Any, name: str, font: str, size: float, *, align: Any = None, indent: bool = False,
           exact: bool = True) -> Any:
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.quick_style = True
    style.font.size = Pt(size)
    r_pr = style.element.get_or_add_rPr()
    _fonts(r_pr, font)
    if size == SIZE_3:
        condense = OxmlElement("w:spacing")
        condense.set(qn("w:val"), str(CHAR_CONDENSE_TWENTIETHS))
        r_pr.insert_element_before(condense, *_AFTER_SPACING)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PITCH_TWIPS / 20)
    fmt.widow_control = False  # a grid of fixed lines: no line pushed to the next page
    if align is not None:
        fmt.alignment = align
    else:
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        fmt.first_line_indent = Pt(2 * size)
        fmt.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")
    return style


def _fonts(r_pr: Any, font: str) -> None:
    """The same font for Latin, East-Asian and complex script, and zh-CN as the language."""
    fonts = r_pr.get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), font)
    fonts.set(qn("w:hint"), "eastAsia")
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.insert_element_before(lang, *_AFTER_LANG)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


# Children of w:rPr that the schema puts after w:spacing and after w:lang (Word refuses them out of order).
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
                  "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", *_AFTER_LANG)


def _defaults(styles: Any) -> None:
    """Document defaults in 3号 仿宋, zh-CN, no spacing: what the grid's character pitch is measured against."""
    r_pr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = r_pr.get_or_add_rFonts()
    for theme in list(fonts.attrib):
        del fonts.attrib[theme]  # theme fonts would win over the named ones
    _fonts(r_pr, BODY_FONT)
    for tag in ("w:sz", "w:szCs"):
        r_pr.find(qn(tag)).set(qn("w:val"), str(int(SIZE_3 * 2)))
    spacing = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")


def _settings_language(settings: Any) -> None:
    lang = _child(settings, "w:themeFontLang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _font_table(doc: Any) -> None:
    """Name each font we use in the font table, as GB2312 Chinese, with its substitute."""
    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    from lxml import etree  # type: ignore[import-untyped,unused-ignore]

    root = etree.fromstring(part.blob)
    names = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name in (BODY_FONT, TITLE_FONT, HEADING_FONT, SUBTITLE_FONT, PAGE_NUMBER_FONT):
        if name in names:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        if name in SUBSTITUTES:
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), SUBSTITUTES[name])
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), "modern" if name != HEADING_FONT else "auto")
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "fixed" if name != TITLE_FONT else "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- paragraphs and runs ----------------------------------------------------------------------


def _style_id(doc: Any, name: str) -> str:
    ids: dict[str, str] = doc.__dict__.setdefault("_critique_style_ids", {})
    if name not in ids:
        ids[name] = doc.styles[name].style_id
    return ids[name]


_STYLE_FONTS = {STYLE_TITLE: TITLE_FONT, STYLE_HEADING: HEADING_FONT, STYLE_SUBTITLE: SUBTITLE_FONT}


def _paragraph(doc: Any, style: str, text: str) -> Any:
    """A new last paragraph of the body in `style`.

    Built by hand: python-docx's add_paragraph looks the style up among all styles and scans the body
    for its section properties on every call, which made a 20,000-paragraph file take 80 seconds.
    """
    end = doc.__dict__.get("_critique_end")
    if end is None:  # the body's last child, its section properties: found once
        end = doc.__dict__["_critique_end"] = doc.element.body.sectPr
    element = OxmlElement("w:p")
    end.addprevious(element)
    element.style = _style_id(doc, style)
    p = Paragraph(element, doc._body)
    if text:
        _run(p, text, _STYLE_FONTS.get(style, BODY_FONT))
    return p


def _run(p: Any, text: str, font: str, *, bold: bool = False, size: float | None = None) -> Any:
    run = p.add_run(text)
    if bold:
        run.bold = True
    if size is not None:
        run.font.size = Pt(size)
    _fonts(run._element.get_or_add_rPr(), font)
    return run


def _page_numbers(footer: Any, align: Any, side: str) -> None:
    """'— N —' with a PAGE field, 4号 宋体, one character in from the outer edge."""
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if side == "right":
        fmt.right_indent = Pt(SIZE_4)
    else:
        fmt.left_indent = Pt(SIZE_4)
    _run(p, "— ", PAGE_NUMBER_FONT, size=SIZE_4)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = _run(p, "", PAGE_NUMBER_FONT, size=SIZE_4)
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
        else:
            run.text = text
    _run(p, " —", PAGE_NUMBER_FONT, size=SIZE_4)


def items_page(title: str, leads_and_bodies: Sequence[tuple[str, str]], note: str | None) -> Page:
    """A page of numbered items without headings (generate, batch)."""
    return Page(title, tuple(Item(lead, body) for lead, body in leads_and_bodies), note=note)


__all__ = ["Heading", "Item", "Page", "items_page", "render"]
