"""The compiled model: lossless file format, shipped prebuilt model is current, cache rebuilds."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import model as model_format
from generator import store
from generator.errors import ModelError
from generator.model import Model


def test_round_trip_is_lossless(model: Model) -> None:
    assert model_format.loads(model_format.dumps(model)) == model


def test_prebuilt_model_is_current(model: Model) -> None:
    """Fails when the corpus, dictionary or compiler changed without scripts/rebuild_model.py."""
    prebuilt = model_format.loads((store.bundled_corpus_dir() / store.PREBUILT_NAME).read_bytes())
    fresh = store.compile_path(None)
    assert prebuilt == fresh


def test_newer_format_is_refused(model: Model) -> None:
    text = model_format.dumps(model).replace(f'"format_version":{model.format_version}', '"format_version":999')
    with pytest.raises(ModelError, match="999"):
        model_format.loads(text)


def test_edited_corpus_is_recompiled(tmp_path: Path) -> None:
    seed = store.bundled_corpus_dir() / "000_f528c00ba62b58e2.txt"
    corpus = tmp_path / "c.txt"
    corpus.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    cache = tmp_path / "cache"
    first = store.load(corpus, cache=cache)
    assert len(list(cache.glob("model-*.json"))) == 1
    edited = seed.read_text(encoding="utf-8").replace("理论学习缺乏深度", "理论学习缺乏广度")
    corpus.write_text(edited, encoding="utf-8")
    second = store.load(corpus, cache=cache)
    assert second.fingerprint != first.fingerprint
    assert any(it.title == "理论学习缺乏广度" for it in second.items)


def test_corrupt_cache_is_rebuilt(tmp_path: Path) -> None:
    seed = store.bundled_corpus_dir() / "000_f528c00ba62b58e2.txt"
    cache = tmp_path / "cache"
    good = store.load(seed, cache=cache)
    (cached,) = cache.glob("model-*.json")
    cached.write_text(cached.read_text(encoding="utf-8")[:100], encoding="utf-8")
    assert store.load(seed, cache=cache) == good
    assert model_format.loads(cached.read_bytes()) == good
