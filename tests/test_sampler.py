"""Choice tables of the sampler: what may appear in which category."""

from __future__ import annotations

from generator import api
from generator.model import Model, Slot
from generator.sampler import MIN_FIT, PERMUTE_KINDS


def test_a_template_travels_only_with_evidence(model: Model) -> None:
    sampler = api.sampler_for(model)
    floor = MIN_FIT / len(model.categories)
    travelled = 0
    for c in range(len(model.categories)):
        for table in sampler.roles[c]:
            for i in table.values:
                t = model.templates[i]
                if model.items[t.item].category != c:
                    travelled += 1
                    assert t.fit[c] >= floor, t.source_text
                    assert not any(isinstance(p, Slot) and p.kind in PERMUTE_KINDS for p in t.parts)
    assert travelled > 0, "generic clauses (一些工作考虑得不具体) still travel"


def test_clauses_stay_mostly_in_their_category(model: Model) -> None:
    foreign = total = 0
    for index in range(600):
        c = index % len(model.categories)
        p = api.paragraph(model, c, seed=12, index=index)
        for clause in p.clauses:
            total += 1
            foreign += model.items[model.templates[clause.template].item].category != c
    assert foreign / total < 0.15
