"""The one way critique writes to a path a user named: whole files only, and nothing replaced by accident.

Bytes go to a temp file in the target's own folder, are fsynced, and the temp file is renamed onto the
target only when everything was written; on any error or interruption the temp file is removed and the
target is as it was. The rules, decided once for every command:

- a path that does not exist is created (missing parent folders too); if something appears there while
  we write, it is not replaced;
- an existing regular file is replaced only with ``force`` (its permission bits are kept);
- a symbolic link to a regular file is written *through*: the file it points to is replaced (with
  ``force``), the link stays a link; a link that points nowhere is refused;
- a folder, a named pipe (FIFO), a device node or a socket is refused, even with ``force`` — renaming
  over it would destroy it, and writing into it can block or reach hardware;
- except the streams a user names on purpose: ``/dev/null``, ``/dev/stdout``, ``/dev/stderr``,
  ``/dev/tty``, ``/dev/full`` and ``/dev/fd/N``. These are written into directly, with no temp file and
  no ``force`` (nothing is replaced), and only once the whole output exists, so a failure still writes
  nothing.

Temp files are named ``TEMP_FORMAT`` (``.<target name>.critique-<pid>-<random>.tmp``): hidden,
recognisable, and carrying the writer's process id so that stale ones from a dead writer are found
(`temp_owner`) and removed by the next writer of the same target (`sweep_stale`, called by `temp_file`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from generator.errors import OutputError, reason

# The name of every temp file this module makes; mkstemp appends random characters and TEMP_SUFFIX.
TEMP_FORMAT = ".{target}.critique-{pid}-"
TEMP_SUFFIX = ".tmp"
TEMP_NAME = re.compile(r"\A\..*\.critique-(?P<pid>[0-9]+)-[^.]*\.tmp\Z", re.DOTALL)
_TEMP_TARGET_CHARS = 40  # the target's name is shortened in the temp name, so a long name still fits

# Paths written into directly (see the module docstring); /dev/fd/N is handled by prefix.
STREAMS = ("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/full")
_FD_PREFIX = "/dev/fd/"
_KINDS = ((stat.S_ISFIFO, "命名管道（FIFO）"), (stat.S_ISCHR, "字符设备"), (stat.S_ISBLK, "块设备"),
          (stat.S_ISSOCK, "套接字"))


def temp_owner(name: str) -> int | None:
    """The process id in a temp file name made here, or None for any other name."""
    match = TEMP_NAME.match(name)
    return int(match.group("pid")) if match else None


STALE_AFTER = 30.0  # seconds without a write before a dead writer's temp file is removed


def _alive(pid: int) -> bool:
    if pid == os.getpid() or sys.platform == "win32":  # os.kill(pid, 0) would end it on Windows: keep all
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: alive, another user's
        return True
    return True


def sweep_stale(target: Path) -> int:
    """Remove the temp files of `target` whose writer is gone (kill -9, a power cut) and that nobody has
    written for STALE_AFTER seconds; how many were removed. Other files are never touched."""
    start = TEMP_FORMAT.split("{pid}")[0].format(target=target.name[:_TEMP_TARGET_CHARS])
    try:
        entries = [e for e in os.scandir(target.parent) if e.name.startswith(start)]
    except OSError:
        return 0
    removed, now = 0, time.time()
    for entry in entries:
        pid = temp_owner(entry.name)
        if pid is None or _alive(pid):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime >= STALE_AFTER:
                os.unlink(entry.path)
                removed += 1
    return removed


def temp_file(target: Path) -> tuple[int, str]:
    """A new temp file for `target` in its folder, stale ones swept first: (fd, path). Raises OSError."""
    sweep_stale(target)
    prefix = TEMP_FORMAT.format(target=target.name[:_TEMP_TARGET_CHARS], pid=os.getpid())
    import tempfile

    return tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=TEMP_SUFFIX)


@dataclass(frozen=True)
class Target:
    """Where output for a user's path goes, decided by `check`."""

    path: Path  # as the user gave it (used in messages)
    real: Path  # the file that receives the bytes: `path` with symbolic links resolved
    stream: bool  # written into directly (/dev/null, /dev/stdout, …)
    exists: bool  # a regular file is there now and will be replaced
    force: bool = False  # a regular file that appears while we write may be replaced too


def _is_stream(path: Path) -> bool:
    if os.name != "posix":
        return False
    text = os.path.abspath(path)
    return text in STREAMS or (text.startswith(_FD_PREFIX) and text[len(_FD_PREFIX):].isdigit())


def _refuse_kind(path: Path, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise OutputError(f"{path} 是一个文件夹；请给出要写入的文件路径")
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "特殊文件")
    raise OutputError(f"{path} 是{kind}，不是普通文件；即使加 --force 也不会写入或替换它，请换一个文件名")


def check(path: str | Path, *, force: bool = False) -> Target:
    """Decide where output for `path` goes, or raise OutputError; cheap, so call it before long work."""
    path = Path(path)
    if _is_stream(path):
        return Target(path, path, True, False, force)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        _refuse_file_in_path(path)
        return Target(path, path, False, False, force)
    except NotADirectoryError:
        _refuse_file_in_path(path)
        raise OutputError(f"无法写入 {path}：路径中有一段不是文件夹；请换一个位置") from None
    except OSError as exc:
        raise OutputError(f"无法访问 {path}（{reason(exc)}）；请换一个位置") from None
    real = path
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(path)
        except OSError:
            raise OutputError(f"{path} 是一个符号链接，但它指向的文件不存在；请修复链接或换一个文件名") from None
        real = Path(os.path.realpath(path))
    _refuse_kind(path, info.st_mode)
    if not force:
        raise OutputError(f"{path} 已存在；加 --force 覆盖，或换一个文件名")
    return Target(path, real, False, True, force)


def _refuse_file_in_path(path: Path) -> None:
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise OutputError(f"{blocking} 是文件而不是文件夹，无法在其中写入 {path.name}；请换一个位置")


def _write_error(exc: OSError) -> OutputError:
    if exc.errno == errno.ENOSPC:
        return OutputError("磁盘空间不足，未写入任何文件；请清理空间或换一个位置")
    return OutputError(f"写入失败：{reason(exc)}；未写入任何文件")


class AtomicFile:
    """A binary file that appears at its target only on `commit`; `discard` (or any error) leaves no trace."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self._tmp: str | None = None
        if target.stream:  # held aside until commit, so a failure writes nothing into the stream either
            import tempfile

            self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by commit/discard)
            return
        folder = target.real.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"无法创建文件夹 {folder}（{reason(exc)}）；请换一个可写的位置") from None
        try:
            fd, self._tmp = temp_file(target.real)
        except OSError as exc:
            raise OutputError(f"无法在 {folder} 中写入：{reason(exc)}；请换一个可写的位置") from None
        self._file = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        try:
            self._file.write(data)
        except OSError as exc:
            raise _write_error(exc) from None

    def commit(self) -> Path:
        """Put the written bytes at the target; the path the user gave is returned."""
        if self.target.stream:
            self._copy_to_stream()
            return self.target.path
        assert self._tmp is not None
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
        except OSError as exc:
            raise _write_error(exc) from None
        self._publish(self._tmp)
        self._tmp = None
        _sync_folder(self.target.real.parent)
        return self.target.path

    def discard(self) -> None:
        with contextlib.suppress(OSError):  # after an error the buffer may not flush again
            self._file.close()
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)
            self._tmp = None

    def _publish(self, tmp: str) -> None:
        target, real = self.target, self.target.real
        appeared = f"{target.path} 在写入期间被其他程序创建；未覆盖它。请换一个文件名，或加 --force 覆盖"
        try:
            if not target.exists:
                os.chmod(tmp, _new_file_mode())
                try:  # no-clobber even if something appeared at the target while we were writing
                    os.link(tmp, real)
                    os.unlink(tmp)
                    return
                except FileExistsError:
                    if not target.force:
                        raise OutputError(appeared) from None
                except OSError:  # filesystems without hard links
                    if os.path.lexists(real) and not target.force:
                        raise OutputError(appeared) from None
            try:  # check again: it may have been swapped for a pipe or a device meanwhile
                info = os.stat(real)
            except FileNotFoundError:
                info = None
            if info is not None:
                _refuse_kind(target.path, info.st_mode)
                os.chmod(tmp, stat.S_IMODE(info.st_mode))
            os.replace(tmp, real)
        except IsADirectoryError:
            raise OutputError(f"{target.path} 是一个文件夹；请给出要写入的文件路径") from None
        except OSError as exc:
            raise OutputError(f"无法写入 {target.path}：{reason(exc)}；未写入任何文件") from None

    def _copy_to_stream(self) -> None:
        data = self._file
        try:
            data.flush()
            data.seek(0)
            with _open_stream(self.target.path) as out:
                while chunk := data.read(1 << 20):
                    out.write(chunk)
                out.flush()
        except OSError as exc:
            raise _write_error(exc) from None
        finally:
            data.close()


@contextlib.contextmanager
def _open_stream(path: Path) -> Iterator[IO[bytes]]:
    """The stream a /dev path names: our own stdout/stderr objects for those, else the device itself."""
    text = os.path.abspath(path)
    own = {"/dev/stdout": sys.stdout, "/dev/stderr": sys.stderr, "/dev/fd/1": sys.stdout, "/dev/fd/2": sys.stderr}
    stream = own.get(text)
    if stream is not None:
        stream.flush()
        yield stream.buffer
        return
    fd = os.open(text, os.O_WRONLY | os.O_APPEND)  # never truncate what a descriptor already holds
    with os.fdopen(fd, "wb") as out:
        yield out


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename durable where the platform allows it (not on Windows)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic(path: str | Path | Target, *, force: bool = False) -> Iterator[AtomicFile]:
    """``with atomic(path) as f: f.write(...)`` — committed when the block ends, discarded if it raises."""
    target = path if isinstance(path, Target) else check(path, force=force)
    out = AtomicFile(target)
    try:
        yield out
        out.commit()
    finally:
        out.discard()


def write_bytes(path: str | Path | Target, data: bytes, *, force: bool = False) -> Path:
    """Write `data` as the whole content of `path` under the rules above; the path is returned."""
    target = path if isinstance(path, Target) else check(path, force=force)
    with atomic(target) as out:
        out.write(data)
    return target.path


__all__ = ["STREAMS", "TEMP_FORMAT", "TEMP_NAME", "TEMP_SUFFIX", "AtomicFile", "Target", "atomic", "check",
           "sweep_stale", "temp_file", "temp_owner", "write_bytes"]
