"""Compiling a corpus into a Model: segment once with jieba, extract templates and fillers."""

from __future__ import annotations

import logging
from pathlib import Path

from .corpus import Corpus
from .model import FORMAT_VERSION, CategoryInfo, Model, SourceItem
from .segment import Segmenter, make_segmenter, read_user_dict
from .templates import KINDS, Extraction, alternation_fillers, extract_item, extract_title

log = logging.getLogger(__name__)


def compile_corpus(corpus: Corpus, user_dict: Path, fingerprint: str, *, cache_dir: Path | None = None,
                   segmenter: Segmenter | None = None) -> Model:
    """Pure in effect: the same corpus and dictionary always give an equal Model.

    `fingerprint` identifies the corpus files and dictionary (see store.fingerprint); it is stored as is.
    """
    if segmenter is None:
        words = read_user_dict(user_dict) if user_dict.exists() else []
        segmenter = make_segmenter(words, cache_dir)
    ex = Extraction()
    items: list[SourceItem] = []
    for c, category in enumerate(corpus.categories):
        for item in category.items:
            index = len(items)
            items.append(SourceItem(c, item.title, item.body, item.source, item.line))
            extract_title(segmenter(item.title), index, ex)
            extract_item(segmenter(item.body), index, ex)
    return Model(
        format_version=FORMAT_VERSION,
        fingerprint=fingerprint,
        categories=tuple(CategoryInfo(c.name, c.heading) for c in corpus.categories),
        items=tuple(items),
        kinds=KINDS,
        fillers=tuple(ex.filler_items) + tuple(alternation_fillers()),
        templates=tuple(ex.templates),
        subjects=tuple(ex.subjects),
        predicates=tuple(ex.predicates),
    )
