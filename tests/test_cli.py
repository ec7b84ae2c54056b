"""The `critique` command as a user calls it: exit codes and output checked separately."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from generator.cli import cli, main

CATEGORIES = ["理论学习", "政治素质", "能力本领", "担当作为", "工作作风", "廉洁自律"]


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=120)


def test_categories_text(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["categories"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split("：")[0] for line in lines] == [f"{i}. {n}" for i, n in enumerate(CATEGORIES, 1)]
    assert all("3 条" in line for line in lines)


def test_categories_json(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["categories", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert [r["name"] for r in rows] == CATEGORIES
    assert [r["items"] for r in rows] == [3] * 6


@pytest.mark.parametrize("spec", ["2", "政治素质", "（二）在政治素质方面的问题"], ids=["number", "name", "heading"])
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
