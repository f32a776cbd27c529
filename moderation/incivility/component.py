"""The incivility component: texts -> calibrated probabilities for the six incivility labels.

All heads share one `CommentFeaturizer` matrix; their folded NB-LR weights are stacked column-wise into
`coef_` (n_features x n_labels, float32), so scoring is one sparse-dense product plus one `np.interp` per
head. Targets are an (n, k) array with NaN where a corpus does not annotate a label; each head trains only
on its known rows (missing is not negative).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from tqdm.auto import tqdm

from moderation.features import CommentFeaturizer
from moderation.incivility.explain import explain_by_occlusion
from moderation.incivility.heads import fit_head
from moderation.incivility.identity import IDENTITY_TERMS
from moderation.types import INCIVILITY_LABELS, Label, Span

DEFAULT_HEAD_PARAMS: dict[str, dict[str, float | bool]] = {"incivility": {"nb": False, "C": 3.0}}
"""Per-head overrides of `C` / `nb`, chosen by leave-one-corpus-out validation (docs in the model card):
plain L2 logistic regression with weaker regularisation generalises better *across corpora* for the
broad incivility label (validation AUC on held-out C3 / UCC +0.01 / +0.03), while the NB-weighting
stays better for the narrow sub-types, whose cue words are few and specific."""
NEUTRAL_EXEMPT: tuple[str, ...] = ("identity_attack",)
"""Heads left out of both identity-term mitigations (zeroed placeholder here, civil-mention re-weighting in
`moderation.train.training_weights`): attacking a group means naming it, so the mitigations cost
identity_attack most of its signal (ToxicSpans validation AUC 0.82 without them; 0.71 with the placeholder
zeroed; 0.67 re-weighted but not zeroed). The incivility head, the one that decides and is audited for bias
(`fairness` in the card), keeps both."""


class IncivilityModel(ClassifierMixin, BaseEstimator):
    """Multi-label incivility scorer (scikit-learn conventions: args stored in `__init__`, state ends in `_`).

    `fit(texts, targets, sample_weight=None)`: `targets` is (n, len(labels)) with 1/0/NaN; `sample_weight`
    is (n,) or (n, len(labels)) (per-head weights, e.g. identity-term balancing).
    `predict_proba(texts) -> (n, len(labels))` calibrated probabilities, columns in `labels_` order.
    `decision_function(texts)` raw linear scores; `explain(text)` spans per label.
    `neutral_identity`: identity terms share one placeholder whose own features get zero weight, so
    mentioning a group is never evidence of incivility by itself (bias mitigation, Dixon et al. 2018);
    heads named in `neutral_exempt` (default `NEUTRAL_EXEMPT`) keep those weights.
    `head_params`: per-label overrides of `C` and `nb` (default `DEFAULT_HEAD_PARAMS`; `{}` for none).
    """

    def _head_settings(self, label: Label) -> tuple[float, bool]:
        overrides = DEFAULT_HEAD_PARAMS if self.head_params is None else self.head_params
        unknown = set(overrides) - {Label(label).value for label in self.labels}
        if unknown and self.head_params is not None:
            raise ValueError(f"head_params names labels this model does not have: {sorted(unknown)}.")
        chosen = overrides.get(label.value, {})
        if set(chosen) - {"C", "nb"}:
            raise ValueError(f"head_params[{label.value!r}] may only set 'C' and 'nb', got {sorted(chosen)}.")
        return float(chosen.get("C", self.C)), bool(chosen.get("nb", self.nb))

    def __init__(self, labels: tuple[Label, ...] = INCIVILITY_LABELS, C: float = 1.0, nb: bool = True,
                 folds: int = 3, n_word_features: int = 2**19, n_char_features: int = 2**19,
                 word_ngrams: tuple[int, int] = (1, 3), char_ngrams: tuple[int, int] | None = (3, 5),
                 lexical_cues: bool = True, neutral_identity: bool = True, random_state: int = 0,
                 progress: bool = False, head_params: dict[str, dict[str, float | bool]] | None = None,
                 neutral_exempt: tuple[str, ...] | None = None) -> None:
        self.labels = labels
        self.C = C
        self.nb = nb
        self.folds = folds
        self.n_word_features = n_word_features
        self.n_char_features = n_char_features
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.lexical_cues = lexical_cues
        self.neutral_identity = neutral_identity
        self.random_state = random_state
        self.progress = progress
        self.head_params = head_params
        self.neutral_exempt = neutral_exempt

    def _validate_targets(self, texts: list[str], y: object) -> np.ndarray:
        targets = np.asarray(y, dtype=np.float64)
        if targets.ndim == 1:
            targets = targets[:, None]
        if targets.shape != (len(texts), len(self.labels)):
            raise ValueError(f"targets must have shape (n_texts, {len(self.labels)}), got {targets.shape}.")
        known = targets[~np.isnan(targets)]
        if not np.isin(known, (0.0, 1.0)).all():
            raise ValueError("targets must be 1, 0 or NaN (unknown).")
        return targets

    def fit(self, X: Sequence[str], y: object, sample_weight: object = None,
            calibration: tuple[Sequence[str], object] | None = None) -> IncivilityModel:
        """Fit every head on its known rows; calibrate on `calibration` = (texts, targets) when given.

        Heads whose calibration rows hold too few of either class calibrate on out-of-fold predictions.
        """
        texts = [str(text) for text in X]
        targets = self._validate_targets(texts, y)
        weights = np.ones_like(targets) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        if weights.ndim == 1:
            weights = np.repeat(weights[:, None], targets.shape[1], axis=1)
        self.featurizer_ = CommentFeaturizer(
            self.n_word_features, self.n_char_features, self.word_ngrams, self.char_ngrams, self.lexical_cues,
            neutral_terms=IDENTITY_TERMS if self.neutral_identity else None,
        ).fit(texts)
        features = self.featurizer_.transform(texts)
        held_features, held_targets = None, None
        if calibration is not None:
            held_texts = [str(text) for text in calibration[0]]
            held_targets = self._validate_targets(held_texts, calibration[1])
            held_features = self.featurizer_.transform(held_texts)
        coef = np.zeros((features.shape[1], len(self.labels)), dtype=np.float32)
        intercept = np.zeros(len(self.labels), dtype=np.float32)
        self.calibration_: list[tuple[np.ndarray, np.ndarray]] = []
        self.head_stats_: dict[str, dict[str, int]] = {}
        for j, label in enumerate(tqdm(self.labels, desc="heads", disable=not self.progress)):
            known = ~np.isnan(targets[:, j])
            held = None
            if held_features is not None and held_targets is not None:
                held_known = ~np.isnan(held_targets[:, j])
                held = (held_features[held_known], held_targets[held_known, j])
            C, nb = self._head_settings(label)
            head = fit_head(features[known], targets[known, j], weights[known, j], C=C, nb=nb,
                            folds=self.folds, seed=self.random_state, calibration=held)
            coef[:, j], intercept[j] = head.weights, head.bias
            self.calibration_.append((head.calibration_x, head.calibration_y))
            self.head_stats_[label.value] = {"rows": head.n_rows, "positive": head.n_positive}
        if self.neutral_identity:
            exempt = NEUTRAL_EXEMPT if self.neutral_exempt is None else self.neutral_exempt
            zeroed = [j for j, label in enumerate(self.labels) if label.value not in exempt]
            coef[np.ix_(self.featurizer_.neutral_feature_indices(), zeroed)] = 0.0
        self.coef_, self.intercept_ = coef, intercept
        self.labels_ = tuple(Label(label) for label in self.labels)
        self.classes_ = np.array([label.value for label in self.labels_])
        return self

    def _decision_from_features(self, features: object) -> np.ndarray:
        return np.asarray(features @ self.coef_) + self.intercept_

    def decision_function(self, X: Sequence[str]) -> np.ndarray:
        return self._decision_from_features(self.featurizer_.transform(list(X)))

    def calibrate(self, decision: np.ndarray) -> np.ndarray:
        out = np.empty_like(decision, dtype=np.float64)
        for j, (xs, ys) in enumerate(self.calibration_):
            out[:, j] = np.interp(decision[:, j], xs, ys)
        return out

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        return self.calibrate(self.decision_function(X))

    def predict(self, X: Sequence[str]) -> np.ndarray:
        return (self.predict_proba(X) >= 0.5).astype(np.int64)

    def explain(self, text: str) -> dict[Label, tuple[Span, ...]]:
        def decision(normalised: list[str], originals: list[str]) -> np.ndarray:
            return self._decision_from_features(self.featurizer_.transform_normalised(normalised, originals))

        return explain_by_occlusion(text, self.labels_, decision)
