"""The `critique` command as a user calls it: exit codes and output checked separately."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli, main
from generator.read.docx_read import NOT_DOCX

CATEGORIES = ["理论学习", "政治素质", "能力本领", "担当作为", "工作作风", "廉洁自律"]


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=120)


SEED_SKIPPED = [
    "未用作批评意见的 2 行：",
    "  000_f528c00ba62b58e2.txt 第 3 行（文件标题）：2023 年主题教育民主生活会",
    "  000_f528c00ba62b58e2.txt 第 5 行（文件标题）：组织生活会相互批评意见参考",
]


def test_categories_text(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["categories"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split("：")[0] for line in lines[:6]] == [f"{i}. {n}" for i, n in enumerate(CATEGORIES, 1)]
    assert all("3 条" in line for line in lines[:6])
    assert lines[6:] == ["", *SEED_SKIPPED]


def test_categories_json(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["categories", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [r["name"] for r in data["categories"]] == CATEGORIES
    assert [r["items"] for r in data["categories"]] == [3] * 6
    assert data["skipped"] == [
        {"file": "000_f528c00ba62b58e2.txt", "line": 3, "text": "2023 年主题教育民主生活会", "reason": "文件标题"},
        {"file": "000_f528c00ba62b58e2.txt", "line": 5, "text": "组织生活会相互批评意见参考", "reason": "文件标题"},
    ]


def test_categories_reports_skipped_lines_and_files(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "对张三同志的批评意见\n（一）在理论学习方面的问题\n1.学习不深。浅尝辄止。\n2.学习不系统。碎片化。\n"
        "- 2 -\nXX党支部\n2024年1月10日\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# 会议通知\n\n请准时参加。\n", encoding="utf-8")
    (tmp_path / "c.docx").write_bytes(b"not a zip")
    result = runner.invoke(cli, ["categories", "--corpus", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        "",
        "不会被采用的 2 条（正文太短，或句子长而能换说法的词少，写出来就是照抄原文；可以补充正文、把长句拆短，"
        "或补充同类的条目）：",
        "  a.txt 第 3 行（理论学习）：学习不深",
        "  a.txt 第 4 行（理论学习）：学习不系统",
        "",
        "未用作批评意见的 4 行：",
        "  a.txt 第 1 行（称呼）：对张三同志的批评意见",
        "  a.txt 第 5 行（页码）：- 2 -",
        "  a.txt 第 6 行（署名单位）：XX党支部",
        "  a.txt 第 7 行（日期）：2024年1月10日",
        "",
        "跳过的 2 个文件：",
        "  c.docx：" + NOT_DOCX,
        "  b.md 第 1 行：类别“会议通知”下面没有编号条目；每条批评意见应以“1.”“（1）”或“①”等编号开头，或删去这个空标题",
    ]
    assert result.stdout.splitlines()[0].startswith("1. 理论学习：2 条")


@pytest.mark.parametrize("spec", ["2", "政治素质", "（二）在政治素质方面的问题", "二、", "2.", "政治素质方面",
                                  "政治素质方面的问题", "(二)在政治素质方面的问题", "二、在政治素质方面的问题"],
                         ids=["number", "name", "heading", "number-dun", "number-dot", "name-fangmian",
                              "name-fangmian-wenti", "heading-ascii-brackets", "heading-other-number"])
def test_generate_category_by_number_name_heading(runner: CliRunner, spec: str) -> None:
    result = runner.invoke(cli, ["generate", spec, "--seed", "5", "-n", "3", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == 3
    for r in records:
        assert r["category"] == "政治素质"
        assert r["text"] == r["title"] + "。" + r["body"]
        assert r["seed"] == 5
        assert set(r) >= {"category", "title", "body", "text", "seed", "code"}
    assert len({r["text"] for r in records}) == 3


def test_generate_same_seed_same_output_across_processes() -> None:
    first = run(["generate", "2", "--seed", "5", "-n", "3", "--format", "jsonl"])
    second = run(["generate", "2", "--seed", "5", "-n", "3", "--format", "jsonl"])
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.splitlines()) == 3


def test_generate_without_seed_shows_the_drawn_seed() -> None:
    result = run(["generate", "1"])
    assert result.returncode == 0
    seed_lines = [line for line in result.stderr.splitlines() if line.startswith("种子：")]
    assert len(seed_lines) == 1
    seed = int(seed_lines[0].removeprefix("种子："))
    again = run(["generate", "1", "--seed", str(seed)])
    assert again.stdout == result.stdout


def test_generate_does_not_import_jieba() -> None:
    code = (
        "import sys\n"
        "from generator.cli import main\n"
        "try:\n"
        "    main(['generate', '1', '--seed', '1'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert not any(m == 'jieba' or m.startswith('jieba.') for m in sys.modules), 'jieba was imported'\n"
        "print('no-jieba-ok', file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "no-jieba-ok" in result.stderr, result.stderr


def test_unknown_category_suggests(runner: CliRunner, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["generate", "理论学"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "理论学习" in err


@pytest.mark.parametrize("args", [["generate", "-n", "0"], ["generate", "-n", "x"], ["generate", "--seed", "-1"],
                                  ["generate", "9"], ["generate", "--format", "xml"], ["draft", "--items", "0"]],
                         ids=["n-zero", "n-text", "seed-negative", "category-range", "format", "items-zero"])
def test_usage_errors_are_one_line_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and err.count("\n") == 1, err
    assert "Traceback" not in err


def test_every_command_has_chinese_help(runner: CliRunner) -> None:
    for name, command in cli.commands.items():
        assert command.help and any("\u4e00" <= ch <= "\u9fff" for ch in command.help), name
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0
        assert "用法：" in result.output and "选项" in result.output


def test_draft_items_beyond_the_title_space_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["draft", "--items", "200", "--seed", "1"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：--items 200 太大") and err.count("\n") == 1



def test_markdown_explain_lists_sources(runner: CliRunner) -> None:
    plain = runner.invoke(cli, ["generate", "1", "--seed", "3", "--format", "markdown"])
    explained = runner.invoke(cli, ["generate", "1", "--seed", "3", "--format", "markdown", "--explain"])
    assert plain.exit_code == explained.exit_code == 0
    assert explained.stdout.startswith(plain.stdout.rstrip("\n"))
    assert "模板：" in explained.stdout and "来源：" in explained.stdout and "模板：" not in plain.stdout


def test_draft_markdown_keeps_full_stop_outside_bold(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["draft", "--seed", "2", "--items", "1", "--format", "markdown"])
    assert result.exit_code == 0
    items = [line for line in result.output.splitlines() if line.startswith("1. **")]
    assert len(items) == 6 and all("**。" in line and "。**" not in line for line in items)


@pytest.mark.parametrize("spec", ["1", "一", "（一）", "(1)", "１"],
                         ids=["arabic", "chinese", "bracketed", "ascii-paren", "fullwidth"])
def test_category_numbers(runner: CliRunner, spec: str) -> None:
    result = runner.invoke(cli, ["generate", spec, "--seed", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["category"] == "理论学习"


def test_name_containing_a_category_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["generate", "我的廉洁自律"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "您是不是要找：廉洁自律" in err and err.count("\n") == 1


def test_categories_names_the_items_no_paragraph_will_follow(runner: CliRunner) -> None:
    township = str(Path(__file__).parent / "data" / "township_gbk.txt")
    result = runner.invoke(cli, ["categories", "--corpus", township])
    assert result.exit_code == 0, result.output
    assert "不会被采用的 1 条" in result.output
    assert "township_gbk.txt 第 4 行（理论学习）：学习的主动性不强" in result.output
    data = json.loads(runner.invoke(cli, ["categories", "--corpus", township, "--format", "json"]).output)
    assert [u["title"] for u in data["unused"]] == ["学习的主动性不强"]
    assert [r["unused"] for r in data["categories"]] == [1, 0, 0, 0]


def test_reproduce_a_draft_with_its_header_gives_the_same_document(capsys: pytest.CaptureFixture[str]) -> None:
    """The header (--to, --meeting, --unit, --date) is not in a draft's code; given again to reproduce, the
    whole document comes back byte for byte. A paragraph's code takes no header."""
    runner = CliRunner()
    header = ["--to", "张三", "--meeting", "2024年度组织生活会", "--unit", "某支部", "--date", "2024-01-10"]
    made = runner.invoke(cli, ["draft", "--seed", "5", *header])
    assert made.exit_code == 0, made.output
    code = next(line.split("：", 1)[1] for line in made.output.splitlines() if line.startswith("草稿码："))
    again = runner.invoke(cli, ["reproduce", code, *header])
    assert again.exit_code == 0 and again.output == made.output.replace("种子：5\n", "")
    assert "对张三同志的批评意见" in again.output and "2024年1月10日" in again.output
    plain = runner.invoke(cli, ["reproduce", code])
    assert plain.exit_code == 0 and "张三" not in plain.output
    one = runner.invoke(cli, ["generate", "1", "--seed", "2"])
    para = next(line.split("：", 1)[1] for line in one.output.splitlines() if line.startswith("草稿码："))
    with pytest.raises(SystemExit) as exc:
        main(["reproduce", para, "--to", "张三"])
    assert exc.value.code == 2 and "整份草稿" in capsys.readouterr().err
