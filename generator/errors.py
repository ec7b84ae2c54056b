"""The project's exceptions: one root, so callers can catch everything we raise on purpose."""

from __future__ import annotations


class CritiqueError(Exception):
    """Root of every error critique raises on purpose; the CLI turns it into a one-line message."""

    exit_code = 1


class UsageError(CritiqueError):
    """The caller asked for something impossible (bad option value, unknown category)."""

    exit_code = 2


class CorpusError(CritiqueError):
    """The corpus cannot be read or has no usable structure; says which file and line."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.reason = message  # without the file and line
        where = ""
        if source is not None:
            where = f"{source}" + (f" 第 {line} 行" if line is not None else "")
            where += "："
        super().__init__(where + message)


class ModelError(CritiqueError):
    """A compiled model file is unreadable, of another format version, or for another corpus."""


class CodeError(UsageError):
    """A draft code is malformed, mistyped, or belongs to another model."""


class GenerationError(CritiqueError):
    """The model cannot produce text meeting the request (e.g. length bounds out of reach)."""


class OutputError(CritiqueError):
    """An output file cannot be written; nothing at the target was changed."""


class NoCategoriesError(CorpusError):
    """A corpus file holds no category at all (empty, or no headings): in a folder it is skipped."""
