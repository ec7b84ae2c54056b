"""Hidden temp files next to a target, named so that a later run can clean up after a killed writer.

A temp file for `dir/name` is `dir/.{name}.{pid}-{random}.tmp`: the writer's process id is in the
name, so the next writer of the same target removes the temp files whose writer is gone (kill -9,
a power cut) and that nobody has written for STALE_AFTER seconds. The name part is shortened when
needed, so that a legal 251-byte target name still gets a temp name within the 255-byte limit.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

SUFFIX = ".tmp"
NAME_MAX = 255  # bytes in one path component, on every common file system
STALE_AFTER = 30.0  # seconds without a write before a dead writer's temp file is removed
_RANDOM = 8  # characters tempfile.mkstemp puts between prefix and suffix
_PID_ROOM = 10  # digits a process id can take
_ROOM = NAME_MAX - len(".") - len(".") - _PID_ROOM - len("-") - _RANDOM - len(SUFFIX)


def _short(name: str) -> str:
    """`name` cut to whole characters that fit in _ROOM bytes of the file system encoding."""
    out, size = [], 0
    for ch in name:
        size += len(os.fsencode(ch))
        if size > _ROOM:
            break
        out.append(ch)
    return "".join(out)


def prefix(target: Path, pid: int | None = None) -> str:
    return f".{_short(target.name)}.{os.getpid() if pid is None else pid}-"


def _pattern(target: Path) -> re.Pattern[str]:
    return re.compile(re.escape(f".{_short(target.name)}.") + r"([0-9]{1,10})-[^.]{" + str(_RANDOM) + "}"
                      + re.escape(SUFFIX))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate it there: never sweep on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: alive, another user's
        return True
    return True


def sweep(target: Path) -> int:
    """Remove temp files of `target` whose writer process is gone; how many were removed."""
    pattern = _pattern(target)
    removed = 0
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or _alive(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            if now - entry.stat(follow_symlinks=False).st_mtime >= STALE_AFTER and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed += 1
    if removed:
        log.debug("removed %d stale temp file(s) of %s", removed, target)
    return removed


def create(target: Path) -> tuple[int, str]:
    """A new temp file next to `target` (sweeping stale ones first): (fd, path). Raises OSError."""
    sweep(target)
    return tempfile.mkstemp(dir=target.parent, prefix=prefix(target), suffix=SUFFIX)


__all__ = ["create", "prefix", "sweep"]
