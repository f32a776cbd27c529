"""Artifact file formats: format 2 round trips exactly, format-1 (joblib) artifacts still load, bad files
give an `ArtifactError`, and nothing is unpickled before the sha256 matched the card."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import joblib
import numpy as np
import pytest
from tiny_incivility import tiny_model

from moderation import artifact
from moderation.errors import ArtifactError
from moderation.model import Moderator

TEXTS = ["you stupid idiot", "thanks for the article", "I WILL FIND YOU!!!", ""]


def _arrays() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    hashed = rng.normal(size=(300_000, 6)).astype(np.float32)
    hashed[rng.random(300_000) < 0.4] = 0.0
    words = rng.integers(1, 2**32, size=(300_000, 6), dtype=np.uint32)  # incompressible but for the zeros
    words[rng.random((300_000, 6)) < 0.4] = 0
    return {
        "weights (multi-chunk, rows of zeros)": hashed,
        "words (multi-chunk, 40% zero)": words,
        "idf (compressible)": np.repeat(rng.random(50).astype(np.float32), 20_000),
        "noise float64": rng.normal(size=70_000),
        "odd byte count": rng.integers(0, 255, size=100_003, dtype=np.uint8),
        "tiny (in band)": np.arange(7, dtype=np.int64),
        "non-contiguous": rng.normal(size=(400, 400))[:, ::2],
        "fortran order": np.asfortranarray(rng.normal(size=(300, 200))),
        "objects": np.array(["a", None, 3], dtype=object),
        "empty": np.zeros((0, 6), dtype=np.float32),
    }


@pytest.mark.parametrize("name", list(_arrays()))
def test_format2_round_trip_is_exact_and_writable(name: str) -> None:
    value = _arrays()[name]
    back = artifact.loads_payload(artifact.dumps_payload({"labels": [], "x": value}))["x"]
    assert back.dtype == value.dtype and back.shape == value.shape
    assert np.array_equal(back, value) if value.dtype != object else back.tolist() == value.tolist()
    assert back.flags.writeable


def test_format2_chooses_codecs_by_size() -> None:
    data = artifact.dumps_payload({"labels": [], **_arrays()})
    (length,) = np.frombuffer(data[len(artifact.FORMAT_MAGIC):len(artifact.FORMAT_MAGIC) + 8], dtype="<u8")
    table = json.loads(data[len(artifact.FORMAT_MAGIC) + 8:len(artifact.FORMAT_MAGIC) + 8 + int(length)])
    codecs = {codec for codec, _ in table["sections"]}
    assert {"zlib", "nonzero32", "raw"} <= codecs
    assert len(data) < sum(a.nbytes for a in _arrays().values() if a.dtype != object)


@pytest.fixture()
def saved(models_dir: Path) -> tuple[Moderator, str]:
    component = tiny_model()
    moderator = Moderator({"incivility": component}, {label: 0.5 for label in component.labels_}, {})
    return moderator, moderator.save(models_dir, "tiny", make_current=True)


def test_saved_artifact_is_format2_and_scores_identically(saved: tuple[Moderator, str], models_dir: Path) -> None:
    moderator, stem = saved
    assert (models_dir / f"{stem}.joblib").read_bytes().startswith(artifact.FORMAT_MAGIC)
    loaded = Moderator.load()
    assert loaded.card["format_version"] == artifact.FORMAT_VERSION == 2
    assert loaded.probabilities(TEXTS).tolist() == moderator.probabilities(TEXTS).tolist()


def _write_format1(models_dir: Path, stem: str) -> str:
    """Rewrite `stem` the way format 1 did (joblib compress=3, card format_version 1) under a new stem."""
    payload = artifact.load_artifact(stem, models_dir).payload
    card = json.loads((models_dir / f"{stem}.json").read_text())
    old = "tiny-20250101-0000f001"
    joblib.dump(payload, models_dir / f"{old}.joblib", compress=3)
    card.update(format_version=1, artifact=old, sha256=artifact.sha256_of(models_dir / f"{old}.joblib"))
    (models_dir / f"{old}.json").write_text(json.dumps(card))
    return old


def test_format1_artifacts_still_load(saved: tuple[Moderator, str], models_dir: Path) -> None:
    moderator, stem = saved
    old = _write_format1(models_dir, stem)
    assert not (models_dir / f"{old}.joblib").read_bytes().startswith(artifact.FORMAT_MAGIC)
    assert Moderator.load(old).probabilities(TEXTS).tolist() == moderator.probabilities(TEXTS).tolist()


def test_convert_keeps_card_and_predictions(saved: tuple[Moderator, str], models_dir: Path) -> None:
    moderator, stem = saved
    old = _write_format1(models_dir, stem)
    new = artifact.convert_artifact(old, models_dir)
    card = json.loads((models_dir / f"{new}.json").read_text())
    assert new.startswith("tiny-20250101-") and card["format_version"] == 2 and old in card["converted_from"]
    assert Moderator.load(new).probabilities(TEXTS).tolist() == moderator.probabilities(TEXTS).tolist()


@pytest.mark.parametrize("damage", ["truncated", "bad-table", "unknown-codec", "wrong-size"])
def test_damaged_format2_file_is_a_clear_error(saved: tuple[Moderator, str], models_dir: Path, damage: str) -> None:
    _, stem = saved
    path = models_dir / f"{stem}.joblib"
    data = path.read_bytes()
    start = len(artifact.FORMAT_MAGIC) + 8
    (length,) = np.frombuffer(data[len(artifact.FORMAT_MAGIC):start], dtype="<u8")
    table = json.loads(data[start:start + int(length)])
    body = data[start + int(length):]
    if damage == "truncated":
        data = data[:-100]
    else:
        if damage == "bad-table":
            table["sections"][0][1] += 1
        elif damage == "unknown-codec":
            table["sections"][-1][0] = "brotli"
        else:
            table["buffers"][0]["bytes"] += 4
        header = json.dumps(table).encode()
        data = artifact.FORMAT_MAGIC + len(header).to_bytes(8, "little") + header + body
    path.write_bytes(data)
    card_path = models_dir / f"{stem}.json"
    card_path.write_text(json.dumps({**json.loads(card_path.read_text()), "sha256": hashlib.sha256(data).hexdigest()}))
    with pytest.raises(ArtifactError, match="could not be unpickled"):
        Moderator.load()


def test_unverified_format2_file_is_never_unpickled(saved: tuple[Moderator, str], models_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _, stem = saved
    asked: list[bytes] = []
    monkeypatch.setattr(artifact, "_unpickle", lambda data: asked.append(data))
    path = models_dir / f"{stem}.joblib"
    path.write_bytes(path.read_bytes() + b"appended by someone")
    with pytest.raises(ArtifactError, match="sha256"):
        artifact.load_artifact(stem, models_dir)
    assert asked == []
