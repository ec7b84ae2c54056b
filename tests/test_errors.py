"""Every user mistake ends in one `错误：` line on stderr, exit 2 (usage) or 1 (the rest), no traceback."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import api, codes, store
from generator.check.checks import defects
from generator.cli import main
from generator.model import FORMAT_VERSION, Model

REPO = Path(__file__).resolve().parent.parent
SEED_TEXT = REPO / "corpus" / "000_f528c00ba62b58e2.txt"
SOURCE = SEED_TEXT.read_text(encoding="utf-8")


def fail(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run the CLI in-process, expecting a failure; returns (exit code, stderr) after checking the shape."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        main(args)
    err = capsys.readouterr().err
    assert isinstance(exc.value.code, int) and exc.value.code != 0, err
    assert_one_error_line(err)
    return exc.value.code, err


def assert_one_error_line(err: str) -> None:
    assert "Traceback" not in err, err
    assert err.startswith("错误：") and err.count("\n") == 1, err


def ok(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    assert exc.value.code == 0, err
    assert "Traceback" not in err
    return out, err


def run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=180,
                          env=env, cwd=REPO)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --- corpus ----------------------------------------------------------------------------------


def test_corpus_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = fail(["generate", "--corpus", str(tmp_path / "nope.txt")], capsys)
    assert code == 1
    assert "nope.txt" in err and "找不到" in err


def test_corpus_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = fail(["generate", "--corpus", str(write(tmp_path / "empty.txt", ""))], capsys)
    assert code == 1
    assert "empty.txt" in err and "空" in err


def test_corpus_binary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pic.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    code, err = fail(["generate", "--corpus", str(path)], capsys)
    assert code == 1
    assert "pic.txt" in err and "不是文本文件" in err and "UTF-8" in err


def test_corpus_utf32_without_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "u32.txt", SOURCE, "utf-32-le")
    code, err = fail(["generate", "--corpus", str(path)], capsys)
    assert code == 1
    assert "u32.txt" in err and "UTF-32" in err


def test_corpus_random_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(7)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(4000)))  # no NUL: reaches the decoders
    code, err = fail(["generate", "--corpus", str(path)], capsys)
    assert code == 1
    assert "noise.txt" in err and ("编码" in err or "不是文本文件" in err)


def test_corpus_without_sections(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "prose.txt", "今天开了一个会。\n大家都发了言。\n")
    code, err = fail(["generate", "--corpus", str(path)], capsys)
    assert code == 1
    assert "prose.txt" in err and "类别标题" in err


def test_corpus_section_without_items(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "（一）在理论学习方面的问题\n\n（二）在政治素质方面的问题\n1.标题一。正文内容。\n"
    code, err = fail(["generate", "--corpus", str(write(tmp_path / "c.txt", text))], capsys)
    assert code == 1
    assert "c.txt 第 1 行" in err and "理论学习" in err and "没有编号条目" in err


def test_corpus_item_without_body(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "（一）在理论学习方面的问题\n1.理论学习缺乏深度。\n"
    code, err = fail(["generate", "--corpus", str(write(tmp_path / "c.txt", text))], capsys)
    assert code == 1
    # the item is left out; with nothing else, the category is empty, and that is the one line said
    assert "c.txt 第 1 行" in err and "都只有标题没有正文" in err and "已跳过" not in err


def test_corpus_category_with_too_little_material(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "thin.txt", SOURCE + "\n（七）在学习纪律方面的问题\n1.学习不深。不够。\n")
    for args in (["generate", "7", "--seed", "1"], ["generate", "--seed", "1", "-n", "12"],
                 ["draft", "--seed", "1", "--category", "7"]):
        code, err = fail([*args, "--corpus", str(path)], capsys)
        assert code == 1, args
        assert "学习纪律" in err and "材料太少" in err and "thin.txt 第" in err, err
        assert "--max-chars" not in err  # the user gave no bounds; do not blame them
    # the well-stocked categories of the same corpus still work, and a whole draft leaves the thin one out, saying so
    out, _ = ok(["generate", "1", "--seed", "1", "--corpus", str(path)], capsys)
    assert out.strip()
    out, err = ok(["draft", "--seed", "1", "--corpus", str(path)], capsys)
    assert "学习纪律" in err and "材料太少" in err and "草稿里没有" in err
    assert "（六）在廉洁自律方面的问题" in out and "学习纪律" not in out


def test_corpus_whose_items_are_all_too_short(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "tiny.txt", "（一）在理论学习方面的问题\n1.学习不深。不够。\n")
    code, err = fail(["generate", "--corpus", str(path)], capsys)
    assert code == 1
    assert "--max-chars" not in err and ("太短" in err or "材料太少" in err)


def test_corpus_duplicate_items(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "（一）在理论学习方面的问题\n1.学习不深。不够好好学习。\n2.学习不深。不够好好学习。\n"
    code, err = fail(["generate", "--corpus", str(write(tmp_path / "dup.txt", text))], capsys)
    assert code == 1
    assert "dup.txt 第 3 行" in err and "第 2 行" in err and "相同" in err


def test_corpus_two_megabyte_line_fails_fast(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "big.txt", "（一）在理论学习方面的问题\n1.理论学习不深。" + "学" * 2_000_000 + "\n")
    start = time.monotonic()
    code, err = fail(["generate", "--corpus", str(path)], capsys)
    assert time.monotonic() - start < 20
    assert code == 1
    assert "big.txt 第 2 行" in err and "拆成" in err


def test_corpus_folder_without_corpus_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.pdf").write_text("hi", encoding="utf-8")
    code, err = fail(["generate", "--corpus", str(tmp_path)], capsys)
    assert code == 1
    assert str(tmp_path) in err and ".txt" in err and ".docx" in err


def test_corpus_mixed_numbering_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    styles = ["{n}、", "（{n}）", "{circled}"]
    lines, k = [], 0
    for line in SOURCE.split("\n"):
        if line[:1].isdigit() and line[1:2] == ".":
            n = int(line[0])
            line = styles[k % 3].format(n=n, circled=chr(0x245F + n)) + line[2:]
            k += 1
        lines.append(line)
    assert k == 18
    path = write(tmp_path / "mixed.txt", "\n".join(lines))
    out, _ = ok(["categories", "--format", "json", "--corpus", str(path)], capsys)
    assert [r["items"] for r in json.loads(out)["categories"]] == [3] * 6
    out, _ = ok(["generate", "2", "--seed", "4", "--corpus", str(path)], capsys)
    assert out.strip()


# --- options ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "code", "needle"), [
    (["generate", "廉洁"], 2, "廉洁自律"),
    (["generate", "理论学"], 2, "理论学习"),
    (["generate", "0"], 2, "1 到 6"),
    (["generate", "7"], 2, "1 到 6"),
    (["generate", "-n", "0"], 2, "-n"),
    (["generate", "-n", "abc"], 2, "abc"),
    (["generate", "--seed", "-1"], 2, "--seed"),
    (["generate", "--seed", "1.5"], 2, "整数"),
    (["generate", "--seed", str(2**64)], 2, str(2**64 - 1)),
    (["generate", "--min-chars", "300", "--max-chars", "100"], 2, "--min-chars"),
    (["generate", "--max-chars", "20"], 2, "--max-chars"),
    (["generate", "--format", "xml"], 2, "jsonl"),
    (["draft", "--items", "0"], 2, "--items"),
    (["generate", "--min-chars", "5000", "--seed", "1"], 1, "--min-chars"),
    (["generate", "1", "--min-chars", "5000", "--max-chars", "6000", "--seed", "1"], 1, "5000"),
    (["draft", "--min-chars", "5000", "--seed", "1"], 1, "--min-chars"),
    (["frobnicate"], 2, "frobnicate"),
    (["generate", "--nope"], 2, "--nope"),
], ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_option_errors(args: list[str], code: int, needle: str, capsys: pytest.CaptureFixture[str]) -> None:
    start = time.monotonic()
    got, err = fail(args, capsys)
    assert time.monotonic() - start < 20  # never an endless search for unreachable bounds
    assert got == code, err
    assert needle in err, err


def test_unknown_category_lists_all_names(capsys: pytest.CaptureFixture[str]) -> None:
    _, err = fail(["generate", "xyz"], capsys)
    assert all(name in err for name in ("理论学习", "政治素质", "廉洁自律"))


def test_largest_seed_works(capsys: pytest.CaptureFixture[str]) -> None:
    out, err = ok(["generate", "--seed", str(2**64 - 1)], capsys)
    assert out.strip() and f"种子：{2**64 - 1}" in err


# --- codes -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def good_code(model: Model) -> str:
    return api.paragraph(model, 0, seed=5).code


def _variant(code: str, **changes: int) -> str:
    return codes.encode(dataclasses.replace(codes.decode(code), **changes))


def test_code_empty(capsys: pytest.CaptureFixture[str]) -> None:
    for text in ("", "   "):
        code, err = fail(["reproduce", text], capsys)
        assert code == 2 and "为空" in err


def test_code_mistyped(good_code: str, capsys: pytest.CaptureFixture[str]) -> None:
    chars = list(good_code)
    chars[3] = "X" if chars[3] != "X" else "Y"
    code, err = fail(["reproduce", "".join(chars)], capsys)
    assert code == 2 and "校验" in err


def test_code_truncated(good_code: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = fail(["reproduce", good_code[:8]], capsys)
    assert code == 2 and "不完整" in err


def test_code_from_another_corpus(model: Model, good_code: str, capsys: pytest.CaptureFixture[str]) -> None:
    other_fp = (codes.decode(good_code).fingerprint + 1) % 2**20
    code, err = fail(["reproduce", _variant(good_code, fingerprint=other_fp)], capsys)
    assert code == 2
    assert "另一份语料" in err and f"{other_fp:05x}" in err and model.fingerprint[:5] in err


def test_bundled_code_with_user_corpus_says_drop_corpus(good_code: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "mine.txt", SOURCE.replace("2023 年", "2024 年"))
    code, err = fail(["reproduce", good_code, "--corpus", str(path)], capsys)
    assert code == 2 and "自带语料" in err


def test_code_from_older_format(model: Model, good_code: str, capsys: pytest.CaptureFixture[str]) -> None:
    old = model.format_version - 1
    code, err = fail(["reproduce", _variant(good_code, format_version=old)], capsys)
    assert code == 2
    assert f"第 {old} 版" in err and f"第 {model.format_version} 版" in err


def test_good_code_reproduces(good_code: str, model: Model, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = ok(["reproduce", good_code], capsys)
    assert api.paragraph(model, 0, seed=5).text in out


# --- model cache -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def user_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "mine.txt"
    return write(path, SOURCE.replace("组织生活会相互批评意见参考", "我的批评意见参考"))


@pytest.fixture(scope="module")
def expected_output(user_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    env = {**os.environ, "CRITIQUE_CACHE_DIR": str(tmp_path_factory.mktemp("fresh"))}
    result = run(["generate", "-n", "2", "--seed", "3", "--corpus", str(user_corpus)], env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _cache_file(folder: Path, corpus: Path) -> Path:

    return folder / f"model-{store.fingerprint_of(corpus)[:16]}.json"


@pytest.mark.parametrize("damage", ["garbage", "truncated", "newer", "not-a-model", "bad-fields"])
def test_damaged_cache_is_rebuilt(damage: str, user_corpus: Path, expected_output: str, tmp_path: Path) -> None:
    env = {**os.environ, "CRITIQUE_CACHE_DIR": str(tmp_path)}
    first = run(["generate", "-n", "2", "--seed", "3", "--corpus", str(user_corpus)], env=env)
    assert first.returncode == 0, first.stderr
    cached = _cache_file(tmp_path, user_corpus)
    good = cached.read_text(encoding="utf-8")
    damaged = {
        "garbage": "garbage\x00",
        "truncated": good[: len(good) // 2],
        "newer": good.replace(f'"format_version":{FORMAT_VERSION},', '"format_version":99,', 1),
        "not-a-model": "[1, 2, 3]",
        "bad-fields": json.dumps({"format": "critique-model", "format_version": FORMAT_VERSION, "fingerprint": "x",
                                  "categories": 5}),
    }[damage]
    assert damaged != good
    cached.write_text(damaged, encoding="utf-8")
    again = run(["generate", "-n", "2", "--seed", "3", "--corpus", str(user_corpus)], env=env)
    assert again.returncode == 0, again.stderr
    assert again.stdout == expected_output
    assert "Traceback" not in again.stderr
    hints = [line for line in again.stderr.splitlines() if line.startswith("提示：")]
    assert len(hints) <= 1
    assert not any(line.startswith("错误") for line in again.stderr.splitlines())
    assert json.loads(cached.read_text(encoding="utf-8"))["format_version"] == FORMAT_VERSION  # rebuilt on disk


def test_unwritable_cache_folder_works_from_memory(user_corpus: Path, expected_output: str, tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root ignores permission bits: use a folder that cannot be created
        blocker = tmp_path / "file"
        blocker.write_text("not a folder", encoding="utf-8")
        folder = blocker / "cache"
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o500)
    try:
        env = {**os.environ, "CRITIQUE_CACHE_DIR": str(folder)}
        result = run(["generate", "-n", "2", "--seed", "3", "--corpus", str(user_corpus)], env=env)
    finally:
        if folder.is_dir():
            folder.chmod(0o700)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected_output
    hints = [line for line in result.stderr.splitlines() if line.startswith("提示：")]
    assert len(hints) == 1 and "内存" in hints[0], result.stderr
    assert "Traceback" not in result.stderr


def test_cache_folder_that_is_a_file_is_named_so(user_corpus: Path, expected_output: str, tmp_path: Path) -> None:
    """mkdir on a file fails with EEXIST; the hint must not read 已存在 as if the folder were there."""
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    env = {**os.environ, "CRITIQUE_CACHE_DIR": str(blocker)}
    result = run(["generate", "-n", "2", "--seed", "3", "--corpus", str(user_corpus)], env=env)
    assert (result.returncode, result.stdout) == (0, expected_output), result.stderr
    assert result.stderr.count("提示：") == 1 and "这是一个文件，不是文件夹" in result.stderr, result.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_hint_printed_once_when_main_runs_repeatedly(user_corpus: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CRITIQUE_CACHE_DIR", str(blocker / "cache"))
    for _ in range(3):
        _, err = ok(["generate", "1", "--seed", "3", "--corpus", str(user_corpus)], capsys)
        assert err.count("提示：") == 1, err


def test_two_processes_build_the_same_corpus(user_corpus: Path, expected_output: str, tmp_path: Path) -> None:
    env = {**os.environ, "CRITIQUE_CACHE_DIR": str(tmp_path)}
    args = [sys.executable, "-m", "generator", "generate", "-n", "2", "--seed", "3", "--corpus", str(user_corpus)]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
             for _ in range(2)]
    results = [p.communicate(timeout=180) for p in procs]
    for p, (out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        assert out == expected_output
        assert "Traceback" not in err
    cached = _cache_file(tmp_path, user_corpus)
    assert json.loads(cached.read_text(encoding="utf-8"))["format"] == "critique-model"
    assert not list(tmp_path.glob(".model-*.tmp"))


# --- output ----------------------------------------------------------------------------------


def test_build_onto_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    code, err = fail(["build", "-o", str(tmp_path)], capsys)
    assert code == 1 and "文件夹" in err and str(tmp_path) in err
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_build_into_unwritable_location(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("mine", encoding="utf-8")
    code, err = fail(["build", "-o", str(blocker / "sub" / "model.json")], capsys)
    assert code == 1 and str(blocker) in err
    assert blocker.read_text(encoding="utf-8") == "mine"


def test_build_refuses_to_overwrite_a_non_model_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    precious = write(tmp_path / "mine.txt", SOURCE)
    code, err = fail(["build", "--corpus", str(precious), "-o", str(precious)], capsys)
    assert code == 1 and "不是 critique 模型文件" in err
    assert precious.read_text(encoding="utf-8") == SOURCE


def test_build_overwrites_its_own_model_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "model.json"
    ok(["build", "-o", str(target)], capsys)
    ok(["build", "-o", str(target)], capsys)
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "critique-model"


# --- properties ------------------------------------------------------------------------------

SEEDS = st.integers(min_value=0, max_value=2**64 - 1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=SEEDS, category=st.integers(min_value=0, max_value=5), index=st.integers(min_value=0, max_value=2**20))
def test_any_seed_gives_a_clean_original_paragraph(model: Model, seed: int, category: int, index: int) -> None:
    p = api.paragraph(model, category, seed=seed, index=index)
    assert defects(p.text) == []
    guard = api.sampler_for(model).guard
    assert guard.copied(p.body) is None
    # only an item's own title (one with nothing to recombine it with) may stand as in the source
    assert guard.copied(p.text) is None or p.title == model.items[p.item].title
    assert p.category == model.categories[category].name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=SEEDS, category=st.one_of(st.none(), st.integers(min_value=0, max_value=5)),
       index=st.integers(min_value=0, max_value=1000))
def test_codes_round_trip(model: Model, seed: int, category: int | None, index: int) -> None:
    p = api.paragraph(model, category, seed=seed, index=index)
    again = api.reproduce(model, p.code)
    assert isinstance(again, api.Paragraph)
    assert (again.text, again.code, again.seed) == (p.text, p.code, seed)


# --- no traceback anywhere -------------------------------------------------------------------


def test_no_traceback_for_bad_invocations(tmp_path: Path) -> None:
    binary = tmp_path / "bin.txt"
    binary.write_bytes(bytes(range(256)))
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    env = {**os.environ, "CRITIQUE_CACHE_DIR": str(tmp_path / "cache")}
    bad = [
        ["generate", "--corpus", str(tmp_path / "missing")],
        ["generate", "--corpus", str(binary)],
        ["generate", "--corpus", str(tmp_path)],
        ["generate", "nonsense"],
        ["generate", "99"],
        ["generate", "-n", "-3"],
        ["generate", "--seed", "abc"],
        ["generate", "--seed", str(2**70)],
        ["generate", "--min-chars", "9", "--max-chars", "3"],
        ["generate", "--format", "pdf"],
        ["draft", "--items", "999"],
        ["reproduce", ""],
        ["reproduce", "!!!"],
        ["reproduce", "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ"],
        ["build", "-o", str(tmp_path)],
        ["build", "-o", str(blocker / "x.json")],
        ["nosuchcommand"],
    ]
    for args in bad:
        result = run(args, env=env)
        assert "Traceback" not in result.stderr, (args, result.stderr)
        assert result.returncode in (1, 2), (args, result.returncode, result.stderr)
        assert_one_error_line(result.stderr)


@pytest.mark.parametrize("args", [["batch", "-n", "5"], ["batch", "-o", "x.jsonl"]], ids=["no -o", "no -n"])
def test_a_missing_required_option_is_one_line_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    # click 8.3+ took an explicit default=None for a value given, and batch without -o ran on to a traceback
    code, err = fail(args, capsys)
    assert code == 2 and "缺少" in err


@pytest.mark.parametrize("args", [["draft", "-o"], ["batch", "-n", "3", "-o"]], ids=["draft", "batch"])
def test_an_unknown_output_extension_is_refused(args: list[str], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "x.pdf"
    code, err = fail([*args, str(target)], capsys)
    assert code == 2 and "不认识的输出文件扩展名 .pdf" in err
    assert not target.exists()


@pytest.mark.parametrize("args", [["draft", "-o"], ["generate", "-o"], ["batch", "-n", "3", "-o"]],
                         ids=["draft", "generate", "batch"])
def test_an_output_file_without_an_extension_is_refused(args: list[str], tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """-o 草稿 wrote plain text under a name Windows opens with nothing; the user meant a Word file or a text one."""
    target = tmp_path / "草稿"
    code, err = fail([*args, str(target)], capsys)
    assert code == 2 and "没有扩展名" in err and "草稿.docx（Word）" in err
    assert not target.exists()
    with pytest.raises(SystemExit) as exc:  # a format given says what to write
        main([*args, str(target), "--format", "text", "--seed", "1"])
    assert exc.value.code in (0, None) and target.read_text(encoding="utf-8").strip()


def test_generate_n_beyond_its_limit_points_to_batch(capsys: pytest.CaptureFixture[str]) -> None:
    """generate -n 100000 ran for half an hour in silence (it prints when all are done): batch is for that."""
    code, err = fail(["generate", "-n", "100000", "--seed", "1"], capsys)
    assert code == 2 and "critique batch" in err


@pytest.mark.parametrize("name", ["新文件夹/", "新文件夹\\"])
def test_an_output_written_as_a_folder_is_refused(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, err = fail(["draft", "--seed", "1", "-o", name], capsys)
    assert code == 2 and "文件夹的写法" in err and f"{name}草稿.docx" in err
    assert not list(tmp_path.iterdir())


def test_a_lower_bound_no_plan_comes_near_is_said_so(capsys: pytest.CaptureFixture[str]) -> None:
    township = str(REPO / "tests" / "data" / "township_gbk.txt")
    code, err = fail(["generate", "1", "--min-chars", "150", "--seed", "1", "--corpus", township], capsys)
    assert code == 1 and "约 0 字" not in err and "写不到这么长" in err and "--min-chars" in err


def test_an_empty_corpus_path_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = fail(["categories", "--corpus", ""], capsys)
    assert code == 2 and "语料路径是空的" in err


def test_a_hint_is_given_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "a.txt", SOURCE)
    write(tmp_path / "notice.txt", "会议通知\n请准时参加。\n")
    ok(["categories", "--corpus", str(tmp_path)], capsys)
    main_err = capsys.readouterr().err
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["categories", "--corpus", str(tmp_path)])
    err = capsys.readouterr().err
    assert err.count("已跳过 notice.txt") == 1, (main_err, err)


def test_sigterm_stops_generate_with_one_line_and_nothing_written(tmp_path: Path) -> None:
    """SIGTERM (a closed session, `kill`) ended generate silently with 143 and no word; it now says so, like
    Ctrl-C, and writes nothing."""
    import signal

    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "段落.txt"
    env = dict(os.environ, CRITIQUE_CACHE_DIR=str(tmp_path / "cache"),
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    command = [sys.executable, "-m", "generator", "generate", "-n", "2000", "--seed", "1", "-o", str(out)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    time.sleep(1.0)
    assert proc.poll() is None, proc.communicate()  # (2000 paragraphs take seconds)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert err.strip() == "错误：已中断（收到终止信号）", err
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(("args", "wanted", "unset"), [
    (["generate", "1", "--min-chars", "400"], "400 字以上", "–"),  # was 400–572 字: 572 the user never set
    (["generate", "1", "--max-chars", "60"], "60 字以内", "–"),  # was 56–60 字
    (["generate", "1", "--min-chars", "300", "--max-chars", "305"], "300–305 字", "字以"),
])
def test_a_length_error_names_the_bounds_the_user_set(capsys: pytest.CaptureFixture[str], args: list[str],
                                                      wanted: str, unset: str) -> None:
    code, err = fail([*args, "--seed", "1"], capsys)
    assert code == 1 and f"没能写出 {wanted}、" in err and unset not in err.split("没能写出")[1].split("、")[0]


def test_a_draft_that_runs_out_of_titles_points_to_what_the_user_can_change(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, err = fail(["draft", "--min-chars", "240", "--seed", "1"], capsys)
    assert code == 1 and "把 --items 减到 2" in err and "放宽 --min-chars" in err, err
    assert "--max-chars" not in err  # not set, so not to be loosened
    code, err = fail(["draft", "--items", "3", "--min-chars", "240", "--seed", "1"], capsys)
    assert "减小 --items" in err and "放宽 --min-chars" in err
