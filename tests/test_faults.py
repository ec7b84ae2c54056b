"""Faults a user's machine throws (issue 14): dead workers, signals, odd names, broken stdout, bad caches.

Faults that would need root or a small tmpfs are simulated: killed workers with os.kill, a full disk
with /dev/full, a refused fork or a missing permission with monkeypatch.
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import batch
from generator.cli import main
from generator.model import Model
from generator.render import output

REPO = Path(__file__).resolve().parent.parent
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (CI runs on Linux)")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["CRITIQUE_CACHE_DIR"] = str(tmp_path / "cache")
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def _main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | str | None, str, str]:
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def _one_line(err: str) -> None:
    assert "Traceback" not in err, err
    assert err.startswith("错误：") and err.count("\n") == 1, err


def _wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.05)


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return out


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _start_batch(tmp_path: Path, folder: Path, *extra: str, pipes: bool = True) -> subprocess.Popen[str]:
    folder.mkdir()
    out = subprocess.PIPE if pipes else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "batch", "-n", "5000000", "-o", str(folder / "big.jsonl"), "--seed", "1",
         *extra],
        stdout=out, stderr=out, text=True, env=_env(tmp_path),
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _writing(folder: Path) -> bool:
    return any(p.name.endswith(".tmp") for p in folder.iterdir())


def _disturb(tmp_path: Path, jobs: str, action: Callable[[subprocess.Popen[str]], None]) -> tuple[int, str, Path]:
    """Start a long batch, run `action` once it writes with all its workers, then (exit code, stderr, folder)."""
    folder = tmp_path / "out"
    proc = _start_batch(tmp_path, folder, "--jobs", jobs)
    try:
        _wait_for(lambda: _writing(folder) and (jobs == "1" or len(_children(proc.pid)) >= int(jobs)))
        action(proc)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    return proc.returncode, err, folder


# --- 1. a dead worker ends the batch; workers die with their parent ---------------------------------


@linux_only
@pytest.mark.slow
def test_killed_worker_ends_batch_with_one_line(tmp_path: Path) -> None:
    """Failed before: multiprocessing.Pool lost the dead worker's chunk and the parent hung forever."""
    workers: list[int] = []

    def kill_a_worker(proc: subprocess.Popen[str]) -> None:
        workers.extend(_children(proc.pid))
        os.kill(workers[0], signal.SIGKILL)

    code, err, folder = _disturb(tmp_path, "2", kill_a_worker)
    assert code == 1, err
    _one_line(err)
    assert "并行进程意外退出" in err
    assert list(folder.iterdir()) == []
    _wait_for(lambda: not any(_running(w) for w in workers), timeout=10)


@linux_only
@pytest.mark.slow
def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    """A worker outlived its parent's kill -9 for more than 20 minutes (issue 14). With multiprocessing.Pool
    this run happened to end its workers; ProcessPoolExecutor's workers need the parent watch (without it
    this test fails)."""
    folder = tmp_path / "out"
    proc = _start_batch(tmp_path, folder, "--jobs", "2", pipes=False)
    workers: list[int] = []
    try:
        _wait_for(lambda: len(_children(proc.pid)) >= 2 and _writing(folder))
        workers = _children(proc.pid)
    finally:
        proc.kill()
        proc.wait()
    try:
        _wait_for(lambda: not any(_running(w) for w in workers), timeout=10)
    finally:
        for w in workers:
            with contextlib.suppress(OSError):
                os.kill(w, signal.SIGKILL)


# --- 7. temp files: SIGHUP, a second signal, Ctrl-C at start-up, stale files ------------------------


@linux_only
@pytest.mark.slow
def test_sighup_leaves_nothing(tmp_path: Path) -> None:
    """Failed before: SIGHUP (the terminal closed) left the hidden temp file behind."""
    code, err, folder = _disturb(tmp_path, "2", lambda proc: proc.send_signal(signal.SIGHUP))
    assert code == 129, err
    assert err == "错误：已中断，未写入 " + str(folder / "big.jsonl") + "\n"
    assert list(folder.iterdir()) == []


@linux_only
@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_two_quick_sigints_leave_nothing(tmp_path: Path, jobs: str) -> None:
    """Failed before: a second Ctrl-C interrupted the clean-up and the temp file stayed."""

    def two_sigints(proc: subprocess.Popen[str]) -> None:
        proc.send_signal(signal.SIGINT)
        time.sleep(0.003)
        proc.send_signal(signal.SIGINT)

    code, err, folder = _disturb(tmp_path, jobs, two_sigints)
    assert code == 130, err
    _one_line(err)
    assert list(folder.iterdir()) == []


@linux_only
def test_ctrl_c_while_workers_start_is_not_lost(model: Model, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Failed before: SIGINT was ignored while the pool forked, so the run went on and wrote the file."""
    real_fork = os.fork

    def fork_after_ctrl_c() -> int:
        os.kill(os.getpid(), signal.SIGINT)
        return real_fork()

    monkeypatch.setattr(os, "fork", fork_after_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        batch.write_batch(model, tmp_path / "s.jsonl", n=200, seed=1, jobs=2)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _temp_name(target: Path, pid: int, tail: str) -> str:
    return output.TEMP_FORMAT.format(target=target.name, pid=pid) + tail + output.TEMP_SUFFIX


@pytest.mark.skipif(sys.platform == "win32", reason="no liveness check of a pid on Windows")
def test_stale_temp_file_of_a_dead_writer_is_removed(model: Model, tmp_path: Path) -> None:
    """Failed before: a temp file orphaned by kill -9 stayed for ever."""
    target = tmp_path / "out.jsonl"
    stale = tmp_path / _temp_name(target, _dead_pid(), "abcdefgh")
    fresh = tmp_path / _temp_name(target, _dead_pid(), "ijklmnop")  # dead writer, but written just now
    live = tmp_path / _temp_name(target, os.getppid(), "qrstuvwx")
    other = tmp_path / _temp_name(tmp_path / "other.jsonl", _dead_pid(), "abcdefgh")
    old = time.time() - 2 * output.STALE_AFTER
    for path in (stale, fresh, live, other):
        path.write_text("half", encoding="utf-8")
        if path is not fresh:
            os.utime(path, (old, old))
    batch.write_batch(model, target, n=3, seed=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (target, fresh, live, other))


# --- 9. fork limit, long names; 10. --jobs cap, dangling symlink, a legal long name -----------------


@linux_only
def test_refused_fork_is_one_line_and_leaves_no_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Failed before: BlockingIOError traceback when the process limit was reached."""
    import multiprocessing

    real_fork = os.fork
    calls = []

    def limited_fork() -> int:
        calls.append(1)
        if len(calls) > 1:
            raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")
        return real_fork()

    monkeypatch.setattr(os, "fork", limited_fork)
    code, _, err = _main(["batch", "-n", "400", "-o", str(tmp_path / "f.jsonl"), "--seed", "1", "--jobs", "4"],
                         capsys)
    monkeypatch.undo()
    assert code == 1
    _one_line(err)
    assert "无法启动并行进程" in err and "--jobs" in err
    assert list(tmp_path.iterdir()) == []
    assert multiprocessing.active_children() == []


def test_jobs_above_the_cap_are_reduced_with_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Failed before: --jobs 300 started 300 workers on 2 cores, silently."""
    monkeypatch.setattr(batch, "cpu_jobs", lambda: 1)
    started: list[int] = []
    real = batch.ProcessPoolExecutor

    def counting(jobs: int, **kwargs: object) -> batch.ProcessPoolExecutor:
        started.append(jobs)
        return real(jobs, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "ProcessPoolExecutor", counting)
    code, _, err = _main(["batch", "-n", "2000", "-o", str(tmp_path / "j.jsonl"), "--seed", "1", "--jobs", "300",
                          "--quiet"], capsys)
    assert code == 0, err
    assert err == f"提示：--jobs 300 超过 CPU 核数的 {batch.JOBS_PER_CORE} 倍，只会更慢；已改为 {batch.JOBS_PER_CORE}\n"
    assert started == [batch.JOBS_PER_CORE]


def test_dangling_symlink_target_is_named_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Failed before: reported as "在生成期间被创建" (created while generating)."""
    link = tmp_path / "link.jsonl"
    link.symlink_to(tmp_path / "missing.jsonl")
    code, _, err = _main(["batch", "-n", "2", "-o", str(link), "--seed", "1"], capsys)
    assert code == 1
    _one_line(err)
    assert "符号链接" in err and "不存在" in err and "期间" not in err
    assert link.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["link.jsonl"]


def test_legal_251_character_name_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Failed before: refused as unwritable, because the temp name next to it was too long."""
    out = tmp_path / ("a" * 245 + ".jsonl")
    code, _, err = _main(["batch", "-n", "2", "-o", str(out), "--seed", "1", "--quiet"], capsys)
    assert code == 0, err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


@pytest.mark.parametrize("option", ["-o", "--corpus"])
def test_name_longer_than_the_file_system_allows(option: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Failed before: OSError (File name too long) traceback."""
    long = str(tmp_path / ("长" * 300 + ".txt"))
    args = ["batch", "-n", "2", "-o", long] if option == "-o" else ["generate", "--corpus", long]
    code, _, err = _main(args, capsys)
    assert code == 1
    _one_line(err)
    assert ("无法访问" if option == "-o" else "无法打开") in err
    assert "文件名太长" in err
    assert list(tmp_path.iterdir()) == []


# --- 3. a corpus file whose name is not valid UTF-8 ------------------------------------------------

SEED_TEXT = REPO / "corpus" / "000_f528c00ba62b58e2.txt"


@pytest.mark.skipif(sys.platform == "win32", reason="Windows file names are always Unicode")
def test_gbk_file_name_is_shown_decoded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Failed before: UnicodeEncodeError (surrogates not allowed) in the cache writer, on every run."""
    folder = tmp_path / "zip"
    folder.mkdir()
    name = "批评.txt".encode("gbk")
    with open(os.path.join(os.fsencode(folder), name), "wb") as f:
        f.write(SEED_TEXT.read_bytes())
    for _ in range(2):  # compiled and cached, then loaded from the cache
        code, out, err = _main(["generate", "--seed", "1", "--explain", "--corpus", str(folder)], capsys)
        assert code == 0, err
        assert "（批评.txt 第 " in out


# --- 5. stdout faults --------------------------------------------------------------------------------


def _cli(args: list[str], tmp_path: Path, *, env: dict[str, str] | None = None, stdout: Any = subprocess.PIPE,
         encoding: str = "utf-8", preexec_fn: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], stdout=stdout, stderr=subprocess.PIPE,
                          encoding=encoding, timeout=120, env=env or _env(tmp_path), preexec_fn=preexec_fn)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_stdout_on_a_full_disk(tmp_path: Path, fmt: str) -> None:
    """Failed before: OSError traceback (ENOSPC)."""
    with open("/dev/full", "w") as full:
        result = _cli(["generate", "-n", "3", "--seed", "1", "--format", fmt], tmp_path, stdout=full)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "错误：无法写出结果（磁盘空间不足）"
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="closes fd 1 in the child")
@pytest.mark.parametrize("args", [["generate", "-n", "2"], ["generate", "--format", "json"], ["draft"],
                                  ["categories"]], ids=["text", "json", "draft", "categories"])
def test_closed_stdout_is_one_line(tmp_path: Path, args: list[str]) -> None:
    """Failed before: a traceback for text, and exit 0 with nothing written for JSON and draft."""
    result = _cli([*args, "--seed", "1"] if args[0] != "categories" else args, tmp_path, stdout=None,
                  preexec_fn=lambda: os.close(1))
    assert result.returncode == 1, result.stderr
    assert result.stderr == "错误：标准输出已关闭，结果无处可写；请把输出重定向到文件，例如 > 结果.txt\n"


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "jsonl"])
def test_reader_that_stops_early_is_a_normal_end(tmp_path: Path, fmt: str) -> None:
    """Failed before: text into `head -1` exited 1 while jsonl exited 0."""
    proc = subprocess.Popen([sys.executable, "-m", "generator", "generate", "-n", "40", "--seed", "1",
                             "--format", fmt], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(tmp_path))
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0, err
    assert "Traceback" not in err and "错误" not in err and "Exception" not in err


def test_latin1_output_is_one_line(tmp_path: Path) -> None:
    """Failed before: UnicodeEncodeError traceback, after the seed line."""
    result = _cli(["generate", "3", "--seed", "1"], tmp_path, env=_env(tmp_path, PYTHONIOENCODING="latin-1"))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "PYTHONIOENCODING=utf-8" in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["generate", "draft", "batch", "reproduce", "build", "categories"])
def test_help_in_gbk(tmp_path: Path, command: str) -> None:
    """Failed before: the "−" of "2^64−1" has no GBK code, so the help of generate/draft/batch crashed."""
    result = _cli([command, "--help"], tmp_path, env=_env(tmp_path, PYTHONIOENCODING="gbk"), encoding="gbk")
    assert result.returncode == 0, result.stderr
    assert "用法：" in result.stdout


# --- 9. Unicode digits -------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["generate", "--seed", "²"], ["generate", "-n", "³"], ["draft", "--items", "①"]],
                         ids=["seed", "n", "items"])
def test_unicode_digits_are_usage_errors(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Failed before: str.isdigit() accepted them and int() raised ValueError (a traceback)."""
    code, _, err = _main(args, capsys)
    assert code == 2
    _one_line(err)
    assert f"需要整数，收到“{args[-1]}”" in err


def test_fullwidth_digits_are_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _main(["generate", "-n", "２", "--seed", "１", "--format", "jsonl"], capsys)
    assert code == 0, err


# --- 10. messages that misled or were English ---------------------------------------------------


def test_unreadable_corpus_is_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Failed before: click's English "Path '…' is not readable." (simulated: root may read anything)."""
    corpus = tmp_path / "mine.txt"
    corpus.write_bytes(SEED_TEXT.read_bytes())
    real_read = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == corpus:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    monkeypatch.setattr(Path, "read_bytes", refuse)
    code, _, err = _main(["generate", "--corpus", str(corpus)], capsys)
    assert code == 1
    _one_line(err)
    assert err == "错误：mine.txt：无法读取文件（没有权限）；请检查文件是否存在、是否有读取权限\n"


def test_explain_cites_the_current_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Failed before: the cached model (same fingerprint) still named the file as it was called before."""
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "old.txt").write_bytes(SEED_TEXT.read_bytes())
    args = ["generate", "--seed", "4", "--explain", "--corpus", str(folder)]
    assert "（old.txt 第 " in _main(args, capsys)[1]
    (folder / "old.txt").rename(folder / "new.txt")
    code, out, err = _main(args, capsys)
    assert code == 0, err
    assert "（new.txt 第 " in out and "old.txt" not in out


@pytest.mark.slow
def test_draft_headings_stay_chinese_numerals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Failed before: the 11th heading was （11）."""
    import re

    text = SEED_TEXT.read_text(encoding="utf-8")
    other = re.sub(r"^(\d+)\.", r"\1.又", re.sub(r"方面的问题", "甲方面的问题", text), flags=re.M)
    folder = tmp_path / "twelve"
    folder.mkdir()
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(other, encoding="utf-8")
    code, out, err = _main(["draft", "--items", "1", "--seed", "1", "--corpus", str(folder)], capsys)
    assert code == 0, err
    headings = [line.split("）")[0] + "）" for line in out.splitlines() if line.startswith("（")]
    assert headings[9:] == ["（十）", "（十一）", "（十二）"]


# --- 4. a cached model of the right shape but wrong inside ---------------------------------------


def _spoil_items(data: dict[str, Any]) -> None:
    data["items"][0][0] = 99  # a category that does not exist


def _spoil_fit(data: dict[str, Any]) -> None:
    for template in data["templates"]:
        template[3] = [float("nan")] * len(template[3])


def _spoil_template(data: dict[str, Any]) -> None:
    data["templates"][-1][1] = 10**6  # an item that does not exist


@pytest.mark.parametrize("spoil", [_spoil_items, _spoil_fit, _spoil_template, None],
                         ids=["category-index", "nan-fit", "item-index", "deep-nesting"])
def test_inconsistent_cache_is_rebuilt(spoil: Callable[[dict[str, Any]], None] | None, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Failed before: IndexError or RecursionError tracebacks, or NaN blamed on the corpus, on every run."""
    import json

    from generator import model as model_format
    from generator import store

    monkeypatch.setenv("CRITIQUE_CACHE_DIR", str(tmp_path / "cache"))
    corpus = tmp_path / "mine.txt"
    corpus.write_bytes(SEED_TEXT.read_bytes())
    args = ["generate", "-n", "3", "--seed", "5", "--format", "jsonl", "--corpus", str(corpus)]
    code, good, err = _main(args, capsys)
    assert code == 0, err
    (cached,) = (tmp_path / "cache").glob("model-*.json")
    if spoil is None:
        deep = "[" * 200_000 + "]" * 200_000
        text = cached.read_text(encoding="utf-8").replace('"kinds":[', '"kinds":[' + deep + ",")
    else:
        data = json.loads(cached.read_text(encoding="utf-8"))
        spoil(data)
        text = json.dumps(data, ensure_ascii=False)
    cached.write_text(text, encoding="utf-8")
    for _ in range(2):  # the first run rebuilds the cache, the second uses it
        code, out, err = _main(args, capsys)
        assert code == 0, err
        assert out == good
        assert "语料" not in err
    assert model_format.loads(cached.read_bytes()) == store.load(corpus)


# --- 6. jieba's cache -----------------------------------------------------------------------------


def _segment_quietly(cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    from generator.learn.segment import make_segmenter

    segment = make_segmenter([("理论学习", 1000, "n")], cache)
    assert segment("理论学习缺乏深度")[0] == ("理论学习", "n")
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.mark.slow
def test_jieba_cache_where_we_put_it_and_never_in_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    """Failed before: with our cache folder unusable, jieba wrote its 9 MB cache into the temp folder."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    _segment_quietly(blocked / "jieba", caplog)
    assert list(temp.iterdir()) == []
    cache = tmp_path / "cache"
    _segment_quietly(cache, caplog)
    (written,) = cache.iterdir()
    assert written.name.startswith("jieba-") and written.stat().st_size > 1_000_000
    assert list(temp.iterdir()) == []


@pytest.mark.slow
def test_jieba_cache_on_a_full_disk_is_quiet_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    """Failed before: "Dump cache file failed." with a traceback, and the half-written temp file stayed."""
    import marshal

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(marshal, "dump", full)
    cache = tmp_path / "cache"
    cache.mkdir()
    _segment_quietly(cache, caplog)
    assert list(cache.iterdir()) == []


@pytest.mark.slow
def test_damaged_jieba_cache_is_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    cache = tmp_path / "cache"
    _segment_quietly(cache, caplog)
    (written,) = cache.iterdir()
    written.write_bytes(written.read_bytes()[:1000])
    _segment_quietly(cache, caplog)
    assert written.stat().st_size > 1_000_000


# --- 8. big corpora: progress while compiling, a size limit -----------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_compile_progress_appears_only_after_a_delay() -> None:
    from generator.cli import CompileProgress

    now = [0.0]
    screen = _Terminal()
    progress = CompileProgress(screen, clock=lambda: now[0])
    progress(1, 4)
    assert screen.getvalue() == ""  # a short compile stays silent
    now[0] = CompileProgress.DELAY + 0.1
    progress(2, 4)
    progress(3, 4)  # too soon after the last redraw
    now[0] += 1
    progress(4, 4)
    assert screen.getvalue() == "\r正在编译语料：2/4 条（50%）\r正在编译语料：4/4 条（100%）\n"
    quiet = io.StringIO()  # not a terminal: a log file gets no progress lines
    CompileProgress(quiet, clock=lambda: now[0] + 100)(4, 4)
    assert quiet.getvalue() == ""


def test_cli_shows_compile_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Failed before: compiling showed nothing, for minutes on a big corpus."""
    from generator.cli import CompileProgress

    monkeypatch.setattr(CompileProgress, "DELAY", 0.0)
    monkeypatch.setattr(CompileProgress, "EVERY", 3600.0)
    corpus = tmp_path / "mine.txt"
    corpus.write_bytes(SEED_TEXT.read_bytes())
    capsys.readouterr()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, _, err = _main(["build", "--corpus", str(corpus)], capsys)
    assert code == 0, err
    assert err.startswith("\r正在编译语料：1/18 条（5%）\r正在编译语料：18/18 条（100%）\n模型已是最新"), err


def test_corpus_above_the_size_limit_is_refused_before_reading(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Failed before: a 50 MB corpus compiled for more than ten minutes."""
    from generator.read.sources import MAX_CORPUS_BYTES

    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_CORPUS_BYTES + 1)  # sparse: no disk used
    code, _, err = _main(["generate", "--corpus", str(big)], capsys)
    assert code == 1
    _one_line(err)
    assert err.startswith("错误：big.txt：语料共 10.0 MB，超过 10 MB 的上限")


# --- 9. a folder without search permission (simulated: root may enter any folder) -----------------


def _no_search_permission(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every stat of a path inside `folder` fail with EACCES, as for a folder without x."""
    inside = str(folder) + os.sep

    def guard(real: Callable[..., os.stat_result]) -> Callable[..., os.stat_result]:
        def call(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
            if isinstance(path, (str, os.PathLike)) and os.fspath(path).startswith(inside):
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
            return real(path, *args, **kwargs)
        return call

    monkeypatch.setattr(os, "stat", guard(os.stat))
    monkeypatch.setattr(os, "lstat", guard(os.lstat))


@pytest.mark.parametrize("option", ["-o", "--corpus"])
def test_folder_without_search_permission(option: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Failed before: PermissionError traceback out of Path.is_dir()."""
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "mine.txt").write_bytes(SEED_TEXT.read_bytes())
    _no_search_permission(locked, monkeypatch)
    args = (["batch", "-n", "2", "-o", str(locked / "out.jsonl")] if option == "-o"
            else ["generate", "--corpus", str(locked / "mine.txt")])
    code, _, err = _main(args, capsys)
    monkeypatch.undo()
    assert code == 1
    _one_line(err)
    assert "没有权限" in err
    assert sorted(p.name for p in locked.iterdir()) == ["mine.txt"]
