"""Every clause rewrite does what its examples say, leaves its counter-examples alone, and keeps quotes whole."""

from __future__ import annotations

import pytest

from generator.rules import rewrites
from generator.rules.rewrites import REWRITES, Rewrite


def _first(text: str) -> tuple[str, str] | None:
    """(rewritten, rule) of the first rule that fits the piece, as rewrite() picks it."""
    found = rewrites.fits(text)
    return (found[0][1], found[0][2]) if found else None


@pytest.mark.parametrize("rule", REWRITES, ids=lambda r: r.name)
def test_each_rule_rewrites_its_examples_and_spares_its_counter_examples(rule: Rewrite) -> None:
    assert rule.examples, f"{rule.name}: a rule without an example cannot be checked"
    for piece, expected in rule.examples:
        m = rule.pattern.match(piece)
        assert m is not None, (rule.name, piece)
        assert rule.apply(m) == expected, (rule.name, piece)
    for piece in rule.unchanged:
        assert rule.pattern.match(piece) is None, (rule.name, piece)


def test_rewrite_tosses_one_coin_per_fitting_piece_in_order() -> None:
    text = "开箱登记不及时，有的意见拖了一个多月才答复，对新课标要求关注不够"
    coins = iter([0.9, 0.1])  # first fitting piece kept, second rewritten
    out, used = rewrites.rewrite(text, lambda: next(coins))
    assert out == "开箱登记不及时，有的意见拖了一个多月才答复，关注新课标要求不够"
    assert used == ("对象前置",)
    assert rewrites.rewrite("有的意见拖了一个多月才答复", lambda: 0.0) == ("有的意见拖了一个多月才答复", ())


def test_a_group_never_cuts_through_a_quotation() -> None:
    assert _first("对“赶进度”关注不够") == ("关注“赶进度”不够", "对象前置")  # the quotation moves whole
    assert _first("做到“学以致用与知行合一”要求还有差距") is None  # 与 inside the quotation: no split there
