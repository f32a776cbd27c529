"""Shared fixtures: the seed pages, and the shared corpora (which CI must have)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from moderation.config import PROJECT_ROOT, get_settings

SEEDS_DIR = PROJECT_ROOT / "seeds"
SEED_FILES = sorted(SEEDS_DIR.glob("*.txt"))
COMMENT_SEED = SEEDS_DIR / "003_00bcb2c85f74b812.txt"


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in SEED_FILES}


@pytest.fixture(scope="session")
def comment_seed_text() -> str:
    return COMMENT_SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shared corpora. Missing data fails loudly in CI and skips with a reason elsewhere."""
    path = get_settings().data_dir
    if not path.is_dir():
        message = f"shared corpora not found at {path} (set MODERATION_DATA_DIR)"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture()
def models_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A private models folder that the library itself resolves artifacts from (settings re-read)."""
    folder = tmp_path / "models"
    folder.mkdir()
    monkeypatch.setenv("MODERATION_MODELS_DIR", str(folder))
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()
