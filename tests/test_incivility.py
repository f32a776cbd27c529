"""The incivility component: estimator conventions, masked targets, calibrated output, explanations."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from tiny_incivility import tiny_model, tiny_training_set

from moderation.features import CommentFeaturizer
from moderation.incivility import IncivilityModel
from moderation.incivility.component import DEFAULT_HEAD_PARAMS, NEUTRAL_EXEMPT
from moderation.incivility.heads import calibration_table
from moderation.incivility.identity import balance_weights, term_masks
from moderation.types import INCIVILITY_LABELS, Label


@pytest.fixture(scope="module")
def model() -> IncivilityModel:
    return tiny_model()


def test_init_only_stores_params_and_clone_works() -> None:
    estimator = IncivilityModel(C=2.0, char_ngrams=None)
    assert estimator.get_params()["C"] == 2.0
    assert clone(estimator).get_params() == estimator.get_params()
    assert not hasattr(estimator, "coef_")


def test_probabilities_have_one_calibrated_column_per_label(model: IncivilityModel) -> None:
    p = model.predict_proba(["you stupid idiot", "thanks for the article", ""])
    assert p.shape == (3, len(INCIVILITY_LABELS))
    assert ((p >= 0) & (p <= 1)).all()
    assert model.labels_ == INCIVILITY_LABELS
    assert p[0, 0] > p[1, 0]


def test_stacked_heads_equal_one_matrix_product(model: IncivilityModel) -> None:
    texts = ["you stupid idiot", "the vote was close"]
    features = model.featurizer_.transform(texts)
    assert np.allclose(model.decision_function(texts), features @ model.coef_ + model.intercept_, atol=1e-5)
    assert model.coef_.dtype == np.float32


def test_unknown_targets_are_ignored_not_negative() -> None:
    texts, targets = tiny_training_set()
    masked = targets.copy()
    masked[1::2, 2] = np.nan
    fitted = IncivilityModel(n_word_features=2**10, n_char_features=2**10, folds=2).fit(texts, masked)
    assert fitted.head_stats_[Label.PROFANITY.value]["rows"] == int((~np.isnan(masked[:, 2])).sum())


@pytest.mark.parametrize(
    ("bad", "message"),
    [(np.full((40, 5), 0.0), "shape"), (np.full((40, 6), 2.0), "1, 0 or NaN")],
    ids=["wrong-shape", "not-binary"],
)
def test_fit_rejects_bad_targets(bad: np.ndarray, message: str) -> None:
    texts, _ = tiny_training_set()
    with pytest.raises(ValueError, match=message):
        IncivilityModel(n_word_features=2**10, n_char_features=2**10).fit(texts, bad)


def test_obfuscated_insult_scores_like_the_clean_one(model: IncivilityModel) -> None:
    clean, obfuscated = model.predict_proba(["you idiot", "you 1.d.1.0.t"])[:, 0]
    assert abs(clean - obfuscated) < 0.1


@pytest.mark.parametrize("text", ["You are an 1d10t and a m o r o n!", "What a STUPID idiiiot.",
                                  "ｙｏｕ ｍｏｒｏｎ", "thanks, nice piece"], ids=["leet-spaced", "caps", "wide", "civil"])
def test_explanation_spans_point_at_original_words(model: IncivilityModel, text: str) -> None:
    spans = model.explain(text)
    assert set(spans) == set(INCIVILITY_LABELS)
    for label_spans in spans.values():
        for span in label_spans:
            assert text[span.start : span.end] == span.text
            assert span.weight > 0


def test_explanation_highlights_the_insult(model: IncivilityModel) -> None:
    text = "I read it, and you are a m.o.r.o.n"
    top = model.explain(text)[Label.INCIVILITY]
    assert any(span.text == "m.o.r.o.n" for span in top)


def test_featurizer_switches_off_expensive_parts() -> None:
    featurizer = CommentFeaturizer(n_word_features=2**10, char_ngrams=None, lexical_cues=False).fit(["a b"])
    assert featurizer.transform(["a b c"]).shape == (1, 2**10)


def test_calibration_table_is_monotone() -> None:
    rng = np.random.default_rng(0)
    scores = rng.normal(size=400)
    y = (scores + rng.normal(scale=0.5, size=400) > 0).astype(int)
    xs, ys = calibration_table(scores, y)
    assert (np.diff(ys) >= -1e-12).all() and (np.diff(xs) >= 0).all()


def test_identity_balancing_upweights_civil_mentions() -> None:
    texts = ["gay people are great"] * 30 + ["gay idiot"] * 30 + ["hello there"] * 60
    y = np.array([0.0] * 30 + [1.0] * 30 + [0.0] * 60)
    weights = balance_weights(term_masks(texts), y, np.ones(len(y)))
    assert weights[0] > 1.0 and weights[30] == 1.0 and weights[-1] == 1.0


def test_long_comments_are_explained_window_by_window(model: IncivilityModel) -> None:
    text = "the council met today. " * 150 + "you are an idiot"
    spans = model.explain(text)[Label.INCIVILITY]
    assert any("idiot" in span.text and span.start > 3000 for span in spans)


def test_neutral_identity_gives_group_names_no_weight() -> None:
    texts, targets = tiny_training_set()
    texts = [*texts, "gay idiot", "muslim moron"]
    targets = np.vstack([targets, targets[:2]])
    fitted = IncivilityModel(n_word_features=2**12, n_char_features=2**12, folds=2, neutral_identity=True)
    fitted.fit(texts, targets)
    groups = fitted.decision_function(["gay people", "muslim people", "christian people"])
    assert np.allclose(groups[0], groups[1]) and np.allclose(groups[1], groups[2])
    placeholder = fitted.coef_[fitted.featurizer_.neutral_feature_indices()]
    exempt = [j for j, label in enumerate(fitted.labels_) if label.value in NEUTRAL_EXEMPT]
    zeroed = [j for j in range(len(fitted.labels_)) if j not in exempt]
    assert np.allclose(placeholder[:, zeroed], 0.0)
    assert Label.INCIVILITY.value not in NEUTRAL_EXEMPT
    assert not np.allclose(placeholder[:, exempt], 0.0)


def test_every_head_can_be_zeroed_when_nothing_is_exempt() -> None:
    texts, targets = tiny_training_set()
    fitted = IncivilityModel(n_word_features=2**12, n_char_features=2**12, folds=2, neutral_exempt=())
    fitted.fit([*texts, "gay idiot"], np.vstack([targets, targets[:1]]))
    assert np.allclose(fitted.coef_[fitted.featurizer_.neutral_feature_indices()], 0.0)


@pytest.mark.parametrize(("head_params", "C", "nb"), [
    (None, DEFAULT_HEAD_PARAMS["incivility"]["C"], DEFAULT_HEAD_PARAMS["incivility"]["nb"]),
    ({}, 1.0, True),
    ({"incivility": {"C": 0.5}}, 0.5, True),
], ids=["defaults", "none", "override"])
def test_head_params_override_c_and_nb_per_label(head_params: dict[str, dict[str, float]] | None, C: float,
                                                 nb: bool) -> None:
    model = IncivilityModel(head_params=head_params)
    assert model._head_settings(Label.INCIVILITY) == (C, nb)
    assert model._head_settings(Label.THREAT) == (1.0, True)


@pytest.mark.parametrize("head_params", [{"sarcasm": {"C": 1.0}}, {"incivility": {"alpha": 1.0}}],
                         ids=["unknown-label", "unknown-setting"])
def test_head_params_reject_unknown_names(head_params: dict[str, dict[str, float]]) -> None:
    with pytest.raises(ValueError, match="head_params"):
        IncivilityModel(head_params=head_params)._head_settings(Label.INCIVILITY)
