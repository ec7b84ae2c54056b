"""The pure-Python PCG64 stream gives numpy's numbers bit for bit, and generating one paragraph needs no numpy."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest

from generator import api, store
from generator.realize import pcg64

SEEDS = [0, 1, 2, 7, 2**32 - 1, 2**32, 2**63, 2**64 - 1, 2**100 + 12345]


def _numpy(seed: int, key: tuple[int, ...]) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))


def test_pool_matches_numpy_seed_sequence() -> None:
    r = random.Random(1)
    for _ in range(500):
        seed = r.choice([*SEEDS, r.getrandbits(r.choice([8, 32, 64, 128]))])
        key = tuple(r.getrandbits(r.choice([1, 8, 33, 64])) for _ in range(r.randint(0, 4)))
        assert pcg64.seed_pool(seed, key) == list(np.random.SeedSequence(seed, spawn_key=key).pool)
        state = np.random.SeedSequence(seed, spawn_key=key).generate_state(4, np.uint64)
        assert pcg64.generate_state64(pcg64.seed_pool(seed, key), 4) == [int(v) for v in state]


def test_doubles_and_integers_match_numpy_in_any_interleaving() -> None:
    r = random.Random(2)
    for case in range(2000):
        seed = r.choice([*SEEDS, r.getrandbits(64)])
        key = tuple(r.getrandbits(r.choice([4, 32, 40])) for _ in range(r.randint(0, 3)))
        ours, theirs = pcg64.stream(seed, key), _numpy(seed, key)
        for _ in range(8):
            op = r.choice("rli")
            if op == "r":
                assert ours.random() == theirs.random(), (case, seed, key)
            elif op == "l":
                n = r.randint(1, 120)
                assert ours.random_list(n) == theirs.random(n).tolist(), (case, seed, key)
            else:
                high = r.choice([1, 2, 3, 6, 7, 1000, 2**31 + 5, 2**32 - 1, 2**32, r.randint(1, 2**32)])
                assert ours.integers(high) == int(theirs.integers(0, high)), (case, seed, key, high)


def test_numpy_stream_adapter_gives_the_same_numbers() -> None:
    a, b = pcg64.stream(5, (3, 1)), pcg64.numpy_stream(5, (3, 1))
    assert [a.integers(6), *a.random_list(50)] == [b.integers(6), *b.random_list(50)]


def test_out_of_range_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        pcg64.stream(-1)
    with pytest.raises(ValueError):
        pcg64.stream(1).integers(0)


def test_a_paragraph_is_the_same_from_either_stream() -> None:
    model = store.load()
    for i in range(40):
        cat = None if i % 4 == 0 else i % len(model.categories)
        ours = api.paragraph(model, cat, seed=11, index=i)
        theirs = api.paragraph(model, cat, seed=11, index=i, streams=pcg64.numpy_stream)
        assert ours == theirs


def test_generate_and_draft_import_neither_numpy_nor_jieba() -> None:
    # nor logging nor tempfile, which cost start-up time and are needed only for a hint or a file written
    code = ("import sys\nfrom generator import cli\n"
            "for argv in (['generate', '2', '--seed', '3'], ['draft', '--seed', '3']):\n"
            "    try:\n        cli.main(argv)\n    except SystemExit:\n        pass\n"
            "bad = [m for m in ('numpy', 'jieba', 'logging', 'tempfile') if m in sys.modules]\nassert not bad, bad\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "种子：3" in done.stderr + done.stdout
