"""`critique batch`: identical files for any --jobs, no duplicates, reproducible codes, safe writes."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator import api, batch
from generator.cli import cli, main
from generator.errors import OutputError
from generator.model import Model
from generator.render import output

REPO = Path(__file__).resolve().parent.parent


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["CRITIQUE_CACHE_DIR"] = str(tmp_path / "cache")
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _batch(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(cli, ["batch", "--quiet", *args])


def _main_err(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | str | None, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    return exc.value.code, capsys.readouterr().err


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("pair")
    runner = CliRunner()
    for jobs in ("1", "2"):
        result = _batch(runner, "-n", "600", "-o", str(folder / f"j{jobs}.jsonl"), "--seed", "3", "--jobs", jobs)
        assert result.exit_code == 0, result.output
    return folder / "j1.jsonl", folder / "j2.jsonl"


def test_jobs_1_and_2_give_identical_files(pair: tuple[Path, Path]) -> None:
    one, two = pair
    assert one.read_bytes() == two.read_bytes()
    assert len(_records(one)) == 600


def test_paragraphs_distinct_and_categories_cycle(pair: tuple[Path, Path], model: Model) -> None:
    records = _records(pair[0])
    assert len({r["text"] for r in records}) == len(records)
    names = [c.name for c in model.categories]
    assert [r["category"] for r in records] == [names[i % len(names)] for i in range(len(records))]
    assert [r["index"] for r in records] == list(range(len(records)))
    assert {r["seed"] for r in records} == {3}


def test_codes_reproduce_their_text(pair: tuple[Path, Path], runner: CliRunner) -> None:
    records = _records(pair[0])
    for k in (0, 1, 337, 599):
        result = runner.invoke(cli, ["reproduce", records[k]["code"], "--format", "json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)[0]["text"] == records[k]["text"]


def test_duplicates_are_regenerated_with_next_attempt(model: Model, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Force a collision: every attempt-0 paragraph hashes alike, so records 1.. must use attempt 1+."""
    real = batch._record

    def colliding(m: Model, job: Any, i: int, attempt: int) -> tuple[str, int]:
        piece, h = real(m, job, i, attempt)
        return piece, (7 if attempt == 0 else h)

    monkeypatch.setattr(batch, "_record", colliding)
    result = batch.write_batch(model, tmp_path / "d.jsonl", n=5, seed=3, jobs=1)
    assert result.regenerated == 4
    records = _records(tmp_path / "d.jsonl")
    assert len({r["text"] for r in records}) == 5
    from generator import api, codes

    assert [codes.decode(r["code"]).attempt for r in records] == [0, 1, 1, 1, 1]
    assert api.reproduce(model, records[3]["code"]).text == records[3]["text"]  # type: ignore[union-attr]


def test_category_option_cycles_given_categories(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    result = _batch(runner, "-n", "7", "-o", str(out), "--seed", "1", "--category", "2", "--category", "廉洁自律")
    assert result.exit_code == 0, result.output
    assert [r["category"] for r in _records(out)] == ["政治素质", "廉洁自律"] * 3 + ["政治素质"]


def test_existing_file_untouched_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.jsonl"
    out.write_bytes(b"keep me\n")
    code, err = _main_err(["batch", "-n", "3", "-o", str(out), "--seed", "1"], capsys)
    assert code == 1
    assert err.startswith("错误：") and err.count("\n") == 1, err
    assert out.read_bytes() == b"keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.jsonl"]


def test_force_overwrites(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    out.write_bytes(b"old\n")
    result = _batch(runner, "-n", "3", "-o", str(out), "--seed", "1", "--force")
    assert result.exit_code == 0, result.output
    assert len(_records(out)) == 3


def test_missing_parent_folders_are_created(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "c.jsonl"
    result = _batch(runner, "-n", "2", "-o", str(out), "--seed", "1")
    assert result.exit_code == 0, result.output
    assert len(_records(out)) == 2


def test_folder_as_path_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _main_err(["batch", "-n", "2", "-o", str(tmp_path), "--seed", "1", "--force"], capsys)
    assert code == 1
    assert err.startswith("错误：") and err.count("\n") == 1 and "Traceback" not in err, err
    assert "文件夹" in err


def test_jobs_zero_is_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _main_err(["batch", "-n", "2", "-o", str(tmp_path / "z"), "--jobs", "0"], capsys)
    assert code == 2
    assert err.startswith("错误：") and err.count("\n") == 1, err
    assert not (tmp_path / "z").exists()


def test_disk_full_removes_temp_file(model: Model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, f: Any) -> None:
            self.f = f

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name: str) -> Any:
            return getattr(self.f, name)

    def full_fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        return Full(real_fdopen(fd, *args, **kwargs))

    monkeypatch.setattr(output.os, "fdopen", full_fdopen)
    with pytest.raises(OutputError, match="磁盘空间不足"):
        batch.write_batch(model, tmp_path / "f.jsonl", n=10, seed=1, jobs=1)
    assert list(tmp_path.iterdir()) == []


def test_markdown_shape(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "m.md"
    result = _batch(runner, "-n", "3", "-o", str(out), "--seed", "2", "--format", "markdown")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 批评意见练习范例\n\n### 1. ")
    assert "\n### 2. " in text and "\n### 3. " in text
    assert text.count("> 类别：") == 3 and text.count("草稿码：`") == 3


def test_text_shape(runner: CliRunner, tmp_path: Path, model: Model) -> None:
    """A .txt batch is one document for pasting: numbered, indented, no code lines between paragraphs."""
    out = tmp_path / "t.txt"
    result = _batch(runner, "-n", "3", "-o", str(out), "--seed", "2")
    assert result.exit_code == 0, result.output
    texts = [api.paragraph(model, c, seed=2, index=i).text for i, c in enumerate(range(3))]
    assert out.read_text(encoding="utf-8") == (
        "批评意见练习范例\n\n" + "".join(f"\u3000\u3000{i}.{t}\n" for i, t in enumerate(texts, 1))
        + "\n以上 3 条练习范例由 critique batch -n 3 --seed 2 生成；用同一语料再次运行得到完全相同的文字，"
        "改用 -o 文件名.jsonl 可得到每条的草稿码。\n")


def test_text_in_gbk(runner: CliRunner, tmp_path: Path) -> None:
    utf8, gbk = tmp_path / "u.txt", tmp_path / "g.txt"
    assert _batch(runner, "-n", "3", "-o", str(utf8), "--seed", "2").exit_code == 0
    result = _batch(runner, "-n", "3", "-o", str(gbk), "--seed", "2", "--encoding", "gbk")
    assert result.exit_code == 0, result.output
    assert gbk.read_bytes().decode("gbk") == utf8.read_text(encoding="utf-8")


def test_docx_is_one_numbered_document(runner: CliRunner, tmp_path: Path, model: Model) -> None:
    import docx

    out = tmp_path / "b.docx"
    result = _batch(runner, "-n", "4", "-o", str(out), "--seed", "2", "--jobs", "2")
    assert result.exit_code == 0, result.output
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    expected = [api.paragraph(model, c, seed=2, index=i) for i, c in enumerate([0, 1, 2, 3])]
    assert texts[0] == "批评意见练习范例"
    assert texts[2:6] == [f"{i}.{p.title}。{p.body}" for i, p in enumerate(expected, 1)]
    assert texts[6].startswith("以上 4 条练习范例由 critique batch -n 4 --seed 2 生成") and len(texts) == 7


def test_no_seed_prints_drawn_seed(tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    result = subprocess.run([sys.executable, "-m", "generator", "batch", "-n", "2", "-o", str(out)],
                            capture_output=True, text=True, timeout=60, env=_env(tmp_path))
    assert result.returncode == 0, result.stderr
    seed = int(result.stderr.split("种子：")[1].split()[0])
    assert {r["seed"] for r in _records(out)} == {seed}


def test_quiet_prints_nothing(tmp_path: Path) -> None:
    out = tmp_path / "q.jsonl"
    result = subprocess.run([sys.executable, "-m", "generator", "batch", "-n", "2", "-o", str(out), "--quiet"],
                            capture_output=True, text=True, timeout=60, env=_env(tmp_path))
    assert result.returncode == 0 and result.stderr == "" and result.stdout == ""
    assert len(_records(out)) == 2


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
def test_interrupted_run_leaves_nothing(tmp_path: Path, sig: signal.Signals) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "big.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "batch", "-n", "5000000", "-o", str(out), "--seed", "1", "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(tmp_path),
        # a shell may start background jobs with SIGINT ignored; the user's terminal would not
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(1.5)
    assert proc.poll() is None, proc.communicate()
    assert any(p.name.endswith(".tmp") for p in folder.iterdir())  # it really was writing
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode != 0
    assert err.startswith("错误：已中断") and err.count("\n") == 1, err
    assert list(folder.iterdir()) == []


def test_force_never_replaces_a_fifo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    code, err = _main_err(["batch", "-n", "2", "-o", str(fifo), "--seed", "1", "--force"], capsys)
    assert code == 1
    assert err == f"错误：{fifo} 是命名管道（FIFO），不是普通文件；即使加 --force 也不会写入或替换它，请换一个文件名\n"
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.jsonl"] and fifo.is_fifo()


def test_force_writes_through_a_symlink(runner: CliRunner, tmp_path: Path) -> None:
    real = tmp_path / "real.jsonl"
    real.write_bytes(b"old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    result = _batch(runner, "-n", "3", "-o", str(link), "--seed", "1", "--force")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and len(_records(real)) == 3


@pytest.mark.parametrize("shared", [True, False], ids=["shared-table", "own-chunk-only"])
def test_workers_guessing_from_stale_knowledge_give_the_same_file(model: Model, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  shared: bool) -> None:
    """Workers guess each record's attempt from what they know of the duplicates: the shared table, a little
    behind the parent, or (as where workers are spawned) only their own chunk. Wrong guesses must happen
    here, and the parent's replay must still give the serial file."""
    if not shared:
        monkeypatch.setattr(batch, "_shared_table", lambda capacity: None)
    real = batch._replayed
    wrong = []

    def counted(m: Model, job: Any, i: int, seen: Any, hashes: list[int], piece: str | None) -> tuple[str, int]:
        found, attempt = real(m, job, i, seen, hashes, piece)
        if attempt != len(hashes) - 1:
            wrong.append(i)
        return found, attempt

    monkeypatch.setattr(batch, "_replayed", counted)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    serial = batch.write_batch(model, one, n=900, seed=11, jobs=1)
    parallel = batch.write_batch(model, two, n=900, seed=11, jobs=2, chunk=50)
    assert one.read_bytes() == two.read_bytes()
    assert serial.regenerated == parallel.regenerated > 0
    assert wrong


def test_replay_goes_past_an_attempt_a_stale_worker_accepted(model: Model) -> None:
    """The worker took attempt 1, but the parent already holds that text (from a chunk the worker did not
    know of): the record is the next attempt the parent does not hold, rendered by the parent."""
    job = batch._Job(5, batch.resolve_categories(model, None), "jsonl")
    tried = [batch._record(model, job, 7, a) for a in range(4)]
    assert len({h for _, h in tried}) == 4
    seen = batch.HashSet64(10)
    seen.add(tried[0][1])
    seen.add(tried[1][1])  # held by the parent, unknown to the worker
    piece, attempt = batch._replayed(model, job, 7, seen, [tried[0][1], tried[1][1]], tried[1][0])
    assert (piece, attempt) == (tried[2][0], 2)
    seen2 = batch.HashSet64(10)
    seen2.add(tried[0][1])  # the worker thought attempt 1 was taken too, the parent does not
    piece, attempt = batch._replayed(model, job, 7, seen2, [tried[0][1], tried[1][1], tried[2][1]], tried[2][0])
    assert (piece, attempt) == (tried[1][0], 1)
