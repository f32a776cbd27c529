"""Metric functions against scikit-learn and hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score

from moderation.evaluation.metrics import (
    average_precision,
    expected_calibration_error,
    f1_at,
    label_metrics,
    reliability_bins,
    roc_auc,
)

RNG = np.random.default_rng(7)
Y_RANDOM = RNG.integers(0, 2, 200).astype(float)
P_RANDOM = np.clip(Y_RANDOM * 0.3 + RNG.random(200) * 0.7, 0, 1)

CASES = [
    pytest.param([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], id="textbook"),
    pytest.param([1, 0, 1, 0, 1], [0.9, 0.1, 0.8, 0.3, 0.2], id="one-miss"),
    pytest.param(Y_RANDOM, P_RANDOM, id="random-200"),
]


@pytest.mark.parametrize(("y", "p"), CASES)
def test_ranking_metrics_match_sklearn(y: list[float], p: list[float]) -> None:
    assert roc_auc(y, p) == pytest.approx(roc_auc_score(y, p))
    assert average_precision(y, p) == pytest.approx(average_precision_score(y, p))


@pytest.mark.parametrize("threshold", [0.25, 0.5, 0.75], ids=["t0.25", "t0.50", "t0.75"])
@pytest.mark.parametrize(("y", "p"), CASES)
def test_f1_at_threshold_matches_sklearn(y: list[float], p: list[float], threshold: float) -> None:
    expected = f1_score(y, (np.asarray(p) >= threshold).astype(int), zero_division=0.0)
    assert f1_at(y, p, threshold) == pytest.approx(expected)


def test_hand_computed_values() -> None:
    y, p = [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]
    assert roc_auc(y, p) == pytest.approx(0.75)
    assert f1_at(y, p, 0.3) == pytest.approx(0.8)  # predicted 1 for 3 rows, 2 right: P=2/3, R=1


@pytest.mark.parametrize(
    ("y", "p"),
    [pytest.param([1, 1, 1], [0.2, 0.5, 0.9], id="only-positives"), pytest.param([], [], id="empty")],
)
def test_undefined_ranking_metrics_are_nan(y: list[float], p: list[float]) -> None:
    assert math.isnan(roc_auc(y, p))
    assert math.isnan(average_precision(y, p))


def test_missing_labels_are_dropped_not_negative() -> None:
    y = [1, np.nan, 0, np.nan, 1, 0]
    p = [0.9, 0.99, 0.1, 0.0, 0.8, 0.2]
    assert roc_auc(y, p) == pytest.approx(1.0)
    assert label_metrics(y, p, 0.5).n == 4


def test_shape_mismatch_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="differ in shape"):
        roc_auc([0, 1], [0.5])


def test_ece_is_near_zero_on_perfectly_calibrated_data() -> None:
    rng = np.random.default_rng(0)
    p = rng.random(200_000)
    y = (rng.random(p.size) < p).astype(float)
    assert expected_calibration_error(y, p) < 0.01


def test_ece_of_an_overconfident_model_is_the_gap() -> None:
    p = np.full(1000, 0.9)
    y = np.r_[np.ones(500), np.zeros(500)]
    assert expected_calibration_error(y, p) == pytest.approx(0.4)


def test_reliability_bins_count_every_row_including_probability_one() -> None:
    bins = reliability_bins([0, 1, 1, 0], [0.0, 1.0, 0.95, 0.05], n_bins=10)
    assert sum(bins.counts) == 4
    assert bins.counts[0] == 2 and bins.counts[-1] == 2
    assert bins.observed_rate[-1] == pytest.approx(1.0)
    assert math.isnan(bins.mean_predicted[5])


def test_claim_type_macro_f1_uses_the_most_probable_annotated_type() -> None:
    from moderation.evaluation.claim_types import claim_type_macro_f1
    from moderation.types import Label

    truth = {Label.CLAIM_VALUE: np.array([1.0, 0, 0, 1]), Label.CLAIM_FACT: np.array([0.0, 1, 1, 0]),
             Label.CLAIM_NONE: np.zeros(4)}
    perfect = {Label.CLAIM_VALUE: np.array([0.9, 0.2, 0.1, 0.6]), Label.CLAIM_FACT: np.array([0.1, 0.8, 0.9, 0.4]),
               Label.CLAIM_NONE: np.ones(4)}  # not annotated by the split, so never predicted
    assert claim_type_macro_f1(truth, perfect) == pytest.approx(1.0)
    one_wrong = dict(perfect) | {Label.CLAIM_FACT: np.array([0.1, 0.8, 0.05, 0.4])}
    # truth V F F V, predicted V F V V: F1(value)=0.8, F1(fact)=2/3
    assert claim_type_macro_f1(truth, one_wrong) == pytest.approx((0.8 + 2 / 3) / 2)
    assert math.isnan(claim_type_macro_f1(truth, {Label.CLAIM_VALUE: np.ones(4)}))
