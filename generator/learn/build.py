"""Compiling a corpus into a Model: segment once with jieba, extract templates and fillers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.learn.affinity import BigramBayes
from generator.learn.kinds import KINDS
from generator.learn.segment import Segmenter, make_segmenter, read_user_dict
from generator.learn.templates import Extraction, alternation_fillers, extract_item, extract_title
from generator.model import FORMAT_VERSION, CategoryInfo, Model, SourceItem, Template
from generator.read.corpus import Corpus
from generator.store import Progress

FIT_SCALE = 6.0  # characters of fixed text per unit of affinity evidence


def with_fit(templates: list[Template], items: list[SourceItem], n_categories: int) -> tuple[Template, ...]:
    """Templates with their category affinity: a bigram naive Bayes over the source, tempered by length
    so that a long template is not judged more harshly than a short one."""
    bayes = BigramBayes([[it.title + it.body for it in items if it.category == c] for c in range(n_categories)])
    out = []
    for t in templates:
        literal = "".join(p for p in t.parts if isinstance(p, str))
        fit = bayes.posterior(literal, max(1.0, len(literal) / FIT_SCALE))
        out.append(replace(t, fit=tuple(fit)))
    return tuple(out)


def compile_corpus(corpus: Corpus, user_dict: Path, fingerprint: str, *, cache_dir: Path | None = None,
                   segmenter: Segmenter | None = None, progress: Progress | None = None) -> Model:
    """Pure in effect: the same corpus and dictionary always give an equal Model.

    `fingerprint` identifies the corpus files and dictionary (see store.fingerprint); it is stored as is.
    `progress(done, total)` is called after each item (segmenting is nearly all of the time).
    """
    if segmenter is None:
        words = read_user_dict(user_dict) if user_dict.exists() else []
        segmenter = make_segmenter(words, cache_dir)
    ex = Extraction()
    items: list[SourceItem] = []
    total = sum(len(category.items) for category in corpus.categories)
    for c, category in enumerate(corpus.categories):
        for item in category.items:
            index = len(items)
            items.append(SourceItem(c, item.title, item.body, item.source, item.line))
            ex.item_category[index] = c
            extract_title(segmenter(item.title), index, ex)
            extract_item(segmenter(item.body), index, ex)
            if progress is not None:
                progress(index + 1, total)
    templates = with_fit(ex.templates, items, len(corpus.categories))
    return Model(
        format_version=FORMAT_VERSION,
        fingerprint=fingerprint,
        categories=tuple(CategoryInfo(c.name, c.heading) for c in corpus.categories),
        items=tuple(items),
        kinds=KINDS,
        fillers=tuple(ex.filler_items) + tuple(alternation_fillers()),
        templates=templates,
        subjects=tuple(ex.subjects),
        predicates=tuple(ex.predicates),
    )
