"""Hints to the user (提示) through logging, without importing logging until there is one to give.

The library says what it skipped or could not cache with `logging.getLogger(name).warning`, as a library
should, and the CLI decides how that is shown. But importing logging costs about 10 ms, some 4% of the
start-up of `critique generate`, for messages that almost no run prints. So library modules ask
`hints.logger(__name__)` when they have something to say; logging is imported then, and whatever the
CLI registered with `on_first` (its 提示 handler) is attached first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging

_first: list[Callable[[], None]] = []


def on_first(setup: Callable[[], None]) -> None:
    """Run `setup` (once) just before the first hint is given."""
    _first.append(setup)


def cancel(setup: Callable[[], None]) -> None:
    """Forget `setup` if no hint has needed it."""
    if setup in _first:
        _first.remove(setup)


def logger(name: str) -> logging.Logger:
    """`logging.getLogger(name)`, with logging imported and the registered set-up done first."""
    import logging

    while _first:
        _first.pop(0)()
    return logging.getLogger(name)
