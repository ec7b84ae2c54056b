"""The genre lexicon: well-formed classes, and member weights that follow jieba's dictionary."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

from generator.rules import lexicon, weights

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "lexicon_weights.py"


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("lexicon_weights", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_weights_are_current() -> None:
    """Run scripts/lexicon_weights.py after changing the lexicon."""
    assert _script().render(_script().weights()) == (Path(weights.__file__).read_text(encoding="utf-8"))


def test_marked_members_weigh_less_than_common_ones() -> None:
    w = weights.WEIGHTS
    assert w.get("欠缺", 1.0) < w.get("缺乏", 1.0) and w.get("警觉性", 1.0) < w.get("警惕性", 1.0)
    assert all(0.15 <= v < 1.0 or (v == 0 and k in lexicon.GENRE_WEIGHTS) for k, v in w.items())


def test_a_searched_word_belongs_to_one_class_only() -> None:
    counts = Counter(w for cls in lexicon.ALTERNATIONS[: lexicon.SEARCHED] for w in cls if len(w) > 1)
    assert [w for w, n in counts.items() if n > 1] == ["尚未"]  # 还没有/尚未 and 还没/尚未: the same word


def test_protected_formulations_are_never_varied() -> None:
    members = {w for cls in lexicon.ALTERNATIONS for w in cls}
    for name in lexicon.PROTECTED:
        assert not any(m and len(m) > 1 and m in name for m in members if m not in ("建设", "主义")), name


def test_hand_set_weights_name_members_of_a_class() -> None:
    from generator.rules.lexicon import ALTERNATIONS, GENRE_WEIGHTS

    members = {w for cls in ALTERNATIONS for w in cls}
    assert set(GENRE_WEIGHTS) <= members
    assert all(0 <= v <= 1 for v in GENRE_WEIGHTS.values())
    # a member never drawn (weight 0) has a drawn member in its class to stand for it
    for cls in ALTERNATIONS:
        if any(GENRE_WEIGHTS.get(w) == 0 for w in cls):
            assert any(GENRE_WEIGHTS.get(w, 1.0) > 0 for w in cls), cls
