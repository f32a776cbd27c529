"""`moderation retrain` end to end on a tiny world: promote, refuse a poisoned batch, deterministic card."""

from __future__ import annotations

import json
import shutil

import pytest
from tiny_retrain import (
    TINY_PARAMS,
    fill_store,
    newsroom_verdicts,
    save_current,
    tiny_corpus,
    write_templates,
)
from typer.testing import CliRunner

from moderation.cli import app
from moderation.errors import InvalidInput
from moderation.retrain import registry
from moderation.retrain.config import GateConfig
from moderation.retrain.job import RetrainOptions, retrain

GATE = GateConfig(min_holdout_rows=10, min_holdout_per_class=3, min_gated_per_class=5, tolerance=0.05)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Data dir with templates, a tiny corpus, a models folder with the base model, and two stores."""
    root = tmp_path_factory.mktemp("retrain")
    write_templates(root / "data")
    corpus = tiny_corpus()
    base = save_current(root / "base_models", corpus)
    honest, poisoned = f"sqlite:///{root}/honest.db", f"sqlite:///{root}/poisoned.db"
    fill_store(honest, newsroom_verdicts(80))
    fill_store(poisoned, newsroom_verdicts(80, poison_first=56))
    return {"root": root, "corpus": corpus, "base": base, "honest": honest, "poisoned": poisoned}


def _models(world, name: str):
    target = world["root"] / name
    shutil.copytree(world["root"] / "base_models", target)
    return target


def _run(world, url: str, models, **options):
    options = {"progress": False, **options}
    return retrain(RetrainOptions(feedback_url=url, data_dir=world["root"] / "data", models_dir=models, gate=GATE,
                                  model_params=TINY_PARAMS, **options), corpus=world["corpus"])


def test_newsroom_verdicts_are_learned_and_promoted(world):
    models = _models(world, "promote")
    result = _run(world, world["honest"], models)
    assert result.decision.promote, result.decision.reasons
    assert registry.current_stem(models) == result.promoted != world["base"]
    feedback_auc = next(c for c in result.decision.checks if c.name == "feedback:held_out incivility roc_auc")
    assert feedback_auc.candidate > feedback_auc.current + 0.2
    card = json.loads((models / f"{result.promoted}.json").read_text())
    assert card["retraining"]["parent"] == world["base"]
    assert card["retraining"]["feedback"]["train_rows"] + card["retraining"]["feedback"]["held_out_rows"] == 80
    assert "Retraining from moderators' verdicts" in (models / f"{result.promoted}.md").read_text()
    (entry,) = registry.read_history(models)
    assert entry["action"] == "promote" and entry["data_hash"] == card["retraining"]["data_hash"]
    assert entry["metrics"]["candidate"]["fairness"]["min_bpsn_auc"] is not None


def test_a_poisoned_batch_is_refused_and_the_current_model_kept(world):
    models = _models(world, "refuse")
    result = _run(world, world["poisoned"], models)
    assert not result.decision.promote and result.promoted is None
    assert any(r.startswith("feedback:held_out incivility roc_auc") for r in result.decision.reasons)
    assert registry.current_stem(models) == world["base"]
    assert sorted(p.name for p in models.glob("*.joblib")) == [f"{world['base']}.joblib"]
    assert registry.read_history(models)[-1]["action"] == "refuse"


def test_same_inputs_give_a_byte_identical_model_card(world):
    first, second = _models(world, "det1"), _models(world, "det2")
    a = _run(world, world["honest"], first, progress=True)
    b = _run(world, world["honest"], second)
    assert a.promoted == b.promoted
    for suffix in (".json", ".md", ".joblib"):
        assert (first / f"{a.promoted}{suffix}").read_bytes() == (second / f"{b.promoted}{suffix}").read_bytes()
    card = (first / f"{a.promoted}.json").read_text()
    assert "training_seconds" not in card and str(world["root"]) not in card


def test_dry_run_writes_nothing(world):
    models = _models(world, "dry")
    result = _run(world, world["honest"], models, dry_run=True)
    assert result.decision.promote and result.promoted is None
    assert registry.current_stem(models) == world["base"] and registry.read_history(models) == []


def test_no_feedback_before_the_cutoff_is_a_clear_error(world, tmp_path):
    with pytest.raises(InvalidInput, match="nothing to retrain on"):
        _run(world, f"sqlite:///{tmp_path}/empty.db", _models(world, "empty"))


@pytest.mark.parametrize("args", [["--since", "yesterday"], ["--as-of", "2026-13-01"]], ids=["since", "as-of"])
def test_cli_rejects_bad_dates_with_one_line(args):
    result = CliRunner().invoke(app, ["retrain", *args])
    assert isinstance(result.exception, InvalidInput) and "ISO date" in str(result.exception)
