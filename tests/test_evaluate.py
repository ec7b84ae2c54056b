"""Fast tests of the metric functions of scripts/evaluate.py on hand-made inputs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "evaluate.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("critique_evaluate", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script is executing
    spec.loader.exec_module(module)
    return module


ev = _load()

SOURCE = "理论学习缺乏深度。对新时代思想的学习停留在大而化之、一知半解上，学习呈现出片面化的特征。"


def test_copied_share_of_a_copy_is_one() -> None:
    src = ev.windows([SOURCE])
    assert ev.copied_share(SOURCE, src) == 1.0
    assert ev.copied_share(SOURCE[5:40], src) == 1.0


def test_copied_share_of_a_novel_string_is_zero() -> None:
    src = ev.windows([SOURCE])
    assert ev.copied_share("春眠不觉晓处处闻啼鸟夜来风雨声花落知多少", src) == 0.0
    # 11 shared characters are one short of a window
    assert ev.copied_share(SOURCE[:11] + "春眠不觉晓处处闻啼鸟", src) == 0.0


def test_copied_share_marks_exactly_the_matching_windows() -> None:
    src = ev.windows(["ABCDEFGHIJKLMNOP"])
    assert ev.copied_share("ABCDEFGHIJKL" + "zzzzzzzz", src) == pytest.approx(12 / 20)
    # two overlapping windows cover 13 characters
    assert ev.copied_share("xxABCDEFGHIJKLMxxxxx", src) == pytest.approx(13 / 20)
    assert ev.copied_share("", src) == 0.0


def test_jaccard() -> None:
    assert ev.jaccard(SOURCE, SOURCE) == 1.0
    assert ev.jaccard("ABCDE", "VWXYZ") == 0.0
    # 4-grams {ABCD, BCDE} vs {BCDE, CDEF}: 1 shared of 3
    assert ev.jaccard("ABCDE", "BCDEF") == pytest.approx(1 / 3)


def test_mean_pairwise_jaccard_averages_over_categories() -> None:
    rng = np.random.default_rng(0)
    same = ["ABCDEFG"] * 4
    apart = ["AAAAB", "CCCCD", "EEEEF"]
    assert ev.mean_pairwise_jaccard([same], rng) == 1.0
    assert ev.mean_pairwise_jaccard([apart], rng) == 0.0
    assert ev.mean_pairwise_jaccard([same, apart], rng) == pytest.approx(0.5)
    # sampled pairs of identical texts still give 1.0, and a lone text contributes nothing
    assert ev.mean_pairwise_jaccard([same * 10, ["solo"]], rng, max_pairs=5) == 1.0


def test_unique_sentence_and_title_shares() -> None:
    assert ev.unique_share(["a", "a", "b", "c"]) == 0.75
    src = ev.source_sentences([SOURCE])
    bodies = ["对新时代思想的学习停留在大而化之、一知半解上，学习呈现出片面化的特征。全新的一句话。"]
    assert ev.sentence_copy_share(bodies, src) == 0.5
    assert ev.sentence_copy_share(["全新的一句话；又一句。"], src) == 0.0
    assert ev.title_copy_share(["理论学习缺乏深度", "新标题"], {"理论学习缺乏深度"}) == 0.5


def test_features_break_bigrams_at_punctuation() -> None:
    feats = ev.features(["学习", "不够", "，", "作风", "不实"])
    assert feats["学习\x00不够"] == 1
    assert feats["作风\x00不实"] == 1
    assert "不够\x00作风" not in feats
    assert "，" not in feats


DOCS = [
    "理论 学习 深度 不够 学习 理论",
    "学习 理论 钻研 不够 理论 深度",
    "廉洁 自律 纪律 规矩 廉洁 监督",
    "纪律 廉洁 规矩 自律 监督 要求",
    "作风 群众 调研 基层 作风 深入",
    "群众 基层 作风 调研 深入 服务",
]
LABELS = [0, 0, 1, 1, 2, 2]


def test_classifier_puts_source_items_in_their_own_category() -> None:
    clf = ev.CentroidClassifier(DOCS, LABELS, str.split)
    assert [clf.predict(d) for d in DOCS] == LABELS
    assert clf.predict("廉洁 纪律") == 1
    assert clf.predict("基层 调研 群众") == 2
    assert ev.leave_one_out_accuracy(DOCS, LABELS, str.split) == 1.0


def test_leave_one_out_can_fail() -> None:
    # each held-out item shares no word with its own category's other item
    docs = ["甲 乙", "丙 丁", "戊 己", "甲 乙 戊"]
    assert ev.leave_one_out_accuracy(docs, [0, 0, 1, 1], str.split) < 1.0


def test_assemble_reaches_the_length_range_and_ends_with_a_full_stop() -> None:
    pieces = iter(["一二三四五，六七八九十；", "甲乙丙丁戊。", "子丑寅卯辰巳。", "午未申酉戌亥。"])
    title, body = ev._assemble("标题", lambda: next(pieces, None), 20, 26, 22)
    text = title + "。" + body
    assert 20 <= len(text) <= 26
    assert text.endswith("。") and not body.endswith("。。")


def test_targets() -> None:
    assert ev.passes(0, 100.0) and not ev.passes(0, 99.8)
    assert ev.passes(3, 0.35) and not ev.passes(3, 0.5)
    assert ev.passes(5, 0.0) and not ev.passes(5, 1.0)
    assert ev.passes(6, 98.0) and not ev.passes(6, 97.9)


def test_reuse_bound() -> None:
    assert ev.reuse_bound(1000, 1000) == 1.0  # a paragraph as long as the source holds all of it
    assert ev.reuse_bound(1000, 200) == pytest.approx(0.2 / 1.8)
    assert ev.reuse_bound(0, 10) == 1.0
