"""Reading the documents people have: layouts, lines that are not criticism, codes that follow the text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import api, store
from generator.cli import cli
from generator.errors import CorpusError
from generator.read.corpus import parse_text, read_corpus
from generator.read.metadata import RULES, classify

SEED = Path(__file__).resolve().parents[1] / "corpus" / "000_f528c00ba62b58e2.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")

Shape = list[tuple[str, list[tuple[str, str]]]]


def shape(text: str) -> Shape:
    return [(c.name, [(i.title, i.body) for i in c.items]) for c in parse_text(text, "t.txt").categories]


def seed_shape() -> Shape:
    return [(c.name, [(i.title, i.body) for i in c.items]) for c in read_corpus(SEED).categories]


# --------------------------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------------------------

LAYOUTS: dict[str, tuple[str, Shape]] = {
    "yishi-one-per-line": (
        "一、理论学习方面\n一是学习不够深入，浅尝辄止。\n二是学习不够系统，碎片化学习多。\n"
        "二、工作作风方面\n一是调研不深入。下基层次数少。\n",
        [("理论学习", [("学习不够深入", "浅尝辄止。"), ("学习不够系统", "碎片化学习多。")]),
         ("工作作风", [("调研不深入", "下基层次数少。")])],
    ),
    "yishi-inline": (
        "（一）理论学习方面\n主要表现在：一是学习不够深入，浅尝辄止；二是学习不够系统，碎片化；三是学用脱节。联系实际不够。\n",
        [("理论学习", [("学习不够深入", "浅尝辄止。"), ("学习不够系统", "碎片化。"), ("学用脱节", "联系实际不够。")])],
    ),
    "heading-and-yishi-in-one-paragraph": (
        "一、理论学习方面：一是学习不够深入，浅尝辄止；二是学习不够系统，碎片化。\n"
        "二、工作作风方面。一是调研不深入，下基层少。\n",
        [("理论学习", [("学习不够深入", "浅尝辄止。"), ("学习不够系统", "碎片化。")]),
         ("工作作风", [("调研不深入", "下基层少。")])],
    ),
    "yishi-with-page-number": (
        "（一）理论学习\n一是学习不够深入，浅尝辄止，\n- 2 -\n没有学深悟透。\n- 学习不够系统，碎片化学习多。\n",
        [("理论学习", [("学习不够深入", "浅尝辄止，没有学深悟透。"), ("学习不够系统", "碎片化学习多。")])],
    ),
    "yishi-continued-over-lines": (
        "（一）理论学习\n一是学习不够深入，浅尝辄止，\n没有学深悟透；二是学习不够系统，\n碎片化学习多。\n",
        [("理论学习", [("学习不够深入", "浅尝辄止，没有学深悟透。"), ("学习不够系统", "碎片化学习多。")])],
    ),
    "dun-categories-paren-items": (
        "对张三同志的批评意见\n一、理论学习方面\n（一）学习不够深入。对理论学习浅尝辄止。\n（二）学习不系统。碎片化学习多。\n"
        "二、在纠治“四风”方面\n（一）形式主义仍有表现。会议多、文件多。\n",
        [("理论学习", [("学习不够深入", "对理论学习浅尝辄止。"), ("学习不系统", "碎片化学习多。")]),
         ("纠治“四风”", [("形式主义仍有表现", "会议多、文件多。")])],
    ),
    "paren-items-title-lines": (
        "一、理论学习方面\n（一）学习不够深入\n对理论学习浅尝辄止，没有学深悟透。\n（二）学习不系统\n碎片化学习多。\n",
        [("理论学习", [("学习不够深入", "对理论学习浅尝辄止，没有学深悟透。"), ("学习不系统", "碎片化学习多。")])],
    ),
    "dun-groups-paren-categories-digit-items": (
        "一、存在的主要问题\n(一)在理论学习方面\n1.学习不够深入。浅尝辄止。\n2.学习不系统。碎片化。\n"
        "(二)在政治素质方面\n1.站位不够高。看问题不深。\n二、其他方面的问题\n(一)在廉洁自律方面\n1.要求不严。标准降低。\n",
        [("理论学习", [("学习不够深入", "浅尝辄止。"), ("学习不系统", "碎片化。")]),
         ("政治素质", [("站位不够高", "看问题不深。")]),
         ("廉洁自律", [("要求不严", "标准降低。")])],
    ),
    "part-groups": (
        "第一部分 存在的问题\n一、理论学习\n1.学习不深。浅尝辄止。\n二、工作作风\n1.调研不深。下基层少。\n",
        [("理论学习", [("学习不深", "浅尝辄止。")]), ("工作作风", [("调研不深", "下基层少。")])],
    ),
    "aspect-categories-bracket-items": (
        "某医院党支部书记对照检查材料\n第一方面 政治理论学习\n1）学习不够系统。多是跟着安排走。\n"
        "2）学习方式单一。听一听、记一记。\n"
        "第二个方面：作风纪律\n1）深入一线不够。下病房少。\n",
        [("政治理论学习", [("学习不够系统", "多是跟着安排走。"), ("学习方式单一", "听一听、记一记。")]),
         ("作风纪律", [("深入一线不够", "下病房少。")])],
    ),
    "markdown-headings-and-lists": (
        "# 相互批评意见\n\n## 理论学习\n\n- 学习不深入。浅尝辄止。\n- **学习不系统**。碎片化。\n\n"
        "## 工作作风\n\n### 1. 调研不深入\n\n下基层少，了解情况不全面。\n\n### 2. 服务意识不强\n\n回应慢。\n",
        [("理论学习", [("学习不深入", "浅尝辄止。"), ("学习不系统", "碎片化。")]),
         ("工作作风", [("调研不深入", "下基层少，了解情况不全面。"), ("服务意识不强", "回应慢。")])],
    ),
    "markdown-numbered-headings": (
        "## （一）在理论学习方面的问题\n\n1. **理论学习缺乏深度**。浅尝辄止。\n\n## （二）在廉洁自律方面的问题\n\n"
        "1. **要求不严**。标准不高。\n",
        [("理论学习", [("理论学习缺乏深度", "浅尝辄止。")]), ("廉洁自律", [("要求不严", "标准不高。")])],
    ),
    "quotes-in-headings": (
        "（一）在纠治“四风”方面\n1.甲。正文。\n（二）关于“担当作为”方面：\n1.乙。正文。\n（三）“三力”不足方面的问题\n1.丙。正文。\n",
        [("纠治“四风”", [("甲", "正文。")]), ("担当作为", [("乙", "正文。")]), ("“三力”不足", [("丙", "正文。")])],
    ),
    "digit-categories-paren-items": (
        "批评意见\n1.理论学习方面\n（1）学习不深入。浅尝辄止。\n（2）学习不系统。碎片化。\n"
        "2、工作作风方面存在的问题：\n（1）调研不深入。下基层少。\n",
        [("理论学习", [("学习不深入", "浅尝辄止。"), ("学习不系统", "碎片化。")]),
         ("工作作风", [("调研不深入", "下基层少。")])],
    ),
    "paren-digit-categories-circled-items": (
        "（1）理论学习\n①学习不深入。浅尝辄止。\n（2）工作作风\n①调研不深入。下基层少。\n②服务意识不强。回应慢。\n",
        [("理论学习", [("学习不深入", "浅尝辄止。")]),
         ("工作作风", [("调研不深入", "下基层少。"), ("服务意识不强", "回应慢。")])],
    ),
}


@pytest.mark.parametrize("layout", list(LAYOUTS), ids=list(LAYOUTS))
def test_layouts(layout: str) -> None:
    text, expected = LAYOUTS[layout]
    assert shape(text) == expected


def test_yishi_inside_a_numbered_item_stays_part_of_it() -> None:
    """Where a section has numbered items, 一是…二是… are the sub-points of one item, as before."""
    text = "（一）理论学习\n1.学习不深。表现在：\n一是浅尝辄止；\n二是学用脱节。\n"
    # (the frame 表现在： goes: the points say it)
    assert shape(text) == [("理论学习", [("学习不深", "一是浅尝辄止；二是学用脱节。")])]


def test_draft_markdown_reads_back_as_a_corpus(runner: CliRunner, model: object, tmp_path: Path) -> None:
    """This tool's own `draft --format markdown` output is a corpus with the draft's categories and items."""
    result = runner.invoke(cli, ["draft", "--seed", "4", "--format", "markdown"])
    assert result.exit_code == 0
    path = tmp_path / "草稿.md"
    path.write_text(result.stdout, encoding="utf-8")
    doc = api.draft(store.load(), seed=4)
    corpus = read_corpus(path)
    assert [(c.heading, [(i.title, i.body) for i in c.items]) for c in corpus.categories] == [
        (s.heading, [(p.title, p.body) for p in s.items]) for s in doc.sections
    ]
    assert [s.reason for s in corpus.skipped] == ["文件标题"]


# --------------------------------------------------------------------------------------------
# Lines that are not criticism
# --------------------------------------------------------------------------------------------

METADATA = {
    "addressee": "对张三同志的批评意见",
    "salutation": "李四同志：",
    "unit": "XX党支部",
    "unit-date": "中共XX公司委员会 2024年1月10日",
    "date": "2024年1月10日",
    "date-cn": "二〇二四年一月十日",
    "date-dots": "2024.1.10",
    "closing": "以上意见仅供参考。",
    "closing-2": "不妥之处，请批评指正。",
    "signature": "批评人：王五",
    "signature-paren": "（提出人：张三）",
    "note": "注：以上问题均为班子成员会前征求意见汇总。",
    "closing-joined": "以上意见仅供参考，不妥之处，请批评指正。",
    "title": "2024年度组织生活会相互批评意见",
    "page": "— 3 —",
    "rule": "---",
    # the fault hunt of stop 26 found each of these pasted into paragraphs as a sentence
    "date-fullwidth": "２０２４年１月１５日",
    "date-yuanyue": "二〇二四年元月十五日",
    "date-no-year": "１月１５日",
    "name-date": "张三 2024年1月15日",
    "attachment": "附件：整改清单",
    "no-text-page": "（此页无正文）",
    "print-proof": "打印：李四  校对：王五",
}


@pytest.mark.parametrize("kind", list(METADATA), ids=list(METADATA))
def test_metadata_line_is_recognised(kind: str) -> None:
    assert classify(METADATA[kind], mid_sentence=False) is not None


@pytest.mark.parametrize(
    "line",
    ["组织生活会上开展批评不够", "对同志的缺点不敢指出", "2023.12 以来。", "学习不够深入。", "党支部"],
    ids=["title-fragment", "comrade-fragment", "year", "sentence", "unit-word"],
)
def test_page_broken_fragment_mid_sentence_is_not_metadata(line: str) -> None:
    assert classify(line, mid_sentence=True) is None


def test_every_rule_says_why() -> None:
    assert all(rule.reason for rule in RULES)
    assert len({rule.reason for rule in RULES}) == len(RULES)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.sampled_from(sorted(METADATA.values()))), max_size=6))
def test_metadata_between_items_never_changes_the_corpus(insertions: list[tuple[int, str]]) -> None:
    """Metadata lines put after any finished sentence, or at the top or bottom, are all skipped."""
    lines = SEED_TEXT.split("\n")
    ends = [k + 1 for k, line in enumerate(lines) if line.endswith("。")] + [0]
    for at, meta in sorted(((ends[where % len(ends)], meta) for where, meta in insertions), reverse=True):
        lines[at:at] = [meta]  # from the end backwards, so the other positions stay valid
    assert shape("\n".join(lines)) == seed_shape()


FORBIDDEN = ["张三", "XX党支部", "2024年1月10日", "仅供参考", "批评人", "王五", "同志的批评意见"]


def test_no_metadata_reaches_generated_text(tmp_path: Path) -> None:
    """The issue's reproduction: addressee on top, unit, date, closing formula and signature at the bottom."""
    corpus = tmp_path / "意见.txt"
    tail = "\nXX党支部\n批评人：王五\n2024年1月10日\n以上意见仅供参考\n"
    corpus.write_text("对张三同志的批评意见\n\n" + SEED_TEXT + tail, encoding="utf-8")
    model = store.load(corpus, cache=tmp_path / "cache")
    texts = [p.text for p in api.generate(model, "廉洁自律", n=200, seed=1)]
    texts += [p.text for p in api.generate(model, None, n=200, seed=2)]
    assert len(texts) == 400
    assert [t for t in texts if any(word in t for word in FORBIDDEN)] == []
    parsed = read_corpus(corpus)
    assert [(c.name, [(i.title, i.body) for i in c.items]) for c in parsed.categories] == seed_shape()
    lines = corpus.read_text(encoding="utf-8").split("\n")
    assert [(s.text, s.reason) for s in parsed.skipped] == [
        ("对张三同志的批评意见", "称呼"),
        ("2023 年主题教育民主生活会", "文件标题"),
        ("组织生活会相互批评意见参考", "文件标题"),
        ("XX党支部", "署名单位"),
        ("批评人：王五", "署名"),
        ("2024年1月10日", "日期"),
        ("以上意见仅供参考", "结束语"),
    ]
    assert all(lines[s.line - 1] == s.text for s in parsed.skipped if s.line is not None)


def test_a_closing_a_line_to_sign_on_a_date_and_a_name_are_not_glued_to_the_last_item(tmp_path: Path) -> None:
    """A new user's file ended 以上意见，请同志们批评指正！ / 批评人签字：____ 2024年1月10日 / 二〇二四年一月十日 /
    张三 (Windows line ends): all of it was read as the last item's body, and two templates were made of it."""
    corpus = tmp_path / "意见.txt"
    tail = ("\n以上意见，请同志们批评指正！\n批评人签字：________        2024年1月10日\n- 2 -\n"
            "二〇二四年一月十日\n张三\n")
    corpus.write_bytes((SEED_TEXT + tail).replace("\n", "\r\n").encode("utf-8"))
    parsed = read_corpus(corpus)
    assert [(c.name, [(i.title, i.body) for i in c.items]) for c in parsed.categories] == seed_shape()
    assert [s.reason for s in parsed.skipped][-5:] == ["结束语", "署名", "页码", "日期", "署名（姓名）"]


# --------------------------------------------------------------------------------------------
# Codes follow the text; encodings
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("gbk"),
        lambda s: s.encode("utf-8-sig"),
        lambda s: s.encode("utf-16"),
        lambda s: s.replace("\n", "\r\n").encode("gb18030"),
    ],
    ids=["gbk", "utf-8-bom", "utf-16", "gb18030-crlf"],
)
def test_same_text_in_another_encoding_keeps_the_fingerprint(tmp_path: Path, encode: object) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "seed.txt").write_bytes(SEED_TEXT.encode("utf-8"))
    (tmp_path / "b" / "其他名字.txt").write_bytes(encode(SEED_TEXT))  # type: ignore[operator]
    assert store.fingerprint_of(tmp_path / "a") == store.fingerprint_of(tmp_path / "b")
    assert store.fingerprint_of(tmp_path / "a") == store.fingerprint_of(None)  # the bundled corpus itself
    (tmp_path / "b" / "其他名字.txt").write_bytes(encode(SEED_TEXT.replace("缺乏深度", "缺乏广度")))  # type: ignore[operator]
    assert store.fingerprint_of(tmp_path / "a") != store.fingerprint_of(tmp_path / "b")


def test_gbk_copy_reproduces_a_utf8_code(tmp_path: Path, model: object) -> None:
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(SEED_TEXT.replace("\n", "\r\n").encode("gbk"))
    paragraph = api.generate(store.load(), "2", n=1, seed=9)[0]
    again = api.reproduce(store.load(gbk, cache=tmp_path / "cache"), paragraph.code)
    assert isinstance(again, api.Paragraph) and again.text == paragraph.text


TRADITIONAL = SEED_TEXT.translate(str.maketrans("学习论问题时个们这发说对门为经实际进动义开关长头书",
                                                "學習論問題時個們這發說對門為經實際進動義開關長頭書"))


def test_big5_gets_an_encoding_message(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "繁体.txt"
    path.write_bytes(TRADITIONAL.encode("big5", errors="replace"))
    with pytest.raises(CorpusError, match="Big5"):
        read_corpus(path)
    result = runner.invoke(cli, ["categories", "--corpus", str(path)])
    assert result.exit_code == 1
    assert "没有找到类别标题" not in result.output


def test_checking_a_cached_txt_model_needs_no_parser_and_no_docx() -> None:
    code = ("import sys; from generator import store; store.load(); "
            "bad = [m for m in ('generator.read.corpus', 'docx', 'generator.read.docx_read', 'jieba') "
            "if m in sys.modules]; "
            "assert not bad, bad")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


CLAUSE = st.text("学习理论政治作风廉洁能力担当不够深入基层群众问题思想精神“”、", min_size=1, max_size=12)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(CLAUSE, st.lists(CLAUSE, min_size=1, max_size=3)), min_size=1, max_size=9,
                unique_by=lambda pair: pair[0]),
       st.sampled_from(["inline", "lines", "intro"]))
def test_yishi_items_inline_or_one_per_line(items: list[tuple[str, list[str]]], layout: str) -> None:
    """一是……；二是…… written in one paragraph, one per line, or after an intro give the same items."""
    numerals = "一二三四五六七八九"
    clauses = [f"{numerals[k]}是{title}，{'，'.join(body)}" for k, (title, body) in enumerate(items)]
    if layout == "lines":
        text = "\n".join(c + "。" for c in clauses)
    else:
        text = ("主要表现在：" if layout == "intro" else "") + "；".join(clauses) + "。"
    expected = [(title, "，".join(body) + "。") for title, body in items]
    assert shape("二、理论学习方面\n" + text + "\n") == [("理论学习", expected)]


def test_bullet_or_yishi_line_before_the_first_heading_is_preamble() -> None:
    """As before, a line before the first heading is preamble, even one that looks like a list item."""
    text = "- 说明。见下文。\n一是会前准备。\n第三部分 廉洁自律\n①甲。乙。\n"
    assert shape(text) == [("廉洁自律", [("甲", "乙。")])]
    corpus = parse_text(text, "t.txt")
    assert [s.reason for s in corpus.skipped] == ["第一个类别标题之前的文字"] * 2


def test_a_note_or_attribution_between_items_stays_out_of_the_bodies(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("一、理论学习方面\n1、学用结合不够紧密。学习时满足于记笔记、写心得。\n（提出人：张三）\n"
                    "2、学习主动性不强。工作一忙就把学习放在一边。\n注：以上问题均为会前征求意见汇总。\n"
                    "以上意见仅供参考，不妥之处，请批评指正。\n", encoding="utf-8")
    corpus = read_corpus(path)
    bodies = [i.body for c in corpus.categories for i in c.items]
    assert bodies == ["学习时满足于记笔记、写心得。", "工作一忙就把学习放在一边。"]
    assert [s.reason for s in corpus.skipped] == ["署名", "注释", "结束语"]


@pytest.mark.parametrize("line", ["1.学习不够深入：对理论学习多停留在集中学习上，自学时间不多。",
                                  "1.学习不够深入；对理论学习多停留在集中学习上，自学时间不多。",
                                  "1.学习不够深入，对理论学习多停留在集中学习上，自学时间不多。",
                                  "1.学习不够深入. 对理论学习多停留在集中学习上,自学时间不多."],
                         ids=["colon", "semicolon", "comma", "half-width"])
def test_a_one_sentence_item_takes_its_title_up_to_an_early_mark(line: str, tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text(f"一、理论学习方面\n{line}\n", encoding="utf-8")
    item = read_corpus(path).categories[0].items[0]
    assert (item.title, item.body) == ("学习不够深入", "对理论学习多停留在集中学习上，自学时间不多。")


def test_a_bracketed_heading_is_a_category(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("【思想认识】\n①学习不深。浅尝辄止，不求甚解。\n【工作作风】\n①调研不实。多听汇报，少到一线。\n",
                    encoding="utf-8")
    assert [c.name for c in read_corpus(path).categories] == ["思想认识", "工作作风"]


def test_items_numbered_di_yi_are_items(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("一、思想认识\n第一，学习不够深入。对理论学习多停留在集中学习上。\n第二，调研不实。多听汇报，少到一线。\n",
                    encoding="utf-8")
    items = read_corpus(path).categories[0].items
    assert [(i.title, i.body) for i in items] == [("学习不够深入", "对理论学习多停留在集中学习上。"),
                                                  ("调研不实", "多听汇报，少到一线。")]


def test_a_copy_of_a_file_beside_it_adds_nothing_and_is_listed(tmp_path: Path) -> None:
    text = "一、理论学习方面\n1.学习不够深入。对理论学习多停留在集中学习上。\n2.调研不实。多听汇报，少到一线。\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a - 副本.txt").write_text(text, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    corpus = read_corpus(tmp_path)
    assert len(corpus.categories[0].items) == 2
    assert [(s.source, s.line, s.reason) for s in corpus.skipped] == [
        ("a.txt", 2, "与 a - 副本.txt 第 2 行的条目相同"), ("a.txt", 3, "与 a - 副本.txt 第 3 行的条目相同")]


def test_the_same_item_twice_in_one_file_is_still_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("一、理论学习方面\n1.学习不够深入。多停留在集中学习上。\n2.学习不够深入。多停留在集中学习上。\n",
                    encoding="utf-8")
    with pytest.raises(CorpusError, match="完全相同"):
        read_corpus(path)
