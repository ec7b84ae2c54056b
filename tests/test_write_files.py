"""-o FILE: Word documents read back with python-docx, .txt for pasting, formats, encodings, --force."""

from __future__ import annotations

import errno
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from generator import api
from generator.cli import main
from generator.model import Model
from generator.render import docx_write

HEADER = ["--to", "张三", "--meeting", "2024年度组织生活会", "--unit", "XX党支部", "--date", "2024-01-10"]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | str | None, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    captured = capsys.readouterr()
    return exc.value.code, captured.out, captured.err


@pytest.fixture(scope="module")
def draft_docx(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("docx")
    first, second = folder / "草稿.docx", folder / "again.docx"
    for out in (first, second):
        with pytest.raises(SystemExit) as exc:
            main(["draft", "--seed", "11", "--items", "2", *HEADER, "-o", str(out)])
        assert exc.value.code == 0
    return first, second


def _styled(document: Any, style: str) -> list[Any]:
    return [p for p in document.paragraphs if p.style.name == style]


def test_docx_page_size_margins_and_grid(draft_docx: tuple[Path, Path]) -> None:
    document = docx.Document(str(draft_docx[0]))
    (section,) = document.sections
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin]
    assert [round(size.mm, 1) for size in sizes] == [210, 297, 37, 35, 28, 26]  # stored in twips
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"
    body = document.styles[docx_write.STYLE_BODY].paragraph_format
    assert body.line_spacing == Pt(28.95) and body.first_line_indent == Pt(32)
    assert body.element.pPr.ind.get(qn("w:firstLineChars")) == "200"
    # 22 lines of 28.95 pt fill the 225 mm between the margins; 28 condensed 3号 characters fill the 156 mm.
    height = section.page_height - section.top_margin - section.bottom_margin
    assert 22 * Pt(28.95) <= height < 23 * Pt(28.95)
    width = section.page_width - section.left_margin - section.right_margin
    assert 28 * Pt(16 - 0.25) <= width < 29 * Pt(16 - 0.25)


def test_docx_title_headings_items_and_fonts(draft_docx: tuple[Path, Path], model: Model) -> None:
    document = docx.Document(str(draft_docx[0]))
    doc = api.draft(model, seed=11, items=2)
    (title,) = _styled(document, docx_write.STYLE_TITLE)
    assert title.text == "对张三同志的批评意见" and title.style.paragraph_format.alignment == 1  # centred
    assert [p.text for p in _styled(document, docx_write.STYLE_SUBTITLE)] == ["（2024年度组织生活会）"]
    headings = _styled(document, docx_write.STYLE_HEADING)
    assert [h.text for h in headings] == [s.heading for s in doc.sections]
    items = [p for p in _styled(document, docx_write.STYLE_BODY) if p.text]
    assert [p.text for p in items] == [f"{k}.{p.text}" for s in doc.sections for k, p in enumerate(s.items, 1)]
    assert len(items) == 2 * len(model.categories)
    assert all(p.runs[0].bold and not p.runs[1].bold for p in items)  # the lead "1.标题。" in bold
    assert [p.text for p in _styled(document, docx_write.STYLE_SIGNATURE)] == ["XX党支部", "2024年1月10日"]
    expect = {docx_write.STYLE_TITLE: ("方正小标宋简体", Pt(22)), docx_write.STYLE_HEADING: ("黑体", Pt(16)),
              docx_write.STYLE_BODY: ("仿宋_GB2312", Pt(16))}
    for style, (font, size) in expect.items():
        assert document.styles[style].font.size == size
        for p in _styled(document, style):
            for run in p.runs:
                assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == font


def _all_runs(path: Path) -> list[Any]:
    document = docx.Document(str(path))
    parts = [document.element.body] + [f._element for s in document.sections for f in (s.footer, s.even_page_footer)]
    return [r for part in parts for r in part.iter(qn("w:r"))]


def test_docx_every_run_has_east_asian_font_and_zh_cn(draft_docx: tuple[Path, Path]) -> None:
    runs = _all_runs(draft_docx[0])
    assert len(runs) > 20
    for r in runs:
        fonts, lang = r.rPr.find(qn("w:rFonts")), r.rPr.find(qn("w:lang"))
        assert fonts.get(qn("w:eastAsia")) and fonts.get(qn("w:ascii")) == fonts.get(qn("w:eastAsia"))
        assert (lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) == ("zh-CN", "zh-CN")


def test_docx_page_numbers_and_font_substitutes(draft_docx: tuple[Path, Path]) -> None:
    document = docx.Document(str(draft_docx[0]))
    assert document.settings.odd_and_even_pages_header_footer
    (section,) = document.sections
    for footer, align in ((section.footer, 2), (section.even_page_footer, 0)):  # odd right, even left
        (p,) = footer.paragraphs
        assert p.text == "— 1 —" and p.alignment == align
        assert [i.text for i in p._element.iter(qn("w:instrText"))] == [" PAGE "]
    table = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml").blob
    assert re.search(rb'w:name="\xe4\xbb\xbf\xe5\xae\x8b_GB2312"><w:altName w:val="\xe4\xbb\xbf\xe5\xae\x8b"/>', table)


def test_docx_code_only_in_the_last_line(draft_docx: tuple[Path, Path], model: Model) -> None:
    document = docx.Document(str(draft_docx[0]))
    code = api.draft(model, seed=11, items=2).code
    texts = [p.text for p in document.paragraphs]
    assert texts[-1] == f"草稿码：{code}"
    assert document.paragraphs[-1].style.font.size == Pt(9)
    assert not any(code in t for t in texts[:-1])


def test_docx_is_byte_identical_for_the_same_draft(draft_docx: tuple[Path, Path]) -> None:
    assert draft_docx[0].read_bytes() == draft_docx[1].read_bytes()
    with zipfile.ZipFile(draft_docx[0]) as z:
        assert not any("thumbnail" in name for name in z.namelist())  # not the template's blank page


def test_generate_docx_numbers_paragraphs_and_lists_codes(tmp_path: Path, model: Model,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "g.docx"
    code, stdout, err = run(["generate", "理论学习", "-n", "2", "--seed", "4", "-o", str(out)], capsys)
    assert code == 0 and stdout == ""
    ps = api.generate(model, "理论学习", n=2, seed=4)
    assert err == f"种子：4\n草稿码：{ps[0].code}\n草稿码：{ps[1].code}\n已写入 {out}\n"
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert texts == ["批评意见参考", "", f"1.{ps[0].text}", f"2.{ps[1].text}",
                     f"草稿码：1. {ps[0].code}；2. {ps[1].code}"]


def test_many_paragraphs_to_a_file_list_a_few_codes_and_say_how_to_get_the_rest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """generate -n 100 -o 段落.docx printed 100 code lines on the terminal (a new user: 2000 would flood it)."""
    out = tmp_path / "段落.txt"
    code, _, err = run(["generate", "-n", "25", "--seed", "4", "-o", str(out)], capsys)
    lines = err.splitlines()
    assert code == 0 and sum(line.startswith("草稿码：") for line in lines) == 20
    assert any(line.startswith("……另有 5 段的草稿码没有列出") and "同一个 --seed" in line for line in lines)


def test_draft_txt_is_laid_out_for_pasting(tmp_path: Path, model: Model, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "d.txt"
    code, _, err = run(["draft", "--seed", "11", "--items", "1", "--category", "廉洁自律", "--category", "1",
                        *HEADER, "-o", str(out)], capsys)
    assert code == 0, err
    doc = api.draft(model, seed=11, items=1, categories=["1", "廉洁自律"])
    first, last = doc.sections[0].items[0], doc.sections[1].items[0]
    assert out.read_text(encoding="utf-8") == (
        "对张三同志的批评意见\n（2024年度组织生活会）\n\n"
        f"\u3000\u3000（一）在理论学习方面的问题\n\u3000\u30001.{first.text}\n"
        f"\u3000\u3000（二）在廉洁自律方面的问题\n\u3000\u30001.{last.text}\n"
        "\nXX党支部\n2024年1月10日\n")
    assert err == f"种子：11\n草稿码：{doc.code}\n已写入 {out}\n"
    code, stdout, _ = run(["reproduce", doc.code], capsys)
    plain = doc.text.replace("对张三同志的批评意见\n（2024年度组织生活会）", "相互批评意见参考")
    assert code == 0 and stdout == plain.replace("\n\nXX党支部\n2024年1月10日", "")  # the code has no header


@pytest.mark.parametrize("ext, fmt", [(".md", "markdown"), (".json", "json"), (".jsonl", "jsonl"), (".txt", "text")])
def test_extension_chooses_format(tmp_path: Path, ext: str, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"p{ext}"
    assert run(["generate", "--seed", "3", "-n", "2", "-o", str(out)], capsys)[0] == 0
    assert run(["generate", "--seed", "3", "-n", "2", "--format", fmt, "-o", str(tmp_path / "same")], capsys)[0] == 0
    assert out.read_bytes() == (tmp_path / "same").read_bytes()


FIX = "不符；请去掉 --format，或把文件名改为"


@pytest.mark.parametrize("args, message", [
    (["generate", "--format", "json", "-o", "x.txt"], f"--format json 与文件扩展名 .txt {FIX} .json"),
    (["draft", "--format", "markdown", "-o", "x.docx"], f"--format markdown 与文件扩展名 .docx {FIX} .md"),
    (["batch", "-n", "2", "--format", "docx", "-o", "x.jsonl"], f"--format docx 与文件扩展名 .jsonl {FIX} .docx"),
    (["batch", "-n", "2", "-o", "x.json"], "这个命令不能输出 .json 文件；可用：jsonl、markdown、text、docx"),
    (["generate", "--format", "docx"], "Word 文档只能写入文件：请加 -o 文件名.docx"),
    (["draft", "-o", "x.doc"], "不能写入 .doc 格式（旧版 Word/WPS 文件）；请把文件名改为 .docx"),
    (["draft", "-o", "x.json", "--encoding", "gbk"], "--encoding gbk 只用于 .txt 和 .md 文件；.json 文件总是 UTF-8"),
    (["draft", "--encoding", "gbk"], "--encoding gbk 只用于 -o 写入的文件；请加 -o 文件名.txt"),
    (["generate", "--explain", "-o", "x.docx"], "--explain 不能写入 Word 文档；请改用 .txt、.md 或 .json"),
], ids=["json-txt", "md-docx", "docx-jsonl", "batch-json", "docx-stdout", "old-doc", "gbk-json", "gbk-stdout",
        "explain-docx"])
def test_format_refusals_are_one_line_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                                            message: str, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, err = run([*args, "--seed", "1"], capsys)
    assert (code, stdout, err) == (2, "", f"错误：{message}\n")
    assert list(tmp_path.iterdir()) == []


def test_gbk_text_and_a_character_gbk_lacks(tmp_path: Path, model: Model, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "g.txt"
    assert run(["draft", "--seed", "11", "--items", "1", "--encoding", "gbk", "-o", str(out)], capsys)[0] == 0
    assert out.read_bytes().decode("gbk").startswith("相互批评意见参考\n\n\u3000\u3000（一）在理论学习方面的问题\n")
    bad = tmp_path / "bad.txt"
    code, _, err = run(["draft", "--seed", "11", "--items", "1", "--unit", "𠀀党支部", "--encoding", "gbk",
                        "-o", str(bad)], capsys)
    assert code == 2
    assert err == "错误：第 16 行的“𠀀”（U+20000）无法用 GBK 编码保存；请去掉 --encoding，用 UTF-8 保存\n"
    assert not bad.exists()


def test_existing_file_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a.docx"
    out.write_bytes(b"keep")
    code, _, err = run(["draft", "--seed", "1", "-o", str(out)], capsys)
    assert (code, err) == (1, f"错误：{out} 已存在；加 --force 覆盖，或换一个文件名\n")
    assert out.read_bytes() == b"keep"
    assert run(["draft", "--seed", "1", "-o", str(out), "--force"], capsys)[0] == 0
    assert docx.Document(str(out)).paragraphs[0].text == "相互批评意见参考"


def test_force_never_replaces_fifo_or_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "p.txt"
    os.mkfifo(fifo)
    code, _, err = run(["generate", "--seed", "1", "-o", str(fifo), "--force"], capsys)
    assert (code, err) == (1, f"错误：{fifo} 是命名管道（FIFO），不是普通文件；"
                              "即使加 --force 也不会写入或替换它，请换一个文件名\n")
    assert fifo.is_fifo()
    folder = tmp_path / "d.docx"
    folder.mkdir()
    code, _, err = run(["draft", "--seed", "1", "-o", str(folder), "--force"], capsys)
    assert (code, err) == (1, f"错误：{folder} 是一个文件夹；请给出要写入的文件路径\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.docx", "p.txt"] and not any(folder.iterdir())


def test_symlink_is_written_through(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert run(["generate", "--seed", "1", "-o", str(link), "--force"], capsys)[0] == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("\u3000\u3000")


def test_dev_null_and_dev_full(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["draft", "--seed", "1", "-o", "/dev/null"], capsys)[0] == 0
    code, _, err = run(["generate", "--seed", "1", "-o", "/dev/full"], capsys)
    assert code == 1 and err.endswith("错误：磁盘空间不足，未写入任何文件；请清理空间或换一个位置\n")


def test_rename_refused_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """As if the folder became read-only after the temp file was written (tests run as root)."""
    def refuse(*args: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "link", refuse)
    monkeypatch.setattr(os, "replace", refuse)
    out = tmp_path / "x.docx"
    code, _, err = run(["draft", "--seed", "1", "-o", str(out)], capsys)
    assert code == 1 and err.endswith(f"错误：无法写入 {out}：没有权限；未写入任何文件\n")
    assert list(tmp_path.iterdir()) == []


def test_build_output_fifo_refused_without_reading_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Reading a FIFO to see whether it holds a model would block until something writes to it."""
    fifo = tmp_path / "model.json"
    os.mkfifo(fifo)
    code, _, err = run(["build", "-o", str(fifo)], capsys)
    assert code == 1 and err.startswith(f"错误：{fifo} 是命名管道（FIFO），不是普通文件")
    assert fifo.is_fifo()


def test_cli_extension_table_matches_render() -> None:
    from generator import batch, cli, render

    assert cli.FILE_FORMATS == render.FILE_FORMATS
    assert {fmt: ext for ext, fmt in render.EXTENSIONS.items() if ext != ".markdown"} == cli.EXTENSION_OF
    assert set(cli.BATCH_FORMATS) == set(batch.BATCH_FORMATS)


def test_encode_names_the_line_of_the_file() -> None:
    from generator import render
    from generator.errors import UsageError

    assert render.encode("中文\n", "gbk") == "中文\n".encode("gbk")
    with pytest.raises(UsageError, match=r"\A第 11 行的“𠀀”（U\+20000）无法用 GBK 编码保存"):
        render.encode("甲\n乙𠀀", "gbk", first_line=10)


@pytest.mark.parametrize(("alias", "name"), [("txt", "text"), ("md", "markdown"), ("TXT", "text")])
def test_format_names_as_users_write_them(alias: str, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--format txt was refused (不支持“txt”) though the README speaks of .txt files."""
    assert run(["generate", "2", "--seed", "4", "--format", alias], capsys)[:2] == \
        run(["generate", "2", "--seed", "4", "--format", name], capsys)[:2]


def test_output_never_overwrites_the_corpus_or_lands_in_its_folder(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """generate --corpus sc.txt -o sc.txt --force overwrote the user's material (a new user's slip); a .docx
    written into the corpus folder would be read as source next time. A .jsonl there is not read, so it may."""
    folder = tmp_path / "材料"
    folder.mkdir()
    corpus = folder / "sc.txt"
    original = (Path(__file__).parent / "data" / "second_corpus.txt").read_bytes()
    corpus.write_bytes(original)
    code, _, err = run(["generate", "--corpus", str(corpus), "-o", str(corpus), "--force", "--seed", "1"], capsys)
    assert code == 1 and "就是 --corpus 给的语料文件" in err and corpus.read_bytes() == original
    code, _, err = run(["draft", "--corpus", str(folder), "-o", str(folder / "草稿.docx"), "--seed", "1"], capsys)
    assert code == 1 and "在语料文件夹" in err and sorted(p.name for p in folder.iterdir()) == ["sc.txt"]
    code, _, _ = run(["batch", "-n", "2", "--corpus", str(folder), "-o", str(folder / "练习.jsonl"), "--quiet"],
                     capsys)
    assert code == 0 and (folder / "练习.jsonl").exists()
