"""Regenerate tests/golden/ from the bundled corpus. Run only for a deliberate change of output,
and bump generator.model.FORMAT_VERSION in the same commit so old codes fail clearly.

    python scripts/regen_golden.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator import api, render, store

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "golden"
SEEDS = (1, 11, 2**64 - 1)


def cases() -> dict[str, str]:
    """File name -> expected text; tests/test_golden.py computes the same cases."""
    model = store.load()
    out: dict[str, str] = {}
    for c in range(len(model.categories)):
        paragraphs = [p for seed in SEEDS for p in api.generate(model, c, n=2, seed=seed)]
        out[f"paragraphs-{c + 1}.jsonl"] = render.paragraphs(paragraphs, "jsonl")
    out["draft-11.txt"] = api.draft(model, seed=11).text
    out["draft-11.json"] = json.dumps({"code": api.draft(model, seed=11).code}, ensure_ascii=False) + "\n"
    return out


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, text in cases().items():
        (GOLDEN / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(cases())} golden files to {GOLDEN}")


if __name__ == "__main__":
    main()
