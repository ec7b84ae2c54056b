"""Rebuild the prebuilt model of the bundled corpus (corpus/prebuilt-model.json).

Run after changing the corpus, the user dictionary or the compiler:  python scripts/rebuild_model.py
tests/test_store.py fails while the shipped file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator import store


def main() -> None:
    target = store.bundled_corpus_dir() / store.PREBUILT_NAME
    model = store.build(None, target)
    print(f"wrote {target}: fingerprint {model.short_fingerprint}, {len(model.templates)} templates")


if __name__ == "__main__":
    main()
