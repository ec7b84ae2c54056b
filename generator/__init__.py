"""critique: learn the style of criticism-opinion reference texts and write new paragraphs in it.

The public names are imported lazily, so `import generator.codes` (or the CLI's --help) does not
pay for numpy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.api import Document as Document
    from generator.api import Paragraph as Paragraph
    from generator.api import draft as draft
    from generator.api import generate as generate
    from generator.api import paragraph as paragraph
    from generator.api import reproduce as reproduce
    from generator.errors import CritiqueError as CritiqueError
    from generator.model import Model as Model
    from generator.read.corpus import Corpus as Corpus
    from generator.read.corpus import read_corpus as read_corpus
    from generator.store import build as build
    from generator.store import load as load

_WHERE = {
    "Document": "api", "Paragraph": "api", "draft": "api", "generate": "api", "paragraph": "api",
    "reproduce": "api", "Corpus": "read.corpus", "read_corpus": "read.corpus", "CritiqueError": "errors",
    "Model": "model", "build": "store", "load": "store",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
