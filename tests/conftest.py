"""Shared fixtures: a CLI runner, the bundled model, and a private cache folder per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import store
from generator.model import Model

REPO = Path(__file__).resolve().parent.parent
SEED_TEXT = REPO / "corpus" / "000_f528c00ba62b58e2.txt"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Never touch the user's real cache folder from tests."""
    mp = pytest.MonkeyPatch()
    mp.setenv("CRITIQUE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def model() -> Model:
    return store.load()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
