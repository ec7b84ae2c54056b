"""Tests for generator.read.corpus: decoding, normalisation, structure, errors, merging, speed."""

from __future__ import annotations

import ast
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import CorpusError
from generator.read.corpus import (
    Category,
    Corpus,
    Item,
    decode_bytes,
    normalise_text,
    parse_text,
    read_corpus,
)

SEED = Path(__file__).resolve().parents[1] / "corpus" / "000_f528c00ba62b58e2.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_NAME = SEED.name

EXPECTED: dict[str, list[str]] = {
    "理论学习": ["理论学习缺乏深度", "对创新理论学习方式不够科学", "理论融合转化缺乏力度"],
    "政治素质": ["政治“三力”能力不足", "履职尽责不够到位", "政绩观树立和践行得还不够牢固"],
    "能力本领": ["能力水平不够", "存在保守求稳心理", "对基层党组织工作指导还不够经常"],
    "担当作为": ["进取精神有所弱化", "创新精神不够强", "斗争精神发挥还不够"],
    "工作作风": ["落实重大决策部署还有差距", "宗旨意识有所淡化", "群众工作的本领不足"],
    "廉洁自律": ["自我要求还不够严格", "履行党风廉政建设责任标准不高", "纪律监督不够严"],
}
EXPECTED_LINES = [9, 11, 13, 19, 21, 23, 29, 31, 33, 37, 41, 43, 47, 49, 53, 57, 59, 61]
CN = "一二三四五六"
CIRCLED = "①②③"

HEADING_LINE = re.compile(r"^（([一二三四五六])）在(.+)方面的问题$", re.MULTILINE)
ITEM_LINE = re.compile(r"^([1-3])\.", re.MULTILINE)


def seed_corpus() -> Corpus:
    return read_corpus(SEED)


def shape(corpus: Corpus) -> list[tuple[str, list[tuple[str, str]]]]:
    """What must survive any re-encoding or renumbering: names, titles and bodies."""
    return [(c.name, [(i.title, i.body) for i in c.items]) for c in corpus.categories]


def renumber(
    text: str,
    heading: Callable[[int, str], str] | None = None,
    item: Callable[[int], str] | None = None,
) -> str:
    """The seed with its headings and/or item numbers rewritten (n is 1-based)."""
    if heading is not None:
        h = heading
        text = HEADING_LINE.sub(lambda m: h(CN.index(m.group(1)) + 1, m.group(2)), text)
    if item is not None:
        i = item
        text = ITEM_LINE.sub(lambda m: i(int(m.group(1))), text)
    return text


def error_of(text: str, source: str = "t.txt") -> str:
    with pytest.raises(CorpusError) as info:
        parse_text(text, source)
    return str(info.value)


# --------------------------------------------------------------------------------------------
# The seed corpus
# --------------------------------------------------------------------------------------------


def test_seed_has_six_categories_in_order() -> None:
    corpus = seed_corpus()
    assert [c.name for c in corpus.categories] == list(EXPECTED)
    assert all(len(c.items) == 3 for c in corpus.categories)


@pytest.mark.parametrize("name", list(EXPECTED), ids=list(EXPECTED))
def test_seed_titles(name: str) -> None:
    category = next(c for c in seed_corpus().categories if c.name == name)
    assert [i.title for i in category.items] == EXPECTED[name]


def test_seed_headings_items_sources_and_lines() -> None:
    corpus = seed_corpus()
    assert [c.heading for c in corpus.categories] == [
        f"（{n}）在{name}方面的问题" for n, name in zip(CN, EXPECTED, strict=True)
    ]
    items = [i for c in corpus.categories for i in c.items]
    assert [i.line for i in items] == EXPECTED_LINES
    assert {i.source for i in items} == {SEED_NAME}
    for item in items:
        assert item.body.endswith("。")
        assert not item.title.endswith("。")
        assert "\n" not in item.body
    first = items[0]
    assert first.body.startswith("对习近平新时代中国特色社会主义思想的学习停留在大而化之")
    assert first.body.endswith("未能达到学深悟透、修炼升级、凝心铸魂的境界。")


PAGE_BREAKS = {
    "理论融合转化缺乏力度": "缺乏发展机遇和发展潜力的理性研判，发现问题、研究问题、破解问题的动力不足。",
    "政绩观树立和践行得还不够牢固": "厚植“功成不必在我的精神境界、功成必定有我的历史担当”上还需加强。",
    "进取精神有所弱化": "紧迫感不太强，自我加压不够经常，进取意识有所弱化",
    "宗旨意识有所淡化": "很难真正掌握实际情况，触及问题实质，没有充分认识到",
    "纪律监督不够严": "就“睁一只眼闭一只眼”，提醒不深入，批评教育不够。",
}


@pytest.mark.parametrize("title", list(PAGE_BREAKS), ids=list(PAGE_BREAKS))
def test_seed_page_breaks_are_joined_without_space(title: str) -> None:
    item = next(i for c in seed_corpus().categories for i in c.items if i.title == title)
    assert PAGE_BREAKS[title] in item.body


def test_seed_texts_is_the_normalised_file() -> None:
    corpus = seed_corpus()
    assert corpus.texts == ((SEED_NAME, SEED_TEXT),)  # the seed is already clean
    assert parse_text(SEED_TEXT, SEED_NAME) == corpus


def test_dataclasses_are_frozen() -> None:
    item = seed_corpus().categories[0].items[0]
    assert isinstance(item, Item)
    with pytest.raises(AttributeError):
        item.title = "x"  # type: ignore[misc]
    assert isinstance(seed_corpus().categories[0], Category)


# --------------------------------------------------------------------------------------------
# Numbering variants
# --------------------------------------------------------------------------------------------

HEADING_PREFIXES: dict[str, Callable[[int], str]] = {
    "full-paren": lambda n: f"（{CN[n - 1]}）",
    "ascii-paren": lambda n: f"({CN[n - 1]})",
    "spaced-paren": lambda n: f"（ {CN[n - 1]} ） ",
    "dunhao": lambda n: f"{CN[n - 1]}、",
    "fullwidth-dot": lambda n: f"{CN[n - 1]}．",
    "part": lambda n: f"第{CN[n - 1]}部分 ",
    "chapter": lambda n: f"第{CN[n - 1]}章：",
    "section": lambda n: f"第{CN[n - 1]}节　",
}
HEADING_WRAPPERS: dict[str, Callable[[str], str]] = {
    "zai-fangmian-de-wenti": lambda x: f"在{x}方面的问题",
    "zai-fangmian-cunzai-de-wenti": lambda x: f"在{x}方面存在的问题",
    "fangmian-cunzai-de-wenti": lambda x: f"{x}方面存在的问题",
    "fangmian-de-wenti": lambda x: f"{x}方面的问题",
    "fangmian-wenti": lambda x: f"{x}方面问题",
    "fangmian": lambda x: f"{x}方面",
    "bare": lambda x: x,
    "guanyu-quoted-colon": lambda x: f"关于“{x}”方面：",
    "trailing-colon": lambda x: f"{x}：",
}


@pytest.mark.parametrize("prefix", list(HEADING_PREFIXES), ids=list(HEADING_PREFIXES))
@pytest.mark.parametrize("wrapper", list(HEADING_WRAPPERS), ids=list(HEADING_WRAPPERS))
def test_heading_variants_give_same_corpus(prefix: str, wrapper: str) -> None:
    make_prefix, wrap = HEADING_PREFIXES[prefix], HEADING_WRAPPERS[wrapper]
    text = renumber(SEED_TEXT, heading=lambda n, x: make_prefix(n) + wrap(x))
    assert text != SEED_TEXT or (prefix, wrapper) == ("full-paren", "zai-fangmian-de-wenti")
    assert shape(parse_text(text, "v.txt")) == shape(seed_corpus())


ITEM_STYLES: dict[str, Callable[[int], str]] = {
    "ascii-dot-space": lambda n: f"{n}. ",
    "fullwidth-dot": lambda n: f"{n}．",
    "fullwidth-digit": lambda n: f"{chr(0xFF10 + n)}．",
    "dunhao": lambda n: f"{n}、",
    "full-paren": lambda n: f"（{n}）",
    "fullwidth-digit-paren": lambda n: f"（{chr(0xFF10 + n)}）",
    "ascii-paren": lambda n: f"({n})",
    "half-paren": lambda n: f"{n})",
    "half-full-paren": lambda n: f"{n}）",
    "circled": lambda n: CIRCLED[n - 1],
    "circled-space": lambda n: CIRCLED[n - 1] + " ",
    "parenthesized-char": lambda n: chr(0x2473 + n),  # ⑴
}


@pytest.mark.parametrize("style", list(ITEM_STYLES), ids=list(ITEM_STYLES))
def test_item_variants_give_same_corpus(style: str) -> None:
    text = renumber(SEED_TEXT, item=ITEM_STYLES[style])
    assert text != SEED_TEXT
    corpus = parse_text(text, "v.txt")
    assert shape(corpus) == shape(seed_corpus())
    assert [i.line for c in corpus.categories for i in c.items] == EXPECTED_LINES


def test_mixed_numbering_styles_across_sections() -> None:
    styles: list[tuple[Callable[[int], str], Callable[[int], str]]] = [
        (lambda n: f"（{CN[n - 1]}）在", lambda n: f"{n}."),
        (lambda n: f"{CN[n - 1]}、", lambda n: f"（{n}）"),
        (lambda n: f"第{CN[n - 1]}部分 ", lambda n: CIRCLED[n - 1]),
        (lambda n: f"({CN[n - 1]})", lambda n: f"{n}、"),
        (lambda n: f"{CN[n - 1]}．", lambda n: f"({n})"),
        (lambda n: f"第{CN[n - 1]}章 ", lambda n: f"{n}．"),
    ]
    out: list[str] = []
    section = -1
    for line in SEED_TEXT.split("\n"):
        heading = HEADING_LINE.match(line)
        item = ITEM_LINE.match(line)
        if heading:
            section = CN.index(heading.group(1))
            line = styles[section][0](section + 1) + heading.group(2) + "方面的问题"
        elif item:
            line = styles[section][1](int(item.group(1))) + line[item.end() :]
        out.append(line)
    text = "\n".join(out)
    for expected in [
        "二、政治素质方面的问题",
        "（2）履职尽责",
        "第三部分 能力本领",
        "②存在保守",
        "(四)担当作为",
        "3、斗争",
    ]:
        assert expected in text
    assert shape(parse_text(text, "mixed.txt")) == shape(seed_corpus())


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("（一）在理论学习方面的问题", "理论学习"),
        ("五、工作作风方面存在的问题", "工作作风"),
        ("第六部分 廉洁自律", "廉洁自律"),
        ("(二)关于政治素质", "政治素质"),
        ("三、能力本领方面：", "能力本领"),
        ("（十一）“担当作为”方面存在的突出问题", "担当作为"),
        ("二十、在作风建设上存在的问题", "作风建设"),
        ("第十二章：纪律规矩方面的不足", "纪律规矩"),
        ("（四） 群众工作问题", "群众工作问题"),
    ],
    ids=["zai", "cunzai", "bufen", "guanyu", "colon", "quoted-11", "shang-20", "zhang-buzu", "no-fangmian"],
)
def test_category_name_extraction(heading: str, name: str) -> None:
    corpus = parse_text(f"{heading}\n1.标题。正文内容。\n", "n.txt")
    assert [c.name for c in corpus.categories] == [name]


@pytest.mark.parametrize(
    "line",
    [
        "一、这是一个很长很长的句子，它以中文数字开头但显然不是类别标题，而是正文的一部分内容，应当接在上一条后面",
        "一、这是正文里的一句话。",
        "一是加强学习",
        "十十、不是合法的中文数字",
    ],
    ids=["too-long", "has-period", "yi-shi", "bad-numeral"],
)
def test_chinese_numbered_line_that_is_not_a_heading_continues_item(line: str) -> None:
    corpus = parse_text(f"（一）理论学习\n1.标题。正文\n{line}\n", "c.txt")
    assert corpus.categories[0].items[0].body == "正文" + line


def test_intro_lines_between_heading_and_first_item_are_ignored() -> None:
    text = "标题\n（一）理论学习\n以下是本方面的主要问题：\n1.标题。正文。\n"
    corpus = parse_text(text, "i.txt")
    assert [(i.title, i.body, i.line) for i in corpus.categories[0].items] == [("标题", "正文。", 4)]


def test_number_guard_for_decimals_and_years() -> None:
    text = "（一）理论学习\n1.标题。增长了\n1.5 倍。\n2023.12 以来。\n2.二。正文。\n"
    items = parse_text(text, "d.txt").categories[0].items
    assert [(i.title, i.body) for i in items] == [("标题", "增长了1.5 倍。2023.12 以来。"), ("二", "正文。")]


# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("理论 学习　缺乏\t深度", "理论学习缺乏深度"),
        ("  （一）  在理论学习方面的问题  ", "（一）在理论学习方面的问题"),
        ("１．标题", "1．标题"),
        ("（１２）标题", "（12）标题"),
        ("２０２３年", "２０２３年"),  # not a number prefix: left alone
        ("学习 ABC 很好", "学习 ABC 很好"),
        ("“桥和船”， 对照", "“桥和船”，对照"),
        ("a\r\nb\rc\n", "a\nb\nc\n"),
        ("\ufeff正\u200b文", "正文"),
        ("正\x07文", "正文"),
        ("（），。、“”：；", "（），。、“”：；"),
    ],
    ids=[
        "cjk-spaces", "strip", "fw-digit", "fw-paren", "fw-not-number", "latin", "quotes", "newlines",
        "bom-zw", "control", "punct-kept",
    ],
)  # fmt: skip
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected
    assert normalise_text(expected) == expected


def test_spaces_inside_titles_and_bodies_are_collapsed() -> None:
    text = renumber(SEED_TEXT, item=lambda n: f"{n}. ").replace("理论学习缺乏深度", "理论 学习　缺乏  深度")
    assert shape(parse_text(text, "s.txt")) == shape(seed_corpus())


# --------------------------------------------------------------------------------------------
# Encodings and line ends
# --------------------------------------------------------------------------------------------


def _utf16_with_bom(codec: str, bom: bytes) -> Callable[[str], bytes]:
    return lambda s: bom + s.encode(codec)


ENCODERS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda s: s.encode("utf-8"),
    "utf-8-bom": lambda s: s.encode("utf-8-sig"),
    "gb18030": lambda s: s.encode("gb18030"),
    "gbk": lambda s: s.encode("gbk"),
    "utf-16": lambda s: s.encode("utf-16"),
    "utf-16-le-bom": _utf16_with_bom("utf-16-le", b"\xff\xfe"),
    "utf-16-be-bom": _utf16_with_bom("utf-16-be", b"\xfe\xff"),
    "utf-32": lambda s: s.encode("utf-32"),
    "utf-8-crlf": lambda s: s.replace("\n", "\r\n").encode("utf-8"),
    "utf-8-cr": lambda s: s.replace("\n", "\r").encode("utf-8"),
    "gbk-crlf": lambda s: s.replace("\n", "\r\n").encode("gbk"),
    "utf-16-crlf": lambda s: s.replace("\n", "\r\n").encode("utf-16"),
}


@pytest.mark.parametrize("encoding", list(ENCODERS), ids=list(ENCODERS))
def test_encodings_and_line_ends_give_same_corpus(encoding: str, tmp_path: Path) -> None:
    path = tmp_path / SEED_NAME
    path.write_bytes(ENCODERS[encoding](SEED_TEXT))
    corpus = read_corpus(path)
    assert corpus == seed_corpus()  # same items, same lines, same normalised text
    assert decode_bytes(path.read_bytes(), SEED_NAME).replace("\r\n", "\n").replace("\r", "\n") == SEED_TEXT


def test_gbk_crlf_renumbered_copy_matches_original(tmp_path: Path) -> None:
    text = renumber(SEED_TEXT, heading=lambda n, x: f"{CN[n - 1]}、{x}方面存在的问题", item=lambda n: f"{n}、")
    assert "一、理论学习方面存在的问题" in text and "\n1、理论学习缺乏深度" in text
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode("gbk"))
    corpus = read_corpus(str(path))
    assert shape(corpus) == shape(seed_corpus())
    assert [i.line for c in corpus.categories for i in c.items] == EXPECTED_LINES
    assert {i.source for c in corpus.categories for i in c.items} == {"gbk.txt"}


# --------------------------------------------------------------------------------------------
# Folders
# --------------------------------------------------------------------------------------------


def test_folder_merges_same_category_across_files(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(
        "（一）在理论学习方面的问题\n1.乙一。正文乙一。\n二、新类别\n1.乙二。正文乙二。\n", "utf-8"
    )
    (tmp_path / "a.txt").write_text(
        "前言\n一、理论学习\n1.甲一。正文甲一。\n（二）政治素质\n1.甲二。正文甲二。\n", "gbk"
    )
    (tmp_path / "notes.md").write_text("不是语料", "utf-8")
    (tmp_path / "sub.txt").mkdir()
    corpus = read_corpus(tmp_path)
    assert [(c.name, [(i.title, i.source, i.line) for i in c.items]) for c in corpus.categories] == [
        ("理论学习", [("甲一", "a.txt", 3), ("乙一", "b.txt", 2)]),
        ("政治素质", [("甲二", "a.txt", 5)]),
        ("新类别", [("乙二", "b.txt", 4)]),
    ]
    assert corpus.categories[0].heading == "一、理论学习"
    assert [name for name, _ in corpus.texts] == ["a.txt", "b.txt"]


def test_folder_with_seed_equals_seed_file(tmp_path: Path) -> None:
    (tmp_path / SEED_NAME).write_bytes(SEED.read_bytes())
    assert read_corpus(tmp_path) == seed_corpus()


def test_folder_without_corpus_files(tmp_path: Path) -> None:
    (tmp_path / "readme.pdf").write_text("x", "utf-8")
    (tmp_path / "~$草稿.docx").write_bytes(b"lock")  # Word's lock file is not a document
    with pytest.raises(CorpusError, match=r"文件夹里没有 \.txt、\.md 或 \.docx 文件"):
        read_corpus(tmp_path)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="找不到") as info:
        read_corpus(tmp_path / "nope.txt")
    assert "nope.txt" in str(info.value)


# --------------------------------------------------------------------------------------------
# Errors: file name and line in the message
# --------------------------------------------------------------------------------------------

ERROR_CASES: dict[str, tuple[str, list[str], int | None]] = {
    "no-headings": (
        "标题\n1.条目。正文。\n",
        ["t.txt：", "没有找到类别标题", "（一）在理论学习方面的问题"],
        None,
    ),
    "no-headings-plain": ("只是一些文字\n没有结构\n", ["t.txt：", "没有找到类别标题"], None),
    "empty-section": (
        "（一）理论学习\n1.甲。正文。\n\n（二）政治素质\n说明文字\n（三）能力本领\n1.乙。正文。\n",
        ["t.txt 第 4 行", "“政治素质”下面没有编号条目"],
        4,
    ),
    "empty-last-section": (
        "（一）理论学习\n1.甲。正文。\n（二）政治素质\n",
        ["t.txt 第 3 行", "政治素质"],
        3,
    ),
    "titles-without-body": (
        "（一）理论学习\n1.理论学习缺乏深度。\n2.学用结合不紧密。\n（二）政治素质\n1.乙。正文。\n",
        ["t.txt 第 1 行", "“理论学习”的条目都只有标题没有正文"],
        1,
    ),
    "no-full-stop": ("（一）理论学习\n\n1.理论学习缺乏深度\n", ["t.txt 第 3 行", "没有句号"], 3),
    "empty-title": ("（一）理论学习\n1.。正文。\n", ["t.txt 第 2 行", "缺少标题"], 2),
    "number-only": ("（一）理论学习\n1.甲。正文。\n（2）\n", ["t.txt 第 3 行", "“（2）”后面没有内容"], 3),
    "duplicate": (
        "（一）理论学习\n1.甲。正文。\n（二）政治素质\n1.乙。正文。\n2.甲。正文。\n",
        ["t.txt 第 5 行", "与 t.txt 第 2 行的条目完全相同"],
        5,
    ),
    "heading-without-name": ("（一）\n1.甲。正文。\n", ["t.txt 第 1 行", "没有类别名称"], 1),
    "heading-only-wrapper": ("说明\n\n一、：\n1.甲。正文。\n", ["t.txt 第 3 行", "没有类别名称"], 3),
    "item-before-heading": (
        "标题\n1.甲。正文。\n（一）理论学习\n1.乙。正文。\n",
        ["t.txt 第 2 行", "第一个类别标题之前"],
        2,
    ),
    "empty": ("", ["t.txt：", "文件是空的"], None),
    "blank": (" \n\u3000\r\n\t\n", ["t.txt：", "文件是空的"], None),
}


@pytest.mark.parametrize("case", list(ERROR_CASES), ids=list(ERROR_CASES))
def test_parse_errors_name_file_and_line(case: str) -> None:
    text, needles, line = ERROR_CASES[case]
    with pytest.raises(CorpusError) as info:
        parse_text(text, "t.txt")
    message = str(info.value)
    for needle in needles:
        assert needle in message
    assert "\n" not in message
    assert info.value.source == "t.txt"
    assert info.value.line == line


def test_duplicate_across_files_names_first_location(tmp_path: Path) -> None:
    (tmp_path / "1.txt").write_text("（一）理论学习\n\n1.甲。正文。\n", "utf-8")
    (tmp_path / "2.txt").write_text("一、廉洁自律\n1.乙。正文。\n2.甲。正文。\n", "utf-8")
    with pytest.raises(CorpusError) as info:
        read_corpus(tmp_path)
    assert "2.txt 第 3 行" in str(info.value)
    assert "与 1.txt 第 3 行的条目完全相同" in str(info.value)


def test_same_title_with_different_body_is_not_a_duplicate() -> None:
    corpus = parse_text("（一）理论学习\n1.甲。正文一。\n2.甲。正文二。\n", "t.txt")
    assert [i.body for i in corpus.categories[0].items] == ["正文一。", "正文二。"]


def test_error_in_second_file_names_that_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "b.txt").write_text("（一）理论学习\n1.甲。正文。\n2.没有句号\n", "gb18030")
    with pytest.raises(CorpusError, match=r"^b\.txt 第 3 行：.*没有句号"):
        read_corpus(tmp_path)


def test_an_item_with_only_a_title_is_left_out_and_listed(caplog: pytest.LogCaptureFixture) -> None:
    """2.学用结合不紧密。 with nothing after it refused the whole file; it has nothing to learn from, so it is
    left out, listed with the lines `categories` shows, and said as a hint."""
    text = "（一）理论学习\n1.甲。正文。\n2.学用结合不紧密。\n3.丙。正文三。\n"
    with caplog.at_level("WARNING"):
        corpus = parse_text(text, "t.txt")
    assert [i.title for i in corpus.categories[0].items] == ["甲", "丙"]
    assert [(s.line, s.text) for s in corpus.skipped if "只有标题" in s.reason] == [(3, "学用结合不紧密")]
    assert "已跳过 t.txt 第 3 行的“学用结合不紧密”" in caplog.text


BYTE_ERRORS: dict[str, tuple[bytes, str]] = {
    "empty-file": (b"", "文件是空的"),
    "bom-only": (b"\xef\xbb\xbf", "文件是空的"),
    "nul-bytes": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "不是文本文件"),
    "utf-16-without-bom": ("（一）理论学习".encode("utf-16-le"), "不是文本文件"),
    "undecodable": (b"abc\x80\xff\x81\xfe", "无法识别文件编码"),
    "odd-utf-16": (b"\xff\xfe\x41", "无法识别文件编码"),
    "control-chars": (b"\x01\x02\x03\x04\x05abc", "不是文本文件"),
}


@pytest.mark.parametrize("case", list(BYTE_ERRORS), ids=list(BYTE_ERRORS))
def test_unreadable_files(case: str, tmp_path: Path) -> None:
    data, needle = BYTE_ERRORS[case]
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(CorpusError) as info:
        read_corpus(path)
    message = str(info.value)
    assert message.startswith("bad.txt：")
    assert needle in message
    if needle != "文件是空的":
        assert "UTF-8" in message  # tells the user what to do


# --------------------------------------------------------------------------------------------
# Size and speed
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "啊" * 2_000_000,
        "（一）理论学习\n1.标题。" + "字 " * 700_000,
        "（一）理论学习\n1." + "字" * 2_000_000,
        "（一）" * 700_000,
        "1." * 1_000_000,
        "（一）理论学习\n1.甲。正文。\n" + " \u3000\t" * 700_000,
        "（一）理论学习\n1.甲。" + "（1）" * 500_000,
    ],
    ids=["plain", "spaced-body", "no-full-stop", "headings", "numbers", "whitespace", "parens"],
)
def test_two_megabyte_line_does_not_hang(text: str) -> None:
    start = time.perf_counter()
    try:
        corpus = parse_text(text, "big.txt")
    except CorpusError as exc:
        assert str(exc).startswith("big.txt")
    else:
        assert corpus.categories
    assert time.perf_counter() - start < 3.0


def test_one_megabyte_parses_well_under_a_second() -> None:
    copies = []
    for k in range(130):  # make every item unique so the duplicate check passes
        copies.append(SEED_TEXT.replace("。", f"{k}。"))
    text = "\n".join(copies)
    assert len(text.encode("utf-8")) > 1_000_000
    start = time.perf_counter()
    corpus = parse_text(text, "big.txt")
    elapsed = time.perf_counter() - start
    assert [len(c.items) for c in corpus.categories] == [3 * 130] * 6
    assert elapsed < 1.0


def test_module_imports_only_stdlib_and_errors() -> None:
    source = Path(sys.modules[read_corpus.__module__].__file__ or "").read_text(encoding="utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    allowed = {"__future__", "re", "unicodedata", "pathlib", "dataclasses", "generator.hints", "generator.errors",
               "generator.read.sources", "generator.read.metadata"}
    assert imported <= allowed


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

LINE_PIECES = [
    "（一）在理论学习方面的问题",
    "二、政治素质",
    "第三部分 廉洁自律",
    "(四)",
    "1.理论学习缺乏深度。对学习不够深入。",
    "2.标题没有正文。",
    "（1）只有标题",
    "①甲。乙。",
    "1.",
    "。",
    "问题、研究问题。",
    "",
    " ",
    "\r",
    "\ufeff",
    "2023 年主题教育民主生活会",
]
lines_strategy = st.lists(st.sampled_from(LINE_PIECES) | st.text(max_size=20), max_size=30).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(st.text() | lines_strategy)
def test_parse_text_raises_only_corpus_error(text: str) -> None:
    try:
        corpus = parse_text(text, "h.txt")
    except CorpusError as exc:
        assert str(exc).startswith("h.txt")
        assert "\n" not in str(exc).split("：", 1)[0]
    else:
        assert corpus.categories
        assert all(c.name and c.items for c in corpus.categories)
        assert all(i.title and i.body for c in corpus.categories for i in c.items)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.binary(max_size=300)
    | st.tuples(lines_strategy, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"])).map(
        lambda pair: pair[0].encode(pair[1], errors="replace")
    )
)
def test_read_corpus_raises_only_corpus_error(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("prop") / "p.txt"
    path.write_bytes(data)
    try:
        read_corpus(path)
    except CorpusError as exc:
        assert str(exc).startswith("p.txt")


HAN = "学习理论政治作风廉洁能力担当批评意见工作不够深入基层群众问题思想精神“”，、"
NAMES = ["理论学习", "政治素质", "能力本领", "担当作为", "工作作风", "廉洁自律", "纪律规矩"]


@st.composite
def structured_corpus(draw: st.DrawFn) -> tuple[str, list[tuple[str, list[tuple[str, str]]]]]:
    """A random well-formed corpus in random styles, with random page breaks, and its expected shape."""
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    titles = st.text(HAN, min_size=1, max_size=12).map(lambda s: "题" + s)
    bodies = st.text(HAN + "。", min_size=1, max_size=40).map(lambda s: "文" + s + "。")
    lines = draw(st.sampled_from(["", "2023 年主题教育民主生活会", "参考\n"]))
    lines_out: list[str] = [lines]
    expected: list[tuple[str, list[tuple[str, str]]]] = []
    used: set[tuple[str, str]] = set()
    for n, name in enumerate(names):
        heading = draw(st.sampled_from(list(HEADING_PREFIXES.values())))(n + 1)
        wrapper = draw(st.sampled_from(list(HEADING_WRAPPERS.values())))
        lines_out.append(heading + wrapper(name))
        items = draw(st.lists(st.tuples(titles, bodies), min_size=1, max_size=3, unique_by=lambda p: p))
        items = [p for p in items if p not in used]
        if not items:
            items = [(f"题{n}", f"文{n}。")]
        used.update(items)
        expected.append((name, items))
        for k, (title, body) in enumerate(items):
            number = draw(st.sampled_from([s for key, s in ITEM_STYLES.items() if key != "circled-space"]))(k + 1)
            line = f"{number}{title}。{body}"
            cut = draw(st.integers(len(number) + 1, len(line)))
            blank = draw(st.sampled_from(["\n", "\n\n", "\n \n"]))
            lines_out.append(line[:cut] + blank + line[cut:] if cut < len(line) else line)
    return "\n".join(lines_out), expected


@settings(max_examples=200, deadline=None)
@given(structured_corpus(), st.sampled_from(["\n", "\r\n", "\r"]))
def test_round_trip_of_generated_corpora(case: tuple[str, list[tuple[str, list[tuple[str, str]]]]], eol: str) -> None:
    text, expected = case
    assert shape(parse_text(text.replace("\n", eol), "g.txt")) == expected


@pytest.mark.parametrize("marker", ["- 2 -", "—3—", "第 4 页", "第4页 共10页", "5/12", "7"],
                         ids=["dashes", "em-dashes", "page", "page-of", "slash", "bare"])
def test_page_number_lines_are_skipped(marker: str) -> None:
    text = SEED_TEXT.replace("发现\n", f"发现\n{marker}\n", 1)
    assert text != SEED_TEXT
    corpus = parse_text(text, "paged.txt")
    body = corpus.categories[0].items[2].body
    assert "发现问题、研究问题" in body and marker not in body


@pytest.mark.parametrize("marks", [("（1）", "（2）"), ("①", "②"), ("1）", "2）")])
@pytest.mark.parametrize("stop", ["。", ""])
def test_points_under_an_item_are_sentences_of_its_body(marks: tuple[str, str], stop: str) -> None:
    """1.理论学习不够深入。 over （1）……（2）……: the points belong to the item; the next 2. is the next item."""
    text = (f"一、理论学习\n1.理论学习不够深入{stop}\n{marks[0]}学习多停留在读原文上，联系实际不够\n"
            f"{marks[1]}自学时间不多，缺乏系统性。\n2.学用结合不够紧密。满足于记笔记、写心得。\n"
            "二、工作作风\n1.调查研究不深入。下基层多是听汇报、看材料。\n2.服务意识不强。回应诉求不及时。\n")
    assert shape(parse_text(text, "t.txt")) == [
        ("理论学习", [("理论学习不够深入", "学习多停留在读原文上，联系实际不够。自学时间不多，缺乏系统性。"),
                      ("学用结合不够紧密", "满足于记笔记、写心得。")]),
        ("工作作风", [("调查研究不深入", "下基层多是听汇报、看材料。"), ("服务意识不强", "回应诉求不及时。")]),
    ]


def test_items_numbered_in_another_style_that_goes_on_are_items_not_points() -> None:
    """1、 then （2） then ③ is one list in mixed styles: only a run that starts again at 1 is points."""
    text = "一、理论学习\n1、学习不深入。读原文少。\n（2）学用结合不紧密。心得写得少。\n③主动性不强。学习常放一边。\n"
    assert [t for t, _ in shape(parse_text(text, "t.txt"))[0][1]] == ["学习不深入", "学用结合不紧密", "主动性不强"]


def test_points_after_a_colon_and_comma_lists_run_on_without_a_stop() -> None:
    text = ("一、理论学习\n1.理论学习不够深入。主要表现在：\n①学习多停留在读原文上，\n②自学时间不多。\n"
            "2.学用结合不紧密：\n（1）转化不够；\n（2）办法不多。\n3.主动性不强。工作忙就放一边。\n")
    items = shape(parse_text(text, "t.txt"))[0][1]
    assert items == [("理论学习不够深入", "学习多停留在读原文上，自学时间不多。"),
                     ("学用结合不紧密", "转化不够；办法不多。"), ("主动性不强", "工作忙就放一边。")]


def test_points_numbered_on_across_items_and_points_numbered_like_headings() -> None:
    text = ("一、理论学习\n1.理论学习不够深入。\n（1）读原文多。\n（2）自学少。\n2.学用结合不紧密。\n（3）转化不够。\n"
            "二、工作作风\n1.调研不深入。\n（一）走马观花。\n（二）跟踪不够。\n2.标准不高。满足于完成任务。\n")
    assert shape(parse_text(text, "t.txt")) == [
        ("理论学习", [("理论学习不够深入", "读原文多。自学少。"), ("学用结合不紧密", "转化不够。")]),
        ("工作作风", [("调研不深入", "走马观花。跟踪不够。"), ("标准不高", "满足于完成任务。")]),
    ]


def test_measures_and_causes_are_not_read_as_criticism() -> None:
    """一、存在的主要问题 … 二、整改措施 （一）加强理论学习 1.……: what will be done is skipped and listed."""
    text = ("一、存在的主要问题\n（一）理论学习方面\n1.学习不深入。读原文多。\n2.学用脱节。转化不够。\n"
            "（二）工作作风方面\n1.调研不深入。走马观花。\n2.标准不高。满足于完成任务。\n"
            "二、整改措施\n（一）加强理论学习\n1.制定学习计划。每周自学。\n2.坚持学用结合。解决实际问题。\n")
    corpus = parse_text(text, "t.txt")
    assert [c.name for c in corpus.categories] == ["理论学习", "工作作风"]
    assert any("整改" in s.reason and "制定学习计划" in s.text for s in corpus.skipped)
    flat = ("【理论学习】\n1.学习不深入。读原文多。\n2.学用脱节。转化不够。\n"
            "【原因分析】\n1.理想信念有所弱化。放松了学习。\n")
    assert [c.name for c in parse_text(flat, "t.txt").categories] == ["理论学习"]


def test_a_long_first_sentence_is_titled_at_its_colon() -> None:
    text = ("一、理论学习\n1.理论学习不够深入：学习多停留在读原文、记笔记上，对核心要义把握不够全面，"
            "学用结合不紧密。自学少。\n2.主动性不强。工作忙就放一边。\n")
    title, body = shape(parse_text(text, "t.txt"))[0][1][0]
    assert title == "理论学习不够深入" and body.startswith("学习多停留在读原文")


def test_a_report_with_a_basic_situation_and_a_problems_heading_numbered_like_its_categories() -> None:
    """一、基本情况 (prose) / 二、存在的问题 / 一、理论学习方面 （一）……: a new user's 对照检查材料 was refused
    (类别“存在的问题”下面没有编号条目). The 基本情况 part is not criticism; 存在的问题 stands above the categories."""
    text = ("一、基本情况\n本人能够认真学习，但也存在一些不足。\n二、存在的问题\n"
            "一、理论学习方面\n（一）甲。正文一。\n（二）乙。正文二。\n二、工作作风方面\n（一）丙。正文三。\n")
    corpus = parse_text(text, "t.txt")
    assert [(c.name, [i.title for i in c.items]) for c in corpus.categories] == [("理论学习", ["甲", "乙"]),
                                                                             ("工作作风", ["丙"])]
    assert [(s.line, s.reason[:4]) for s in corpus.skipped] == [(1, "基本情况"), (2, "基本情况"), (3, "上一级标")]


def test_a_title_on_its_own_line_is_the_title() -> None:
    """1.政治理论学习不够系统 / 平时学习……: the layout of a text copied out of Word. Glued (不够系统平时学习) every
    unit copied the source and each category was refused as 材料太少 (fault hunt of stop 26)."""
    text = ("一、思想政治\n1.政治理论学习不够系统\n"
            "平时学习多停留在读文件、听报告上，对党的创新理论缺乏系统深入的研究。\n"
            "2.政治敏锐性不强\n　　有时只从业务角度考虑问题，对网络上的负面舆情反应不及时，处置手段不多。\n")
    items = parse_text(text).categories[0].items
    assert [(it.title, it.body[:6]) for it in items] == [("政治理论学习不够系统", "平时学习多停"),
                                                         ("政治敏锐性不强", "有时只从业务")]


def test_a_line_a_hard_wrap_broke_still_runs_on() -> None:
    """Lines of one width (a text wrapped at a fixed width) are one line broken, not a title and a body."""
    text = "一、理论学习\n1.理论学习缺乏深度对习近平新时代中国特色社会\n主义思想的学习停留在一知半解上。学习不用心。\n"
    (item,) = parse_text(text).categories[0].items
    assert item.title == "理论学习缺乏深度对习近平新时代中国特色社会主义思想的学习停留在一知半解上"
