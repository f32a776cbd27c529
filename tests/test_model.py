"""Moderator and artifacts: round trip, every refusal path, score/explain contract, models/current."""

from __future__ import annotations

import json
from pathlib import Path

import joblib
import pytest
from tiny_incivility import tiny_model

from moderation import artifact
from moderation.errors import ArtifactError, InvalidInput
from moderation.model import Moderator
from moderation.types import INCIVILITY_LABELS, Label, Scores


@pytest.fixture(scope="module")
def moderator() -> Moderator:
    component = tiny_model()
    thresholds = {label: 0.5 for label in component.labels_}
    return Moderator({"incivility": component}, thresholds, {"summary": "tiny test model", "metrics": {}})


@pytest.fixture()
def saved(moderator: Moderator, models_dir: Path) -> str:
    return moderator.save(models_dir, "tiny", make_current=True)


def test_round_trip_gives_identical_scores(moderator: Moderator, saved: str, models_dir: Path) -> None:
    loaded = Moderator.load()
    texts = ["you stupid idiot", "thanks for the article"]
    assert loaded.version == saved == (models_dir / "current").read_text().strip()
    assert loaded.labels == INCIVILITY_LABELS
    assert loaded.thresholds == moderator.thresholds
    assert loaded.probabilities(texts).tolist() == moderator.probabilities(texts).tolist()
    assert loaded.card["sha256"] == artifact.sha256_of(models_dir / f"{saved}.joblib")


def test_artifact_files_and_name(saved: str, models_dir: Path) -> None:
    name, date, sha8 = saved.rsplit("-", 2)
    assert name == "tiny" and len(date) == 8 and len(sha8) == 8
    for suffix in (".joblib", ".json", ".md"):
        assert (models_dir / f"{saved}{suffix}").is_file()
    card = json.loads((models_dir / f"{saved}.json").read_text())
    assert card["labels"] == [label.value for label in INCIVILITY_LABELS]
    assert card["sha256"].startswith(sha8)


def _edit_card(models_dir: Path, stem: str, **changes: object) -> None:
    path = models_dir / f"{stem}.json"
    card = json.loads(path.read_text())
    card.update(changes)
    path.write_text(json.dumps(card))


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"format_version": 99}, "format version"), ({"labels": ["rudeness"]}, "labels"),
     ({"sklearn_version": "0.1"}, "scikit-learn"), ({"sha256": "0" * 64}, "sha256")],
    ids=["format", "labels", "sklearn", "sha256"],
)
def test_load_refuses_mismatched_cards(saved: str, models_dir: Path, changes: dict, message: str) -> None:
    _edit_card(models_dir, saved, **changes)
    with pytest.raises(ArtifactError, match=message):
        Moderator.load()


def test_load_refuses_tampered_joblib(saved: str, models_dir: Path) -> None:
    path = models_dir / f"{saved}.joblib"
    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(ArtifactError, match="sha256"):
        Moderator.load(saved)


def test_load_refuses_paths_outside_models_dir(saved: str, models_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for suffix in (".joblib", ".json"):
        (outside / f"{saved}{suffix}").write_bytes((models_dir / f"{saved}{suffix}").read_bytes())
    with pytest.raises(ArtifactError, match="models folder"):
        Moderator.load(outside / f"{saved}.joblib")
    with pytest.raises(ArtifactError, match="models folder"):
        Moderator.load(models_dir / ".." / "elsewhere" / saved)


@pytest.mark.parametrize("what", ["no-current", "missing-file", "missing-card"])
def test_load_explains_missing_pieces(moderator: Moderator, models_dir: Path, what: str) -> None:
    if what != "no-current":
        stem = moderator.save(models_dir, "tiny", make_current=True)
        (models_dir / f"{stem}{'.joblib' if what == 'missing-file' else '.json'}").unlink()
    with pytest.raises(ArtifactError, match="train|exist|card"):
        Moderator.load()


def test_load_refuses_payload_with_other_labels(saved: str, models_dir: Path) -> None:
    path = models_dir / f"{saved}.joblib"
    joblib.dump({"labels": ["insult"], "components": {}, "thresholds": {}}, path)
    _edit_card(models_dir, saved, sha256=artifact.sha256_of(path))
    with pytest.raises(ArtifactError, match="labels"):
        Moderator.load()


def test_set_current_is_atomic_and_checked(saved: str, models_dir: Path) -> None:
    with pytest.raises(ArtifactError):
        artifact.set_current(models_dir, "nope-20250101-00000000")
    assert (models_dir / "current").read_text().strip() == saved
    assert not list(models_dir.glob(".current*"))


def test_score_returns_scores_for_every_label(moderator: Moderator) -> None:
    scores = moderator.score(["you are an idiot", "good point"], explain=True)
    assert all(isinstance(s, Scores) for s in scores)
    assert set(scores[0].probabilities) == set(INCIVILITY_LABELS)
    assert scores[0][Label.INCIVILITY] > scores[1]["incivility"]
    for label, spans in scores[0].spans.items():
        for span in spans:
            assert "you are an idiot"[span.start : span.end] == span.text


@pytest.mark.parametrize("bad", ["a single string", [b"bytes"], [None]], ids=["str", "bytes", "none"])
def test_score_rejects_bad_input(moderator: Moderator, bad: object) -> None:
    with pytest.raises(InvalidInput):
        moderator.score(bad)  # type: ignore[arg-type]


def test_empty_batch_and_empty_text(moderator: Moderator) -> None:
    assert moderator.score([]) == []
    assert len(moderator.score([""])) == 1


class _ContextComponent:
    labels_ = (Label.UNSUPPORTED_CLAIM,)

    def __init__(self) -> None:
        self.seen: list[object] = []

    def predict_proba(self, texts: list[str], context: object = None):  # noqa: ANN201
        import numpy as np

        self.seen.append(context)
        return np.full((len(texts), 1), 0.25)


def test_with_component_adds_labels_and_forwards_context(moderator: Moderator) -> None:
    extra = _ContextComponent()
    combined = moderator.with_component("claims", extra, {Label.UNSUPPORTED_CLAIM: 0.6})
    scores = combined.score(["x"], context="article")
    assert scores[0][Label.UNSUPPORTED_CLAIM] == 0.25
    assert extra.seen == ["article"]
    assert combined.labels[-1] == Label.UNSUPPORTED_CLAIM
    assert moderator.labels == INCIVILITY_LABELS
