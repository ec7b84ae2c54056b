"""Word corpora: .docx files built here with real automatic numbering (numbering.xml), read back exactly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from hypothesis import given
from hypothesis import strategies as st

from generator.errors import CorpusError
from generator.read.corpus import _cn_number, read_corpus
from generator.read.docx_read import NOT_DOCX, docx_text, format_number

W = nsdecls("w")


def level(ilvl: int, fmt: str, text: str, *, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def set_numbering(doc: DocxDocument, abstracts: dict[int, list[str]], nums: dict[int, tuple[int, str]]) -> None:
    """Replace the document's numbering.xml: abstractNum id -> levels; num id -> (abstractNum id, overrides)."""
    numbering = doc.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for aid, levels in abstracts.items():
        numbering.append(parse_xml(f'<w:abstractNum {W} w:abstractNumId="{aid}">{"".join(levels)}</w:abstractNum>'))
    for nid, (aid, overrides) in nums.items():
        numbering.append(parse_xml(f'<w:num {W} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'))


def restart(ilvl: int, start: int) -> str:
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'


def number(target: object, num_id: int, ilvl: int | None = 0) -> None:
    """Give a paragraph (or a style, through its element) automatic numbering."""
    element = target._p if hasattr(target, "_p") else target.element  # type: ignore[attr-defined]
    num_pr = element.get_or_add_pPr().get_or_add_numPr()
    if ilvl is not None:
        num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


def save(doc: DocxDocument, path: Path) -> Path:
    doc.save(str(path))
    return path


def shape(path: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    corpus = read_corpus(path)
    return [(c.name, c.heading, [(i.title, i.body) for i in c.items]) for c in corpus.categories]


def test_heading_and_items_exist_only_as_numbering(tmp_path: Path) -> None:
    """一、在X方面 and (1)… are Word list numbers: nothing of them is in the paragraph text."""
    doc = docx.Document()
    set_numbering(doc, {1: [level(0, "chineseCounting", "%1、"), level(1, "decimal", "(%2)")]}, {1: (1, "")})
    doc.add_paragraph("对张三同志的批评意见")
    for heading, items in [
        ("在理论学习方面", ["学习不够深入。浅尝辄止，没有学深悟透。", "学习不够系统。碎片化学习多。"]),
        ("在纠治“四风”方面", ["形式主义仍有表现。会议多、文件多。", "调查研究不够深入。下基层少。",
                              "服务意识不强。回应群众诉求慢。"]),
    ]:
        number(doc.add_paragraph(heading), 1, 0)
        for item in items:
            number(doc.add_paragraph(item), 1, 1)
    doc.add_paragraph("XX党支部")
    doc.add_paragraph("2024年1月10日")
    path = save(doc, tmp_path / "意见.docx")
    assert docx_text(path.read_bytes(), path.name).splitlines() == [
        "对张三同志的批评意见",
        "一、 在理论学习方面",
        "(1) 学习不够深入。浅尝辄止，没有学深悟透。",
        "(2) 学习不够系统。碎片化学习多。",
        "二、 在纠治“四风”方面",
        "(1) 形式主义仍有表现。会议多、文件多。",
        "(2) 调查研究不够深入。下基层少。",
        "(3) 服务意识不强。回应群众诉求慢。",
        "XX党支部",
        "2024年1月10日",
    ]
    assert shape(path) == [
        ("理论学习", "一、在理论学习方面", [("学习不够深入", "浅尝辄止，没有学深悟透。"),
                                            ("学习不够系统", "碎片化学习多。")]),
        ("纠治“四风”", "二、在纠治“四风”方面", [("形式主义仍有表现", "会议多、文件多。"),
                                                  ("调查研究不够深入", "下基层少。"),
                                                  ("服务意识不强", "回应群众诉求慢。")]),
    ]
    assert [(s.line, s.reason) for s in read_corpus(path).skipped] == [(1, "称呼"), (9, "署名单位"), (10, "日期")]


def test_restarts_by_start_override_and_continuation_across_nums(tmp_path: Path) -> None:
    """Two nums of one abstractNum continue each other; a num with startOverride restarts the list."""
    doc = docx.Document()
    set_numbering(doc, {7: [level(0, "decimal", "%1.", start=1)],
                        8: [level(0, "decimalEnclosedCircle", "%1", start=3)]},
                  {1: (7, ""), 2: (7, restart(0, 1)), 3: (7, ""), 4: (8, "")})
    doc.add_paragraph("（一）理论学习")
    number(doc.add_paragraph("甲一。正文甲一。"), 1)
    number(doc.add_paragraph("甲二。正文甲二。"), 1)
    doc.add_paragraph("（二）工作作风")
    number(doc.add_paragraph("乙一。正文乙一。"), 2)  # restarts at 1
    number(doc.add_paragraph("乙二。正文乙二。"), 3)  # another num of the same list: continues at 2
    doc.add_paragraph("（三）廉洁自律")
    number(doc.add_paragraph("丙一。正文丙一。"), 4)  # starts at 3: ③
    number(doc.add_paragraph("丙二。正文丙二。"), 4)
    path = save(doc, tmp_path / "r.docx")
    assert docx_text(path.read_bytes(), path.name).splitlines() == [
        "（一）理论学习", "1. 甲一。正文甲一。", "2. 甲二。正文甲二。",
        "（二）工作作风", "1. 乙一。正文乙一。", "2. 乙二。正文乙二。",
        "（三）廉洁自律", "③ 丙一。正文丙一。", "④ 丙二。正文丙二。",
    ]
    assert shape(path) == [
        ("理论学习", "（一）理论学习", [("甲一", "正文甲一。"), ("甲二", "正文甲二。")]),
        ("工作作风", "（二）工作作风", [("乙一", "正文乙一。"), ("乙二", "正文乙二。")]),
        ("廉洁自律", "（三）廉洁自律", [("丙一", "正文丙一。"), ("丙二", "正文丙二。")]),
    ]


def test_numbering_from_paragraph_styles(tmp_path: Path) -> None:
    """一、 headings and （一） items numbered only through their styles (Heading 1 and a list style)."""
    doc = docx.Document()
    set_numbering(doc, {3: [level(0, "chineseCounting", "%1、"), level(1, "chineseCounting", "（%2）")]},
                  {6: (3, "")})
    number(doc.styles["Heading 1"], 6, 0)
    item_style = doc.styles.add_style("意见条目", WD_STYLE_TYPE.PARAGRAPH)
    item_style.base_style = doc.styles["Normal"]
    number(item_style, 6, 1)
    doc.add_paragraph("2024年度组织生活会相互批评意见", style="Title")
    doc.add_paragraph("理论学习方面", style="Heading 1")
    doc.add_paragraph("学习不够深入。对理论学习浅尝辄止。", style="意见条目")
    doc.add_paragraph("联系实际不够。学用脱节，转化不足。", style="意见条目")
    doc.add_paragraph("工作作风方面", style="Heading 1")
    doc.add_paragraph("调研不深入。下基层次数少，了解情况不全面。", style="意见条目")
    doc.add_paragraph("以上意见仅供参考。")
    path = save(doc, tmp_path / "styles.docx")
    assert docx_text(path.read_bytes(), path.name).splitlines() == [
        "# 2024年度组织生活会相互批评意见",
        "# 一、 理论学习方面",
        "（一） 学习不够深入。对理论学习浅尝辄止。",
        "（二） 联系实际不够。学用脱节，转化不足。",
        "# 二、 工作作风方面",
        "（一） 调研不深入。下基层次数少，了解情况不全面。",
        "以上意见仅供参考。",
    ]
    assert shape(path) == [
        ("理论学习", "一、理论学习方面", [("学习不够深入", "对理论学习浅尝辄止。"),
                                          ("联系实际不够", "学用脱节，转化不足。")]),
        ("工作作风", "二、工作作风方面", [("调研不深入", "下基层次数少，了解情况不全面。")]),
    ]


def test_lower_level_restarts_and_title_paragraph_then_body(tmp_path: Path) -> None:
    """（一） categories over 1. items on two levels of one list; a title paragraph without 。 and its body."""
    doc = docx.Document()
    set_numbering(doc, {1: [level(0, "chineseCounting", "（%1）", extra='<w:suff w:val="nothing"/>'),
                            level(1, "decimal", "%2.", extra='<w:suff w:val="nothing"/>')]}, {1: (1, "")})
    number(doc.add_paragraph("在理论学习方面的问题"), 1, 0)
    number(doc.add_paragraph("理论学习缺乏深度"), 1, 1)
    doc.add_paragraph("对创新理论的学习停留在表面，没有做到学深悟透。")
    number(doc.add_paragraph("学习方式不够科学。赶进度多，钻研少。"), 1, 1)
    number(doc.add_paragraph("在廉洁自律方面的问题"), 1, 0)
    number(doc.add_paragraph("自我要求不够严格。自律意识有所放松。"), 1, 1)
    path = save(doc, tmp_path / "t.docx")
    assert docx_text(path.read_bytes(), path.name).splitlines()[:4] == [
        "（一）在理论学习方面的问题", "1.理论学习缺乏深度", "对创新理论的学习停留在表面，没有做到学深悟透。",
        "2.学习方式不够科学。赶进度多，钻研少。",
    ]
    assert shape(path) == [
        ("理论学习", "（一）在理论学习方面的问题", [
            ("理论学习缺乏深度", "对创新理论的学习停留在表面，没有做到学深悟透。"),
            ("学习方式不够科学", "赶进度多，钻研少。"),
        ]),
        ("廉洁自律", "（二）在廉洁自律方面的问题", [("自我要求不够严格", "自律意识有所放松。")]),
    ]


def test_tables_deleted_revisions_and_breaks(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("（一）理论学习")
    p = doc.add_paragraph("1.学习不深。浅尝辄止")
    p._p.append(parse_xml(f'<w:del {W} w:id="1" w:author="a"><w:r><w:delText>删掉的字</w:delText></w:r></w:del>'))
    p.add_run("，不够系统。")
    cell = doc.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "2.表格里的条目。正文在表格里。"
    path = save(doc, tmp_path / "x.docx")
    assert shape(path) == [("理论学习", "（一）理论学习", [("学习不深", "浅尝辄止，不够系统。"),
                                                            ("表格里的条目", "正文在表格里。")])]


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x03\x04broken"], ids=["empty", "text", "bad-zip"])
def test_invalid_docx_is_one_clear_line(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "坏.docx"
    path.write_bytes(data)
    with pytest.raises(CorpusError) as info:
        read_corpus(path)
    assert str(info.value) == f"坏.docx：{NOT_DOCX}"


def test_folder_mixes_txt_md_docx_and_survives_one_bad_file(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("一、廉洁自律")
    doc.add_paragraph("1.要求不严。标准有所降低。")
    save(doc, tmp_path / "b.docx")
    (tmp_path / "a.txt").write_text("（一）理论学习\n1.学习不深。浅尝辄止。\n", encoding="gbk")
    (tmp_path / "c.md").write_text("## 工作作风\n\n1. **调研不深**。下基层少。\n", encoding="utf-8")
    (tmp_path / "d.docx").write_bytes(b"garbage")
    (tmp_path / "e.txt").write_text("会议通知\n请准时参加。\n", encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert [(c.name, [(i.title, i.source) for i in c.items]) for c in corpus.categories] == [
        ("理论学习", [("学习不深", "a.txt")]),
        ("廉洁自律", [("要求不严", "b.docx")]),
        ("工作作风", [("调研不深", "c.md")]),
    ]
    assert [(s.source, s.line) for s in corpus.skipped if s.line is None] == [("d.docx", None), ("e.txt", None)]


def test_lone_bad_file_in_folder_raises_its_error(tmp_path: Path) -> None:
    (tmp_path / "d.docx").write_bytes(b"garbage")
    with pytest.raises(CorpusError, match=r"^d\.docx：不是有效的 Word"):
        read_corpus(tmp_path)


@pytest.mark.parametrize(
    ("fmt", "values"),
    [
        ("chineseCounting", {1: "一", 10: "十", 11: "十一", 20: "二十", 99: "九十九", 101: "一百零一",
                             110: "一百一十"}),
        ("decimalEnclosedCircle", {1: "①", 20: "⑳", 21: "(21)"}),
        ("decimalEnclosedParen", {1: "⑴"}),
        ("upperLetter", {1: "A", 27: "AA"}),
        ("lowerRoman", {4: "iv", 1994: "mcmxciv"}),
        ("ideographTraditional", {1: "甲", 11: "甲"}),
        ("chineseLegalSimplified", {3: "叁", 12: "壹拾贰"}),
        ("decimalFullWidth", {12: "１２"}),
        ("bogus", {5: "5"}),
    ],
)
def test_number_formats(fmt: str, values: dict[int, str]) -> None:
    assert {n: format_number(n, fmt) for n in values} == values


@given(st.integers(1, 99))
def test_chinese_counting_reads_back_as_the_same_number(n: int) -> None:
    """What Word shows for chineseCounting is what the corpus parser reads as a heading number."""
    assert _cn_number(format_number(n, "chineseCounting")) == n


def test_style_attribute_names_are_real() -> None:
    """Guard the helper above: python-docx's pPr really has the numPr children used in these tests."""
    doc = docx.Document()
    p = doc.add_paragraph("x")
    number(p, 5, 2)
    assert p._p.pPr.find(qn("w:numPr")).find(qn("w:ilvl")).get(qn("w:val")) == "2"


def test_old_doc_files_are_named(tmp_path: Path) -> None:
    old = tmp_path / "旧.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    with pytest.raises(CorpusError, match=r"^旧\.doc：这是旧版 Word（\.doc）文件；请在 Word 或 WPS 里"):
        read_corpus(old)
    with pytest.raises(CorpusError, match=r"文件夹里只有旧版 Word（\.doc）文件"):
        read_corpus(tmp_path)


def test_a_bold_title_that_runs_into_its_body_ends_where_the_bold_does(tmp_path: Path) -> None:
    """**1.政治理论学习不够系统**平时学习……: no 。 after the title, only the bold marks its end (fault hunt of stop 26).
    A heading's bold words (一、**理论学习**方面的问题) and a bold lead (**一是**……) are left as they are."""
    doc = docx.Document()
    heading = doc.add_paragraph("一、")
    heading.add_run("思想政治").bold = True
    heading.add_run("方面的问题")
    p = doc.add_paragraph()
    p.add_run("1.政治理论学习不够系统").bold = True
    p.add_run("平时学习多停留在读文件、听报告上，对党的创新理论缺乏系统深入的研究。")
    lead = doc.add_paragraph()
    lead.add_run("2.").bold = False
    lead.add_run("一是").bold = True
    lead.add_run("学习不够深入，满足于读文件、听报告。学用结合不紧密。")
    path = tmp_path / "bold.docx"
    doc.save(str(path))
    corpus = read_corpus(path)
    assert [c.name for c in corpus.categories] == ["思想政治"]
    assert [(it.title, it.body[:4]) for it in corpus.categories[0].items] == [
        ("政治理论学习不够系统", "平时学习"), ("一是学习不够深入，满足于读文件、听报告", "学用结合")]


def test_old_doc_beside_other_files_is_named(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A folder read for its .txt files says which .doc files it left out, instead of skipping them silently."""
    (tmp_path / "旧.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    text = "一、理论学习\n1.学习不深。对理论学习浅尝辄止，学用结合不够紧密。\n"
    (tmp_path / "新.txt").write_text(text, encoding="utf-8")
    with caplog.at_level("WARNING"):
        corpus = read_corpus(tmp_path)
    assert [f for f, _ in corpus.texts] == ["新.txt"]
    assert "没有读取旧版 Word（.doc）文件 旧.doc" in caplog.text


def test_cli_bad_docx_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "坏.docx"
    path.write_bytes(b"PK\x03\x04 not really")
    result = subprocess.run([sys.executable, "-m", "generator", "generate", "--corpus", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"错误：坏.docx：{NOT_DOCX}\n")


def test_multilevel_text_legal_numbers_and_a_level_that_never_restarts(tmp_path: Path) -> None:
    doc = docx.Document()
    set_numbering(doc, {1: [level(0, "chineseCounting", "%1、"),
                            level(1, "decimal", "%1.%2", extra='<w:isLgl/><w:suff w:val="nothing"/>'),
                            level(2, "decimalEnclosedCircle", "%3", extra='<w:lvlRestart w:val="0"/>')]},
                  {1: (1, "")})
    for text, ilvl in [("甲", 0), ("甲甲", 1), ("子", 2), ("甲乙", 1), ("乙", 0), ("乙甲", 1), ("丑", 2)]:
        number(doc.add_paragraph(text), 1, ilvl)
    path = save(doc, tmp_path / "m.docx")
    assert docx_text(path.read_bytes(), path.name).splitlines() == [
        "一、 甲", "1.1甲甲", "① 子", "1.2甲乙", "二、 乙", "2.1乙甲", "② 丑",
    ]


def test_list_style_linked_through_num_style_link(tmp_path: Path) -> None:
    """An abstractNum that only names a list style (w:numStyleLink) takes that style's list definition."""
    doc = docx.Document()
    set_numbering(doc, {1: [level(0, "decimal", "（%1）")],
                        2: ['<w:numStyleLink w:val="OpinionList"/>']},
                  {1: (1, ""), 2: (2, "")})
    styles = doc.styles.element
    styles.append(parse_xml(f'<w:style {W} w:type="numbering" w:styleId="OpinionList"><w:name w:val="Opinion List"/>'
                            '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'))
    number(doc.add_paragraph("甲。正文。"), 2)
    number(doc.add_paragraph("乙。正文。"), 2)
    path = save(doc, tmp_path / "link.docx")
    assert docx_text(path.read_bytes(), path.name).splitlines() == ["（1） 甲。正文。", "（2） 乙。正文。"]


def test_custom_number_format_in_alternate_content(tmp_path: Path) -> None:
    """Word 2010+ keeps a custom format (一, 二, 三, ...) in mc:AlternateContent, with a decimal fallback."""
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    custom = (f'<mc:AlternateContent {mc}><mc:Choice Requires="w14">'
              '<w:numFmt w:val="custom" w:format="一, 二, 三, ..."/></mc:Choice>'
              '<mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>')
    doc = docx.Document()
    set_numbering(doc, {1: [f'<w:lvl w:ilvl="0"><w:start w:val="1"/>{custom}<w:lvlText w:val="%1、"/></w:lvl>']},
                  {1: (1, "")})
    number(doc.add_paragraph("理论学习"), 1)
    number(doc.add_paragraph("工作作风"), 1)
    path = save(doc, tmp_path / "c.docx")
    assert docx_text(path.read_bytes(), path.name).splitlines() == ["一、 理论学习", "二、 工作作风"]


def test_problem_table_with_merged_category_cells(tmp_path: Path) -> None:
    """| 序号 | 问题类别 | 存在的问题 | 整改措施 |: categories from the 问题类别 column (merged down its rows), one
    item per row from the problem column, its paragraphs its title and body; 序号 and 整改措施 are not read."""
    doc = docx.Document()
    doc.add_paragraph("查摆问题清单")
    table = doc.add_table(rows=5, cols=4)
    for cell, text in zip(table.rows[0].cells, ["序号", "问题类别", "存在的问题", "整改措施"], strict=True):
        cell.text = text
    rows = [("1", "理论学习方面", "学习不够深入。多是读原文、记笔记", "每月自学"),
            ("2", "", "学用结合不紧密。心得写得多，转化得少。", "定计划"),
            ("3", "工作作风", "调研不深入", "蹲点调研"),
            ("4", "", "服务意识不强。回应诉求不及时。", "建台账")]
    for k, row in enumerate(rows, 1):
        for cell, text in zip(table.rows[k].cells, row, strict=True):
            cell.text = text
    table.cell(3, 2).add_paragraph("下基层多是听汇报")  # a title paragraph, then its body
    table.cell(1, 1).merge(table.cell(2, 1))  # 理论学习方面 spans rows 1-2 (a vMerge)
    path = save(doc, tmp_path / "t.docx")
    assert shape(path) == [
        ("理论学习", "【理论学习方面】",
         [("学习不够深入", "多是读原文、记笔记。"), ("学用结合不紧密", "心得写得多，转化得少。")]),
        ("工作作风", "【工作作风】", [("调研不深入", "下基层多是听汇报。"), ("服务意识不强", "回应诉求不及时。")]),
    ]


def test_problem_cell_with_numbered_items(tmp_path: Path) -> None:
    doc = docx.Document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "方面", "问题表现"
    table.cell(1, 0).text = "（一）廉洁自律"
    cell = table.cell(1, 1)
    cell.paragraphs[0].text = "1.自我要求不严。认为小节无伤大雅。"
    cell.add_paragraph("2.防控意识不强。风险梳理不全，")
    cell.add_paragraph("过程监管不够。")
    path = save(doc, tmp_path / "n.docx")
    assert shape(path) == [("廉洁自律", "（一）廉洁自律", [("自我要求不严", "认为小节无伤大雅。"),
                                                          ("防控意识不强", "风险梳理不全，过程监管不够。")])]


def _table(doc: DocxDocument, rows: list[list[str]]) -> Any:
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            paragraphs = text.split("\n")
            cell.paragraphs[0].text = paragraphs[0]
            for more in paragraphs[1:]:
                cell.add_paragraph(more)
    return table


def test_problem_tables_as_users_lay_them_out(tmp_path: Path) -> None:
    """From a fault hunt: a title row above the header, headings around a table without a category column,
    tables of measures and of figures (not read), numbers and line breaks in category cells, （一） and
    title-then-points inside cells, a column of bodies, and rows that say 无."""
    doc = docx.Document()
    t1 = _table(doc, [["查摆问题清单", "", ""], ["序号", "问题类别", "存在的问题"],
                      ["1", "1.理论学习方面", "（一）学习不深入。读原文多。\n（二）学用脱节。转化少。"],
                      ["2", "工作作风", "调研不深入\n1.走马观花。\n2.跟踪不够。"],
                      ["3", "纪律作风", "无"]])
    t1.cell(0, 0).merge(t1.cell(0, 2))
    doc.add_paragraph("（四）廉洁自律方面")
    _table(doc, [["序号", "存在的问题", "整改措施"], ["1", "要求不严。标准降低。", "签订承诺书"],
                 ["2", "防控不强。梳理不全。\n监督不够。过程监管少。", "梳理风险点"]])
    _table(doc, [["方面", "整改措施", "责任人"], ["理论学习", "制定计划", "张三"]])
    _table(doc, [["问题类型", "意见条数"], ["理论学习", "3"]])
    _table(doc, [["方面", "问题", "具体表现"], ["担当作为", "斗争精神不强", "遇到矛盾绕着走"]])
    path = save(doc, tmp_path / "t.docx")
    assert [(name, items) for name, _, items in shape(path)] == [
        ("理论学习", [("学习不深入", "读原文多。"), ("学用脱节", "转化少。")]),
        ("工作作风", [("调研不深入", "走马观花。跟踪不够。")]),
        ("廉洁自律", [("要求不严", "标准降低。"), ("防控不强", "梳理不全。"), ("监督不够", "过程监管少。")]),
        ("担当作为", [("斗争精神不强", "遇到矛盾绕着走。")]),
    ]
    text = "".join(t for _, t in read_corpus(path).texts)
    assert "签订承诺书" not in text and "张三" not in text and "意见条数" not in text


def test_nested_tables_and_line_breaks_in_category_cells(tmp_path: Path) -> None:
    doc = docx.Document()
    table = _table(doc, [["方面", "存在的问题"], ["理论学习", "学习不深入。读原文多。"]])
    table.cell(1, 1).add_table(rows=1, cols=2).cell(0, 0).text = "嵌套的表格字"
    run = table.cell(1, 0).paragraphs[0].runs[0]
    run.text = "理论"
    run.add_break()
    run.add_text("学习")
    path = save(doc, tmp_path / "n.docx")
    assert [(name, items) for name, _, items in shape(path)] == [("理论学习", [("学习不深入", "读原文多。")])]
