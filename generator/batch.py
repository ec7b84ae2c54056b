"""Many paragraphs into one file: ordered, duplicate-free, identical for any number of worker processes.

Record i (0-based) has category `categories[i % len(categories)]` and is
`api.paragraph(model, category, seed=seed, index=i, attempt=a)`; its code reproduces it.

Work is split into chunks of consecutive indices. Workers (a ProcessPoolExecutor, 'fork' on Linux,
'spawn' elsewhere) render each chunk with attempt 0 and return the rendered pieces plus one 8-byte
blake2b hash per paragraph text. The parent walks the records in index order, checks each hash
against those already written and, on a duplicate, regenerates that record itself with attempt+1,
attempt+2, … Because only the parent decides, in index order, the output does not depend on the
number of jobs or on chunk boundaries.

Memory stays flat in N except for the duplicate check: `HashSet64`, an open-addressing table of
uint64 sized once for N (8 bytes per slot, at most 2/3 full, so ≈ 12–24 bytes per record —
a Python set of ints would cost ≈ 70–100 bytes per record). At most `2 * jobs` chunks are in
flight, and each finished chunk is written to the file before the next is awaited.

The file is written to a temp file next to the target and renamed into place only at the end;
an interruption (Ctrl-C, SIGTERM, SIGHUP) or an error removes the temp file and leaves the target as it
was. A worker that dies (OOM killer, kill -9) ends the batch with WorkerError instead of a hang, and a
worker whose parent dies ends itself. Signals are held while workers are forked and while cleaning up,
so that none is lost and a second Ctrl-C cannot interrupt the clean-up.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO

import numpy as np

from . import api, render, store, tempfiles
from .errors import CritiqueError, GenerationError, OutputError, UsageError, WorkerError, reason
from .model import Model

BATCH_FORMATS = ("jsonl", "markdown", "text")
MARKDOWN_HEADING = "# 批评意见练习范例\n"
MAX_ATTEMPTS = 20
MAX_CHUNK = 500
MIN_CHUNK = 50
MAX_RECORDS = 10_000_000
JOBS_PER_CORE = 4  # more workers than this per core only add start-up time and memory

log = logging.getLogger(__name__)


class BatchInterrupted(CritiqueError):
    """The batch was stopped by Ctrl-C or SIGTERM; no file was written at the target."""

    exit_code = 130


class HashSet64:
    """A fixed-capacity set of 64-bit integers: open addressing with linear probing in one numpy array.

    Sized once for `capacity` members (the table is the next power of two ≥ 1.5 × capacity), so
    memory is 8–16 bytes per expected member and never grows. Zero marks an empty slot; the value
    zero itself is tracked by a flag.
    """

    def __init__(self, capacity: int) -> None:
        size = 16
        while size < capacity * 3 // 2 + 1:
            size *= 2
        self._table = np.zeros(size, dtype=np.uint64)
        self._mask = size - 1
        self._capacity = capacity
        self._count = 0
        self._has_zero = False

    def __len__(self) -> int:
        return self._count

    def add(self, value: int) -> bool:
        """Add `value`; False if it was already present."""
        if value == 0:
            if self._has_zero:
                return False
            self._has_zero = True
            self._count += 1
            return True
        table, mask = self._table, self._mask
        slot = value & mask
        while True:
            found = int(table[slot])
            if found == 0:
                if self._count >= self._capacity:
                    raise OverflowError("HashSet64 is full")
                table[slot] = value
                self._count += 1
                return True
            if found == value:
                return False
            slot = (slot + 1) & mask


def text_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def resolve_categories(model: Model, names: Sequence[str | int] | None) -> tuple[int, ...]:
    """Category indices to cycle through: the given names/numbers, or every category of the model."""
    if not names:
        return tuple(range(len(model.categories)))
    out = []
    for name in names:
        index = api.resolve_category(model, name)
        assert index is not None
        out.append(index)
    return tuple(out)


def render_record(p: api.Paragraph, fmt: str, i: int) -> str:
    """Record i as it appears in the file, including the separator before it."""
    if fmt == "jsonl":
        return render.json_line(p) + "\n"
    if fmt == "markdown":
        return "\n" + render.paragraph_markdown(p, i + 1)
    if fmt == "text":
        return ("\n" if i else "") + f"{i + 1}. {p.text}\n草稿码：{p.code}\n"
    raise UsageError(f"不支持的格式“{fmt}”，可选：{'、'.join(BATCH_FORMATS)}")


def header(fmt: str) -> str:
    return MARKDOWN_HEADING if fmt == "markdown" else ""


@dataclass(frozen=True)
class _Job:
    seed: int
    categories: tuple[int, ...]
    fmt: str


def _record(model: Model, job: _Job, i: int, attempt: int) -> tuple[str, int]:
    p = api.paragraph(model, job.categories[i % len(job.categories)], seed=job.seed, index=i, attempt=attempt)
    return render_record(p, job.fmt, i), text_hash(p.text)


def _chunk(model: Model, job: _Job, start: int, stop: int) -> tuple[int, list[str], list[int]]:
    pieces, hashes = [], []
    for i in range(start, stop):
        piece, h = _record(model, job, i, 0)
        pieces.append(piece)
        hashes.append(h)
    return start, pieces, hashes


# --- worker side -------------------------------------------------------------------------------

_WORKER_MODEL: Model | None = None
PARENT_POLL = 0.5  # seconds between a worker's checks that its parent is still there


def _init_worker(model: Model | None, corpus: str | None, parent: int) -> None:
    """Pool initializer: leave Ctrl-C and a closed terminal to the parent, die with it, load the model once."""
    global _WORKER_MODEL
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # blocked by the parent around the fork
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()
    _WORKER_MODEL = model if model is not None else store.load(corpus)


def _watch_parent(parent: int) -> None:
    """End this worker as soon as its parent is gone (kill -9, OOM killer): no orphan keeps running."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    os._exit(1)


def _work(job: _Job, start: int, stop: int) -> tuple[int, list[str], list[int]]:
    assert _WORKER_MODEL is not None
    return _chunk(_WORKER_MODEL, job, start, stop)


# --- parent side -------------------------------------------------------------------------------

_SIGNALS = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP until the block ends: delivered then, never lost, never mid-way."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _context() -> multiprocessing.context.BaseContext:
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _bounds(n: int, chunk: int) -> Iterator[tuple[int, int]]:
    for start in range(0, n, chunk):
        yield start, min(start + chunk, n)


def _chunks_in_process(model: Model, job: _Job, n: int, chunk: int) -> Iterator[tuple[int, list[str], list[int]]]:
    for start, stop in _bounds(n, chunk):
        yield _chunk(model, job, start, stop)


def _chunks_in_pool(pool: ProcessPoolExecutor, job: _Job, n: int, chunk: int,
                    window: int) -> Iterator[tuple[int, list[str], list[int]]]:
    """Chunk results in index order, with at most `window` chunks submitted but not yet consumed."""
    pending: deque[Future[tuple[int, list[str], list[int]]]] = deque()
    for start, stop in _bounds(n, chunk):
        pending.append(_submit(pool, job, start, stop))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _submit(pool: ProcessPoolExecutor, job: _Job, start: int, stop: int) -> Future[tuple[int, list[str], list[int]]]:
    """Submit a chunk; the first submit forks the workers, with signals held so none is lost or inherited."""
    try:
        with _signals_held():
            return pool.submit(_work, job, start, stop)
    except OSError as exc:  # fork() refused: the process limit (EAGAIN) or memory (ENOMEM)
        raise WorkerError(f"无法启动并行进程（{reason(exc)}）；请减小 --jobs，或用 --jobs 1") from None


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl-C so that the same clean-up runs; exits with 128 + the signal."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While the batch runs, SIGTERM and SIGHUP (terminal closed) in the main thread clean up like Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {name: signal.signal(getattr(signal, name), _raise_interrupt) for name in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def _start_pool(jobs: int, corpus: Path | None, model: Model) -> ProcessPoolExecutor:
    """Workers that load the model once ('fork' inherits it) and die with this process."""
    ctx = _context()
    inherited = model if ctx.get_start_method() == "fork" else None
    return ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker,
                               initargs=(inherited, None if corpus is None else str(corpus), os.getpid()))


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Kill the workers now (a chunk in progress is not waited for) and reap them."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # 3.11 has no kill_workers()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(5)


def _clean_up(pool: ProcessPoolExecutor | None, tmp: str | None) -> None:
    """Stop the workers and remove the temp file, even when a second signal arrives meanwhile.

    Signals are held during the clean-up; one caught just before the hold, or delivered when it
    ends, interrupts a step that is then simply run again (each is idempotent) and is re-raised after.
    """
    late: BaseException | None = None
    for _ in range(3):
        try:
            with _signals_held():
                if pool is not None:
                    _stop_pool(pool)
                if tmp is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
            break
        except KeyboardInterrupt as exc:
            late = exc
    if late is not None:
        raise late


def _check_target(path: Path, force: bool) -> None:
    try:
        if path.is_dir():
            raise OutputError(f"{path} 是一个文件夹；请给出要写入的文件路径")
        if path.is_symlink() and not path.exists():
            raise OutputError(f"{path} 是一个符号链接，它指向的 {os.readlink(path)} 不存在；"
                              "请换一个文件名，或先删去这个链接")
        if path.exists() and not force:
            raise OutputError(f"{path} 已存在；加 --force 覆盖，或换一个文件名")
        store.refuse_file_in_path(path)
    except OSError as exc:
        raise OutputError(f"无法使用输出路径 {path}（{reason(exc)}）；请换一个位置或文件名") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建文件夹 {path.parent}（{reason(exc)}）；请换一个可写的位置") from None


def _open_temp(path: Path) -> tuple[IO[str], str]:
    try:
        fd, tmp = tempfiles.create(path)
    except OSError as exc:
        raise OutputError(f"无法在 {path.parent} 中写入（{reason(exc)}）；请换一个可写的位置") from None
    return os.fdopen(fd, "w", encoding="utf-8", newline="\n"), tmp


def _publish(tmp: str, path: Path, force: bool) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    if force:
        os.replace(tmp, path)
        return
    try:  # no-clobber even if the target appeared while we were writing
        os.link(tmp, path)
    except FileExistsError:
        raise OutputError(f"{path} 在生成期间被创建；未覆盖。加 --force 覆盖") from None
    except OSError:  # filesystems without hard links
        if os.path.lexists(path):
            raise OutputError(f"{path} 在生成期间被创建；未覆盖。加 --force 覆盖") from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


@dataclass(frozen=True)
class BatchResult:
    path: Path
    count: int
    seed: int
    regenerated: int  # records that needed attempt > 0 because of a duplicate


def write_batch(model: Model, path: Path, *, n: int, seed: int, categories: Sequence[str | int] | None = None,
                fmt: str = "jsonl", jobs: int = 1, force: bool = False, corpus: Path | None = None,
                progress: Callable[[int], None] | None = None, chunk: int | None = None) -> BatchResult:
    """Write `n` distinct paragraphs to `path` (atomically); see the module docstring.

    `progress(k)` is called after every chunk with the number of records just written.
    Raises OutputError (target exists, is a folder, cannot be written, disk full), UsageError,
    GenerationError (no new paragraph after MAX_ATTEMPTS tries) or KeyboardInterrupt (Ctrl-C or
    SIGTERM); in every case nothing is left at `path` or in its folder except what was there before.
    """
    if not 1 <= n <= MAX_RECORDS:
        raise UsageError(f"-n 必须在 1 到 {MAX_RECORDS} 之间")
    if jobs < 1:
        raise UsageError("--jobs 必须是正整数")
    if fmt not in BATCH_FORMATS:
        raise UsageError(f"不支持的格式“{fmt}”，可选：{'、'.join(BATCH_FORMATS)}")
    api.check_seed(seed)
    job = _Job(seed, resolve_categories(model, categories), fmt)
    if jobs > max_jobs():
        log.warning("--jobs %d 超过 CPU 核数的 %d 倍，只会更慢；已改为 %d", jobs, JOBS_PER_CORE, max_jobs())
        jobs = max_jobs()
    if chunk is None:
        chunk = max(MIN_CHUNK, min(MAX_CHUNK, -(-n // (jobs * 4))))
    jobs = min(jobs, -(-n // chunk))
    path = Path(path)
    _check_target(path, force)

    seen = HashSet64(n)
    regenerated = 0
    with _sigterm_as_interrupt():
        pool: ProcessPoolExecutor | None = None
        tmp: str | None = None
        try:
            out, tmp = _open_temp(path)
            try:
                _write(out, header(fmt))
                if jobs > 1:
                    pool = _start_pool(jobs, corpus, model)
                chunks = (_chunks_in_pool(pool, job, n, chunk, 2 * jobs) if pool is not None
                          else _chunks_in_process(model, job, n, chunk))
                for start, pieces, hashes in chunks:
                    for k, h in enumerate(hashes):
                        if not seen.add(h):
                            pieces[k] = _regenerate(model, job, start + k, seen)
                            regenerated += 1
                    _write(out, "".join(pieces))
                    if progress is not None:
                        progress(len(pieces))
                _flush(out)
            finally:
                with contextlib.suppress(OSError):  # after an error the buffer may not flush again
                    out.close()
            if pool is not None:
                pool.shutdown(wait=True)
                pool = None
            try:
                _publish(tmp, path, force)
            except IsADirectoryError:
                raise OutputError(f"{path} 是一个文件夹；请给出要写入的文件路径") from None
            except OSError as exc:
                raise OutputError(f"无法写入 {path}（{reason(exc)}）") from None
            tmp = None
        except BrokenProcessPool:
            raise WorkerError(f"一个并行进程意外退出（可能是内存不足，或被其他程序结束），未写入 {path}；"
                              "请重试，或用 --jobs 1") from None
        finally:
            _clean_up(pool, tmp)
    return BatchResult(path, n, seed, regenerated)


def _regenerate(model: Model, job: _Job, i: int, seen: HashSet64) -> str:
    for attempt in range(1, MAX_ATTEMPTS + 1):
        piece, h = _record(model, job, i, attempt)
        if seen.add(h):
            return piece
    raise GenerationError(f"第 {i + 1} 段连续 {MAX_ATTEMPTS} 次与前面的段落重复：语料不足以生成这么多"
                          "互不相同的段落，请减小 -n")


def _write(out: IO[str], text: str) -> None:
    try:
        out.write(text)
    except OSError as exc:
        raise _output_error(exc) from None


def _flush(out: IO[str]) -> None:
    try:
        out.flush()
        os.fsync(out.fileno())
    except OSError as exc:
        raise _output_error(exc) from None


def _output_error(exc: OSError) -> OutputError:
    if exc.errno == errno.ENOSPC:
        return OutputError("磁盘空间不足，未写入任何文件；请清理空间或换一个位置")
    return OutputError(f"写入失败（{reason(exc)}）；未写入任何文件")


def cpu_jobs() -> int:
    return os.cpu_count() or 1


def max_jobs() -> int:
    """The most worker processes a batch starts: JOBS_PER_CORE per core."""
    return JOBS_PER_CORE * cpu_jobs()


__all__ = ["BATCH_FORMATS", "BatchInterrupted", "BatchResult", "HashSet64", "cpu_jobs", "max_jobs", "render_record",
           "resolve_categories", "text_hash", "write_batch"]

