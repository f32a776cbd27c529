"""The models folder: atomic pointer moves, promotion history, rollback, and the `models` commands."""

from __future__ import annotations

import json
import os
import threading

import pytest
from tiny_incivility import tiny_model
from typer.testing import CliRunner

from moderation.artifact import CURRENT_FILE, set_current
from moderation.cli import app
from moderation.errors import ArtifactError, InvalidInput
from moderation.model import Moderator
from moderation.retrain import registry


@pytest.fixture(scope="module")
def component():
    return tiny_model()


@pytest.fixture(scope="module")
def other_component():
    return tiny_model(C=0.5)


def _moderator(component, note: str) -> Moderator:
    thresholds = {label: 0.5 for label in component.labels_}
    return Moderator({"incivility": component}, thresholds, {"summary": note, "metrics": {}})


@pytest.fixture()
def two_models(tmp_path, component, other_component):
    """A models folder where B was promoted over A."""
    models = tmp_path / "models"
    first = _moderator(component, "first").save(models, "tiny", make_current=True)
    second = registry.promote(_moderator(other_component, "second"), models, "tiny", "20261201",
                              {"decision": "promote", "data_hash": "abc"})
    return models, first, second


def test_promotion_writes_artifact_pointer_and_history(two_models):
    models, first, second = two_models
    assert second.startswith("tiny-20261201-") and second != first
    assert registry.current_stem(models) == second
    (entry,) = registry.read_history(models)
    assert entry["action"] == "promote" and entry["from"] == first and entry["to"] == second
    assert entry["data_hash"] == "abc" and entry["who"] and entry["when"]
    assert [(a.stem, a.current) for a in registry.list_artifacts(models)] == sorted(
        [(first, False), (second, True)])


def test_readers_never_see_a_partial_pointer_while_it_moves(two_models):
    models, first, second = two_models
    seen: set[str] = set()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.add((models / CURRENT_FILE).read_text(encoding="utf-8"))

    reader = threading.Thread(target=read)
    reader.start()
    for i in range(300):
        set_current(models, first if i % 2 else second)
    stop.set()
    reader.join()
    assert seen <= {f"{first}\n", f"{second}\n"}
    assert not [p for p in os.listdir(models) if p.endswith(".tmp")]


def test_a_failed_pointer_write_leaves_the_old_pointer(two_models, monkeypatch):
    models, first, second = two_models

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        set_current(models, first)
    assert registry.current_stem(models) == second


def test_rollback_returns_to_the_replaced_model_and_is_recorded(two_models):
    models, first, second = two_models
    assert registry.rollback(models, reason="complaints") == (second, first)
    assert registry.current_stem(models) == first
    last = registry.read_history(models)[-1]
    assert (last["action"], last["from"], last["to"], last["reason"]) == ("rollback", second, first, "complaints")
    assert registry.rollback(models, second) == (first, second)


def test_rollback_refuses_a_tampered_artifact_and_keeps_the_pointer(two_models):
    models, first, second = two_models
    with open(models / f"{first}.joblib", "ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(ArtifactError):
        registry.rollback(models)
    assert registry.current_stem(models) == second
    assert len(registry.read_history(models)) == 1


@pytest.mark.parametrize("target", [None, "current"], ids=["no-history", "already-current"])
def test_rollback_without_a_target_to_go_to(tmp_path, component, target):
    models = tmp_path / "models"
    only = _moderator(component, "only").save(models, "tiny", make_current=True)
    with pytest.raises(InvalidInput):
        registry.rollback(models, only if target else None)


def test_models_commands(two_models):
    models, first, second = two_models
    runner = CliRunner()
    listed = runner.invoke(app, ["models", "list", "--models-dir", str(models)])
    assert listed.exit_code == 0 and f"* {second}" in listed.output and f"  {first}" in listed.output
    shown = runner.invoke(app, ["models", "show", second, "--models-dir", str(models), "--json"])
    assert json.loads(shown.output)["artifact"] == second
    rolled = runner.invoke(app, ["models", "rollback", "--models-dir", str(models), "--reason", "test"])
    assert rolled.exit_code == 0 and f"{second} -> {first}" in rolled.output
    history = runner.invoke(app, ["models", "history", "--models-dir", str(models)])
    assert "promote" in history.output and "rollback" in history.output
    missing = runner.invoke(app, ["models", "show", "nope", "--models-dir", str(models)])
    assert isinstance(missing.exception, ArtifactError)
