"""SIGTERM and SIGHUP handled like Ctrl-C: the same clean-up runs (temp files removed, nothing half-written),
and the process exits with 128 + the signal, as shells report it.

Kept out of `generator.batch` so that the commands that do not import numpy can use it too.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl-C so that the same clean-up runs; exits with 128 + the signal."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def sigterm_as_interrupt(also: tuple[signal.Signals, ...] = ()) -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP (terminal closed), and the signals in `also`, in the main
    thread clean up like Ctrl-C (raising Terminated)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    signals = list(dict.fromkeys([getattr(signal, name) for name in names] + list(also)))
    previous = [signal.signal(signum, _raise_interrupt) for signum in signals]
    try:
        yield
    finally:
        for signum, handler in zip(signals, previous, strict=True):
            signal.signal(signum, handler)


__all__ = ["Terminated", "sigterm_as_interrupt"]
