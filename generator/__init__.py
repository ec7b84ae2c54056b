"""critique: learn the style of criticism-opinion reference texts and write new paragraphs in it.

The public names are imported lazily, so `import generator.codes` (or the CLI's --help) does not
pay for numpy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import Document as Document
    from .api import Paragraph as Paragraph
    from .api import draft as draft
    from .api import generate as generate
    from .api import paragraph as paragraph
    from .api import reproduce as reproduce
    from .corpus import Corpus as Corpus
    from .corpus import read_corpus as read_corpus
    from .errors import CritiqueError as CritiqueError
    from .model import Model as Model
    from .store import build as build
    from .store import load as load

_WHERE = {
    "Document": "api", "Paragraph": "api", "draft": "api", "generate": "api", "paragraph": "api",
    "reproduce": "api", "Corpus": "corpus", "read_corpus": "corpus", "CritiqueError": "errors",
    "Model": "model", "build": "store", "load": "store",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
