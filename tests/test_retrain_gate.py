"""The promotion gate on hand-made measurements: promote only with a held-out gain and no regression."""

from __future__ import annotations

import copy

import pytest

from moderation.retrain.config import GateConfig
from moderation.retrain.gate import decide

CONFIG = GateConfig(tolerance=0.01, min_gain=0.005)


def m(auc: float, ap: float = 0.5, n: int = 400, positives: int = 80) -> dict:
    return {"n": n, "positives": positives, "roc_auc": auc, "average_precision": ap}


CURRENT = {
    "splits": {
        "validation": {"incivility": m(0.84)},
        "c3:test": {"incivility": m(0.68), "threat": m(0.70, positives=5)},
        "toxic_spans:test": {"incivility": m(0.65, ap=0.97, n=2000, positives=1900)},
        "feedback:held_out": {"incivility": m(0.60, n=300, positives=60)},
    },
    "fairness": {"min_bpsn_auc": 0.93, "min_subgroup_auc": 0.90},
}


def candidate(**changes: float) -> dict:
    """CURRENT with some numbers changed: key 'split|label|metric' or 'fairness|metric'."""
    out = copy.deepcopy(CURRENT)
    for key, value in changes.items():
        parts = key.split("__")
        if parts[0] == "fairness":
            out["fairness"][parts[1]] = value
        else:
            out["splits"][parts[0].replace("_test", ":test").replace("feedback", "feedback:held_out")
                          .replace("toxic:test", "toxic_spans:test")][parts[1]][parts[2]] = value
    return out


def test_promotes_a_candidate_that_improves_the_held_out_slice_without_regressions():
    decision = decide(CURRENT, candidate(feedback__incivility__roc_auc=0.70, c3_test__incivility__roc_auc=0.675),
                      CONFIG)
    assert decision.promote, decision.reasons
    assert all(c.passed for c in decision.checks)


@pytest.mark.parametrize(("changes", "failed"), [
    ({}, "feedback:held_out incivility roc_auc"),
    ({"feedback__incivility__roc_auc": 0.604}, "feedback:held_out incivility roc_auc"),
    ({"feedback__incivility__roc_auc": 0.7, "c3_test__incivility__roc_auc": 0.66}, "c3:test incivility roc_auc"),
    ({"feedback__incivility__roc_auc": 0.7, "toxic_test__incivility__average_precision": 0.95},
     "toxic_spans:test incivility average_precision"),
    ({"feedback__incivility__roc_auc": 0.7, "fairness__min_bpsn_auc": 0.91}, "fairness min_bpsn_auc"),
    ({"feedback__incivility__roc_auc": 0.7, "fairness__min_subgroup_auc": float("nan")}, "fairness min_subgroup_auc"),
], ids=["no-gain", "gain-below-minimum", "frozen-auc-drop", "frozen-ap-drop", "fairness-drop", "fairness-unknown"])
def test_refuses_and_says_why(changes, failed):
    decision = decide(CURRENT, candidate(**changes), CONFIG)
    assert not decision.promote
    assert [c.name for c in decision.checks if not c.passed] == [failed]
    assert any(reason.startswith(failed) for reason in decision.reasons)


def test_a_drop_within_tolerance_passes_and_labels_with_few_positives_are_not_gated():
    decision = decide(CURRENT, candidate(feedback__incivility__roc_auc=0.7, c3_test__incivility__roc_auc=0.671,
                                         c3_test__threat__roc_auc=0.2), CONFIG)
    assert decision.promote
    assert not any("threat" in c.name for c in decision.checks)
    assert not any(c.name.startswith("validation") for c in decision.checks)


@pytest.mark.parametrize(("n", "positives"), [(40, 20), (300, 5), (300, 295)], ids=["few-rows", "few-uncivil",
                                                                                   "few-civil"])
def test_refuses_when_the_held_out_slice_is_too_small_to_judge(n, positives):
    now = copy.deepcopy(CURRENT)
    now["splits"]["feedback:held_out"]["incivility"].update(n=n, positives=positives)
    new = copy.deepcopy(now)
    new["splits"]["feedback:held_out"]["incivility"]["roc_auc"] = 0.9
    decision = decide(now, new, CONFIG)
    assert not decision.promote
    assert [c.name for c in decision.checks if not c.passed] == ["feedback:held_out size"]


def test_refuses_without_any_held_out_feedback():
    now = copy.deepcopy(CURRENT)
    del now["splits"]["feedback:held_out"]
    decision = decide(now, now, CONFIG)
    assert not decision.promote and "held-out feedback" in decision.reasons[0]


@pytest.mark.parametrize("bad", [{"tolerance": -0.1}, {"feedback_weight": 0}, {"holdout_fraction": 1.0}],
                         ids=["tolerance", "weight", "holdout"])
def test_nonsense_configuration_is_refused(bad):
    from moderation.errors import InvalidInput

    with pytest.raises(InvalidInput):
        GateConfig(**bad)


def test_configuration_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("MODERATION_RETRAIN_TOLERANCE", "0.02")
    monkeypatch.setenv("MODERATION_RETRAIN_FEEDBACK_WEIGHT", "3")
    config = GateConfig.from_env()
    assert (config.tolerance, config.feedback_weight, config.min_gain) == (0.02, 3.0, 0.005)
