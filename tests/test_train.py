"""`moderation train` on a small sample: writes a loadable artifact whose card names data, splits, metrics."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from moderation.config import get_settings
from moderation.model import Moderator
from moderation.train import (
    FALLBACK_THRESHOLD,
    MIN_THRESHOLD_POSITIVES,
    PRECISION_FLOOR,
    TrainOptions,
    choose_thresholds,
    train,
    training_weights,
)
from moderation.types import INCIVILITY_LABELS, Label

SMALL = {"n_word_features": 2**14, "n_char_features": 2**12, "char_ngrams": None, "folds": 2}


def test_source_balance_equalises_classes_within_a_source() -> None:
    rows = pd.DataFrame({"text": ["a", "b", "c", "d"], "source": ["x", "x", "x", "y"],
                         **{label.value: [1.0, 0.0, 0.0, np.nan] for label in INCIVILITY_LABELS}})
    weights = training_weights(rows, INCIVILITY_LABELS, source_balance=True, identity_balance=False)
    assert weights[0, 0] == pytest.approx(weights[1, 0] + weights[2, 0])


def _separable(n: int) -> tuple[np.ndarray, np.ndarray]:
    probabilities = np.r_[np.full(n, 0.1), np.full(n, 0.4), np.full(n, 0.6), np.full(n, 0.9)][:, None]
    targets = np.r_[np.zeros(2 * n), np.ones(2 * n)][:, None]
    return probabilities, targets


def test_thresholds_maximise_validation_f1() -> None:
    probabilities, targets = _separable(MIN_THRESHOLD_POSITIVES)
    thresholds, metrics = choose_thresholds(probabilities, targets, (Label.INCIVILITY,))
    assert 0.4 < thresholds[Label.INCIVILITY] <= 0.6
    assert metrics["incivility"]["f1"] == 1.0 and metrics["incivility"]["fallback"] == 0.0


def test_thresholds_respect_the_precision_floor() -> None:
    rng = np.random.default_rng(0)
    y = (rng.random(2000) < 0.1).astype(float)
    p = np.clip(0.08 + 0.1 * y + rng.normal(0, 0.1, 2000), 0, 1)
    thresholds, metrics = choose_thresholds(p[:, None], y[:, None], (Label.MOCKERY,))
    assert metrics["mockery"]["precision"] >= PRECISION_FLOOR or metrics["mockery"]["fallback"] == 1.0
    unconstrained_f1_cut = 0.1
    assert thresholds[Label.MOCKERY] > unconstrained_f1_cut


@pytest.mark.parametrize("n", [1, MIN_THRESHOLD_POSITIVES // 2 - 1], ids=["two", "few"])
def test_too_few_positives_fall_back(n: int) -> None:
    probabilities, targets = _separable(n)
    thresholds, metrics = choose_thresholds(probabilities, targets, (Label.THREAT,))
    assert thresholds[Label.THREAT] == FALLBACK_THRESHOLD and metrics["threat"]["fallback"] == 1.0


def test_one_class_sources_do_not_choose_thresholds() -> None:
    probabilities, targets = _separable(MIN_THRESHOLD_POSITIVES)
    extra_p, extra_y = np.full((500, 1), 0.3), np.ones((500, 1))
    sources = np.r_[np.full(len(targets), "c3"), np.full(500, "kaggle_insults")]
    thresholds, metrics = choose_thresholds(np.vstack([probabilities, extra_p]), np.vstack([targets, extra_y]),
                                            (Label.INCIVILITY,), sources)
    assert thresholds[Label.INCIVILITY] > 0.4 and metrics["incivility"]["n"] == len(targets)


@pytest.mark.slow
def test_small_training_run_writes_a_loadable_artifact(data_dir: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODERATION_MODELS_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        options = TrainOptions(data_dir=data_dir, out_dir=tmp_path, seed=7, baseline=False, fairness=False,
                               max_train_rows=1500, progress=False, model_params=SMALL)
        result = train(options)
        assert (tmp_path / "current").read_text().strip() == result.stem
        card = json.loads((tmp_path / f"{result.stem}.json").read_text())
        assert {"c3", "toxic_spans", "ucc", "kaggle_insults", "sfu_ctc"} <= set(card["data"])
        assert card["metrics"]["ours"]["sfu_ctc:test"]["incivility"]["n"] > 1000
        assert set(card["thresholds"]) == {label.value for label in INCIVILITY_LABELS}
        moderator = Moderator.load()
        assert moderator.version == result.stem
        again = train(TrainOptions(**{**options.__dict__, "out_dir": tmp_path / "again"}))
        assert again.card["metrics"] == card["metrics"]
    finally:
        get_settings.cache_clear()
