"""Drafts of some categories, with header fields: what they say, and that their codes reproduce them."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import api, codes
from generator.errors import UsageError
from generator.model import Model


def test_subset_draft_has_those_sections_renumbered(model: Model) -> None:
    doc = api.draft(model, seed=11, categories=["廉洁自律", "3"], items=2)
    assert [s.category for s in doc.sections] == ["能力本领", "廉洁自律"]  # corpus order
    assert [s.heading for s in doc.sections] == ["（一）在能力本领方面的问题", "（二）在廉洁自律方面的问题"]
    assert all(len(s.items) == 2 for s in doc.sections)


def test_subset_sections_say_what_the_full_draft_says(model: Model) -> None:
    full = api.draft(model, seed=11)
    sub = api.draft(model, seed=11, categories=["能力本领"])
    assert [p.text for p in sub.sections[0].items] == [p.text for p in full.sections[2].items]


def test_subset_code_reproduces_the_subset(model: Model) -> None:
    doc = api.draft(model, seed=5, categories=[1, 5], items=1)
    assert codes.decode(doc.code).categories == (1, 5)
    again = api.reproduce(model, doc.code)
    assert isinstance(again, api.Document)
    assert again.text == doc.text and again.code == doc.code


def test_every_category_named_is_the_full_draft(model: Model) -> None:
    names = [c.name for c in model.categories]
    assert api.draft(model, seed=3, categories=names).code == api.draft(model, seed=3).code


def test_header_fields(model: Model) -> None:
    doc = api.draft(model, seed=11, items=1, to="张三同志", meeting="2024年度组织生活会", unit="XX党支部",
                    date="2024-01-10")
    assert doc.heading == "对张三同志的批评意见"
    assert doc.text.startswith("对张三同志的批评意见\n（2024年度组织生活会）\n\n（一）")
    assert doc.text.endswith("\n\nXX党支部\n2024年1月10日\n")
    plain = api.draft(model, seed=11, items=1)
    assert plain.heading == "相互批评意见参考" and plain.code == doc.code  # the code records no header
    assert doc.text.split("\n")[3:-4] == plain.text.split("\n")[2:-1]


@pytest.mark.parametrize("field, value", [("to", ""), ("unit", "a\x00b"), ("meeting", "长" * 61),
                                          ("date", "2024-13-01")], ids=["empty", "control", "long", "bad-date"])
def test_bad_header_field_is_usage_error(model: Model, field: str, value: str) -> None:
    with pytest.raises(UsageError, match=f"--{field} "):
        api.draft(model, seed=1, items=1, **{field: value})  # type: ignore[arg-type]


def test_unknown_category_refused(model: Model) -> None:
    with pytest.raises(UsageError, match="没有名为“不存在”的类别"):
        api.draft(model, seed=1, categories=["不存在"])


def test_no_two_entries_of_a_section_say_the_same_body() -> None:
    # township_gbk.txt (GBK, （一）/1、): its 理论学习 has three items, one of which cannot be said anew, so a
    # three-entry draft follows one item twice; the two must still be worded differently.
    from pathlib import Path

    from generator import api, store

    for corpus in (None, Path(__file__).parent / "data" / "township_gbk.txt"):
        model = store.load(corpus)
        for seed in range(8):
            for section in api.draft(model, seed=seed).sections:
                bodies = [p.body for p in section.items]
                assert len(set(bodies)) == len(bodies), (corpus, seed, section.category)


def test_a_category_too_thin_is_left_out_of_a_whole_draft_and_batch_with_a_hint(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A 查摆问题清单 with two one-line rows in one 方面 should not stop the draft of the others; a category
    asked for by name still says what it lacks."""
    from generator import api, batch, store
    from generator.errors import CorpusError

    text = (Path(__file__).parent / "data" / "second_corpus.txt").read_text(encoding="utf-8")
    path = tmp_path / "c.txt"
    path.write_text(text + "\n【其他方面】\n1.学习少。读书少。\n2.调研少。走得少。\n", encoding="utf-8")
    model = store.load(path)
    thin = next(c for c, info in enumerate(model.categories) if info.name.startswith("其他"))
    with caplog.at_level("WARNING"):
        doc = api.draft(model, seed=3, items=2)
    assert [s.category for s in doc.sections] == [info.name for info in model.categories if info.name != "其他"]
    assert any("其他" in r.getMessage() and "草稿里没有" in r.getMessage() for r in caplog.records)
    assert thin not in batch.resolve_categories(model, None)
    with pytest.raises(CorpusError, match="材料太少"):
        api.draft(model, seed=3, items=2, categories=[model.categories[thin].name])


TWO_ITEMS = ("一、理论学习方面\n"
             "1.学习不够系统。对理论学习缺乏整体规划，往往是上级要求学什么就学什么，碎片化学习多，系统性学习少，"
             "对重要论述的理解不够深入全面。\n"
             "2.学用结合不紧密。学习与工作实际联系不够，存在学归学、做归做的现象，运用理论解决实际问题的能力有待提高，"
             "学习成果转化不够充分。\n")


def test_a_draft_of_a_small_corpus_writes_as_many_items_as_it_has_titles(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A two-item corpus: `draft` with no --items wrote nothing (--items 3 太大) though `generate` gives two titles;
    it now writes the entries the category has titles for and says so; --items 3 asked for is still refused."""
    from generator import store

    corpus = tmp_path / "两条.txt"
    corpus.write_text(TWO_ITEMS, encoding="utf-8")
    m = store.load(corpus, cache=tmp_path / "cache")
    room = api.sampler_for(m).title_room(0)
    assert 1 <= room < api.DRAFT_ITEMS
    with caplog.at_level("WARNING"):
        doc = api.draft(m, seed=1)
    assert len(doc.sections[0].items) == room and "最多能写出" in caplog.text
    again = api.reproduce(m, doc.code)
    assert isinstance(again, api.Document) and again.text == doc.text
    with pytest.raises(UsageError, match="--items 3 太大"):
        api.draft(m, seed=1, items=3)


def test_a_run_longer_than_its_category_has_items_says_so(model: Model, caplog: pytest.LogCaptureFixture) -> None:
    """Paragraphs past the category's items take up problems written about already: the user is told, once."""
    items = len(api.sampler_for(model).category_homes(0))
    name = model.categories[0].name
    with caplog.at_level("WARNING"):
        api.generate(model, 0, n=items, seed=4)
    assert "可依据的原文条目只有" not in caplog.text
    with caplog.at_level("WARNING"):
        api.generate(model, 0, n=items + 1, seed=4)
    assert caplog.text.count(f"“{name}”可依据的原文条目只有 {items} 条") == 1
    assert f"从第 {items + 1} 段起" in caplog.text
