"""Many paragraphs into one file: ordered, duplicate-free, identical for any number of worker processes.

Record i (0-based) has category `categories[i % len(categories)]` and is
`api.paragraph(model, category, seed=seed, index=i, attempt=a)`; its code reproduces it.

Work is split into chunks of consecutive indices. Workers (a ProcessPoolExecutor, 'fork' on Linux,
'spawn' elsewhere) each get a chunk, and read the parent's duplicate table where it is shared memory
(forked workers; spawned ones know only their own chunk). A worker walks its chunk in index order
and, on a duplicate, tries attempt+1, attempt+2, … itself, as the serial rule says; it returns the
rendered pieces and, per record, the 8-byte blake2b hashes of every attempt it tried. The parent
replays those hashes in index order against the records already written: the first attempt whose
text is new is the record. Where the worker guessed from a stale table (a chunk still in flight held
the same text), the parent renders the attempt it picked itself. Because only the parent decides, in
index order, with the serial rule, the output does not depend on the number of jobs or on chunk
boundaries; the workers only make the parent's choices cheap, so that redrawing duplicates, a third
of the work once a category fills up, is shared out too.

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
import hashlib
import json
import mmap
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
from typing import Any

import numpy as np

from generator import api, hints, render, store
from generator.errors import CritiqueError, UsageError, WorkerError, reason
from generator.model import Model
from generator.realize import pcg64
from generator.render import output
from generator.signals import Terminated, sigterm_as_interrupt

BATCH_FORMATS = ("jsonl", "markdown", "text", "docx")
MARKDOWN_HEADING = f"# {render.PRACTICE_TITLE}\n"
TEXT_HEADING = f"{render.PRACTICE_TITLE}\n\n"
MAX_DOCX_RECORDS = 20_000  # a Word file is built in memory; about 5,000 pages
MAX_ATTEMPTS = 200  # redraws of a paragraph that repeats an earlier one: a small category fills up slowly
MAX_CHUNK = 500
MIN_CHUNK = 50
MAX_RECORDS = 10_000_000
JOBS_PER_CORE = 4  # more workers than this per core only add start-up time and memory



class BatchInterrupted(CritiqueError):
    """The batch was stopped by Ctrl-C or SIGTERM; no file was written at the target."""

    exit_code = 130


class HashSet64:
    """A fixed-capacity set of 64-bit integers: open addressing with linear probing in one numpy array.

    Sized once for `capacity` members (the table is the next power of two ≥ 1.5 × capacity), so
    memory is 8–16 bytes per expected member and never grows. Zero marks an empty slot; the value
    zero itself is tracked by a flag.
    """

    def __init__(self, capacity: int, table: np.ndarray[Any, np.dtype[np.uint64]] | None = None) -> None:
        size = self.slots(capacity)
        if table is not None and (len(table) != size or table.any()):
            raise ValueError("HashSet64 needs an empty table of slots(capacity) slots")
        self._table = np.zeros(size, dtype=np.uint64) if table is None else table
        self._mask = size - 1
        self._capacity = capacity
        self._count = 0
        self._has_zero = False

    @staticmethod
    def slots(capacity: int) -> int:
        size = 16
        while size < capacity * 3 // 2 + 1:
            size *= 2
        return size

    def __len__(self) -> int:
        return self._count

    @classmethod
    def reading(cls, table: np.ndarray[Any, np.dtype[np.uint64]]) -> HashSet64:
        """A set over another process's table (shared memory) for `in` only: it may be written meanwhile."""
        view = cls.__new__(cls)
        view._table, view._mask = table, len(table) - 1
        view._capacity, view._count, view._has_zero = 0, 0, False
        return view

    def __contains__(self, value: int) -> bool:
        if value == 0:
            return self._has_zero
        table, mask = self._table, self._mask
        slot = value & mask
        while (found := int(table[slot])) != 0:  # at most 2/3 full: an empty slot ends the probe
            if found == value:
                return True
            slot = (slot + 1) & mask
        return False

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


class _SeenView:
    """What a worker knows of the parent's duplicate check: the parent's table, shared and read only (it
    may be a little behind, or absent where workers are spawned), and the records of the worker's own
    chunk. Only a guess: the parent's replay decides."""

    def __init__(self, table: np.ndarray[Any, np.dtype[np.uint64]] | None) -> None:
        self._parent = None if table is None else HashSet64.reading(table)
        self._own: set[int] = set()

    def add(self, value: int) -> bool:
        if value in self._own or (self._parent is not None and value in self._parent):
            return False
        self._own.add(value)
        return True


def text_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def resolve_categories(model: Model, names: Sequence[str | int] | None) -> tuple[int, ...]:
    """Category indices to cycle through: the given names/numbers, or every category of the model."""
    if not names:
        return api.with_material(model, api.sampler_for(model), "批量生成的段落")
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
    if fmt == "text":  # for pasting: no code lines between paragraphs (see `footer`)
        return f"{render.INDENT}{i + 1}.{p.text}\n"
    if fmt == "docx":  # collected by the parent, laid out at the end
        return json.dumps([p.title, p.body], ensure_ascii=False)
    raise UsageError(f"不支持的格式“{fmt}”，可选：{'、'.join(BATCH_FORMATS)}")


def header(fmt: str) -> str:
    return {"markdown": MARKDOWN_HEADING, "text": TEXT_HEADING}.get(fmt, "")


def footer(n: int, seed: int, categories: Sequence[str | int] | None) -> str:
    """The closing line of a .txt or .docx batch, which carries no per-paragraph codes: how to get it again."""
    names = "".join(f" --category {c}" for c in categories or ())
    return (f"以上 {n} 条练习范例由 critique batch -n {n} --seed {seed}{names} 生成；"
            "用同一语料再次运行得到完全相同的文字，改用 -o 文件名.jsonl 可得到每条的草稿码。")


@dataclass(frozen=True)
class _Job:
    seed: int
    categories: tuple[int, ...]
    fmt: str


def _record(model: Model, job: _Job, i: int, attempt: int) -> tuple[str, int]:
    p = api.paragraph(model, job.categories[i % len(job.categories)], seed=job.seed, index=i, attempt=attempt,
                      streams=pcg64.numpy_stream)
    return render_record(p, job.fmt, i), text_hash(p.text)


_Chunk = tuple[int, list[str | None], list[list[int]]]  # start, piece per record, hashes of the attempts tried


def _chunk(model: Model, job: _Job, start: int, stop: int, seen: HashSet64 | _SeenView) -> _Chunk:
    """Records start..stop-1 under the serial rule against `seen` (which the records are added to): the
    first attempt whose text `seen` does not hold. A piece is None when MAX_ATTEMPTS found nothing new."""
    pieces: list[str | None] = []
    tried: list[list[int]] = []
    for i in range(start, stop):
        hashes: list[int] = []
        pieces.append(_first_new(model, job, i, seen, hashes))
        tried.append(hashes)
    return start, pieces, tried


def _first_new(model: Model, job: _Job, i: int, seen: HashSet64 | _SeenView, hashes: list[int]) -> str | None:
    """Record i at the first attempt from len(hashes) on whose text `seen` does not hold (added to it), each
    attempt's hash appended to `hashes`; None when none up to MAX_ATTEMPTS is new."""
    for attempt in range(len(hashes), MAX_ATTEMPTS + 1):
        piece, h = _record(model, job, i, attempt)
        hashes.append(h)
        if seen.add(h):
            return piece
    return None


# --- worker side -------------------------------------------------------------------------------

_WORKER_MODEL: Model | None = None
_WORKER_TABLE: np.ndarray[Any, np.dtype[np.uint64]] | None = None  # the parent's duplicate table, shared
PARENT_POLL = 0.5  # seconds between a worker's checks that its parent is still there
WORKER_POLL = 1.0  # seconds between the parent's checks that no worker has died, while it waits


def _init_worker(model: Model | None, corpus: str | None, parent: int, shared: mmap.mmap | None) -> None:
    """Pool initializer: leave Ctrl-C and a closed terminal to the parent, die with it, load the model once."""
    global _WORKER_MODEL, _WORKER_TABLE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # blocked by the parent around the fork
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()
    _WORKER_MODEL = model if model is not None else store.load(corpus)
    _WORKER_TABLE = None if shared is None else np.frombuffer(shared, dtype=np.uint64)


def _watch_parent(parent: int) -> None:
    """End this worker as soon as its parent is gone (kill -9, OOM killer): no orphan keeps running."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    os._exit(1)


def _work(job: _Job, start: int, stop: int) -> _Chunk:
    assert _WORKER_MODEL is not None
    return _chunk(_WORKER_MODEL, job, start, stop, _SeenView(_WORKER_TABLE))


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


def _chunks_in_pool(pool: ProcessPoolExecutor, job: _Job, n: int, chunk: int, window: int) -> Iterator[_Chunk]:
    """Chunk results in index order, with at most `window` chunks submitted but not yet consumed."""
    pending: deque[Future[_Chunk]] = deque()
    for start, stop in _bounds(n, chunk):
        pending.append(_submit(pool, job, start, stop))
        if len(pending) >= window:
            yield _result(pool, pending.popleft())
    while pending:
        yield _result(pool, pending.popleft())


def _result(pool: ProcessPoolExecutor, future: Future[_Chunk]) -> _Chunk:
    """The chunk, or BrokenProcessPool when a worker died: also when the executor's manager thread cannot
    tell, because the worker died half-way through sending a result (see _stop_pool)."""
    while True:
        try:
            return future.result(timeout=WORKER_POLL)
        except TimeoutError:
            processes = (getattr(pool, "_processes", None) or {}).values()
            if any(process.exitcode is not None for process in list(processes)):
                raise BrokenProcessPool("a worker process ended") from None


def _submit(pool: ProcessPoolExecutor, job: _Job, start: int, stop: int) -> Future[_Chunk]:
    """Submit a chunk; the first submit forks the workers, with signals held so none is lost or inherited."""
    try:
        with _signals_held():
            return pool.submit(_work, job, start, stop)
    except OSError as exc:  # fork() refused: the process limit (EAGAIN) or memory (ENOMEM)
        raise WorkerError(f"无法启动并行进程（{reason(exc)}）；请减小 --jobs，或用 --jobs 1") from None


def _start_pool(jobs: int, corpus: Path | None, model: Model, shared: mmap.mmap | None) -> ProcessPoolExecutor:
    """Workers that load the model once ('fork' inherits it, and the shared duplicate table) and die with this
    process."""
    ctx = _context()
    forked = ctx.get_start_method() == "fork"
    return ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker,
                               initargs=(model if forked else None, None if corpus is None else str(corpus),
                                         os.getpid(), shared if forked else None))


def _shared_table(capacity: int) -> mmap.mmap | None:
    """Memory for the duplicate table that forked workers see as the parent writes it (None where workers
    are spawned: they then know only their own chunk, which costs speed, never correctness)."""
    if _context().get_start_method() != "fork":
        return None
    return mmap.mmap(-1, HashSet64.slots(capacity) * 8)  # anonymous and MAP_SHARED, zero-filled


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Kill the workers now (a chunk in progress is not waited for) and reap them.

    A worker killed while it sends a result leaves half a message in the result pipe, and the
    executor's manager thread would wait for the rest for ever (and the interpreter for it at exit).
    Once the workers are dead, closing this process's copy of the pipe's write end turns that wait
    into EOF, which the manager treats as a broken pool and ends. Private attributes: Python 3.11
    has no kill_workers(); each is looked up defensively.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(5)
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        with contextlib.suppress(OSError):
            writer.close()
    pool.shutdown(wait=True, cancel_futures=True)


def _clean_up(pool: ProcessPoolExecutor | None, out: output.AtomicFile | None) -> None:
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
                if out is not None:
                    out.discard()  # idempotent: closes and removes the temp file once
            break
        except KeyboardInterrupt as exc:
            late = exc
    if late is not None:
        raise late


@dataclass(frozen=True)
class BatchResult:
    path: Path
    count: int
    seed: int
    regenerated: int  # records that needed attempt > 0 because of a duplicate


def write_batch(model: Model, path: Path, *, n: int, seed: int, categories: Sequence[str | int] | None = None,
                fmt: str = "jsonl", jobs: int = 1, force: bool = False, corpus: Path | None = None,
                progress: Callable[[int], None] | None = None, chunk: int | None = None,
                encoding: str = "utf-8") -> BatchResult:
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
    if fmt == "docx" and n > MAX_DOCX_RECORDS:
        raise UsageError(f"Word 文件最多写 {MAX_DOCX_RECORDS} 段（约 5000 页）；更多请用 .jsonl 或 .txt")
    api.check_seed(seed)
    job = _Job(seed, resolve_categories(model, categories), fmt)
    if jobs > max_jobs():
        hints.logger(__name__).warning("--jobs %d 超过 CPU 核数的 %d 倍，只会更慢；已改为 %d", jobs, JOBS_PER_CORE,
                                       max_jobs())
        jobs = max_jobs()
    if chunk is None:
        chunk = max(MIN_CHUNK, min(MAX_CHUNK, -(-n // (jobs * 16))))  # small: workers' copies of `seen` stay fresh
    jobs = min(jobs, -(-n // chunk))
    target = output.check(path, force=force)

    shared = _shared_table(n) if jobs > 1 else None
    seen = HashSet64(n, None if shared is None else np.frombuffer(shared, dtype=np.uint64))
    regenerated = 0
    with sigterm_as_interrupt():
        pool: ProcessPoolExecutor | None = None
        out: output.AtomicFile | None = None
        try:
            out = output.AtomicFile(target)
            lines = header(fmt).count("\n")  # written so far, to name the line of a character GBK lacks
            out.write(render.encode(header(fmt), encoding))
            collected: list[tuple[str, str]] = []  # docx only
            if jobs > 1:
                pool = _start_pool(jobs, corpus, model, shared)
            if pool is None:
                for start, stop in _bounds(n, chunk):
                    _, found, tried = _chunk(model, job, start, stop, seen)
                    pieces = [_or_repeating(piece, start + k) for k, piece in enumerate(found)]
                    regenerated += sum(len(hashes) > 1 for hashes in tried)
                    lines = _write(out, fmt, pieces, collected, encoding, lines, progress)
            else:
                for start, found, tried in _chunks_in_pool(pool, job, n, chunk, 2 * jobs):
                    pieces = []
                    for k, hashes in enumerate(tried):
                        piece, attempt = _replayed(model, job, start + k, seen, hashes, found[k])
                        pieces.append(piece)
                        regenerated += attempt > 0
                    lines = _write(out, fmt, pieces, collected, encoding, lines, progress)
            if pool is not None:
                pool.shutdown(wait=True)
                pool = None
            if fmt == "docx":
                out.write(render.items_file(collected, footer(n, seed, categories)))
            elif fmt == "text":
                out.write(render.encode("\n" + footer(n, seed, categories) + "\n", encoding))
            out.commit()
        except BrokenProcessPool:
            raise WorkerError(f"一个并行进程意外退出（可能是内存不足，或被其他程序结束），未写入 {target.path}；"
                              "请重试，或用 --jobs 1") from None
        finally:
            _clean_up(pool, out)
    return BatchResult(target.path, n, seed, regenerated)


def _write(out: output.AtomicFile, fmt: str, pieces: list[str], collected: list[tuple[str, str]], encoding: str,
           lines: int, progress: Callable[[int], None] | None) -> int:
    """One chunk's records into the file (for docx, kept for the end); the number of lines written so far."""
    if fmt == "docx":
        collected += [tuple(json.loads(piece)) for piece in pieces]
    else:
        text = "".join(pieces)
        out.write(render.encode(text, encoding, first_line=lines + 1))
        lines += text.count("\n")
    if progress is not None:
        progress(len(pieces))
    return lines


def _or_repeating(piece: str | None, i: int) -> str:
    if piece is None:
        raise api.repeating(i, MAX_ATTEMPTS)
    return piece


def _replayed(model: Model, job: _Job, i: int, seen: HashSet64, hashes: list[int],
              piece: str | None) -> tuple[str, int]:
    """Record i under the serial rule, from the hashes a worker tried: the first attempt that is new to
    `seen`, and which attempt it was. The worker's piece serves when it picked the same attempt."""
    for attempt, h in enumerate(hashes):
        if seen.add(h):
            if attempt == len(hashes) - 1 and piece is not None:
                return piece, attempt
            return _record(model, job, i, attempt)[0], attempt  # the worker's copy of `seen` was stale
    tail = list(hashes)
    found = _first_new(model, job, i, seen, tail)  # every attempt the worker tried is held: go on from there
    if found is None:
        raise api.repeating(i, MAX_ATTEMPTS)
    return found, len(tail) - 1


def paragraphs(model: Model, *, n: int, seed: int,
               categories: Sequence[str | int] | None = None) -> list[api.Paragraph]:
    """The paragraphs `write_batch` would write with these arguments, in memory and in this process.

    For callers that show a small batch instead of writing it (the web page); record i is the same
    paragraph, with the same code, as record i of the file.
    """
    if not 1 <= n <= MAX_RECORDS:
        raise UsageError(f"-n 必须在 1 到 {MAX_RECORDS} 之间")
    api.check_seed(seed)
    cycle = resolve_categories(model, categories)
    seen = HashSet64(n)
    out = []
    for i in range(n):
        for attempt in range(MAX_ATTEMPTS + 1):
            p = api.paragraph(model, cycle[i % len(cycle)], seed=seed, index=i, attempt=attempt)
            if seen.add(text_hash(p.text)):
                out.append(p)
                break
        else:
            raise api.repeating(i, MAX_ATTEMPTS)
    return out


def cpu_jobs() -> int:
    return os.cpu_count() or 1


def max_jobs() -> int:
    """The most worker processes a batch starts: JOBS_PER_CORE per core."""
    return JOBS_PER_CORE * cpu_jobs()


__all__ = ["BATCH_FORMATS", "BatchInterrupted", "BatchResult", "HashSet64", "Terminated", "cpu_jobs", "max_jobs",
           "paragraphs", "render_record", "resolve_categories", "sigterm_as_interrupt", "text_hash", "write_batch"]

