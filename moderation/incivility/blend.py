"""The shipped incivility component: the n-gram model and the fine-tuned encoder, blended per label.

p = calibrate_j(w_j * p_encoder_j + (1 - w_j) * p_ngram_j). Averaging the two calibrated probabilities was
best or near best on every corpus from other sites in the issue's experiment; the weight `w_j` is chosen
per label on validation rows (`moderation.encoder_training.blend_fit`), and the final Platt calibration
`calibration_` maps the blend back to probabilities on the same rows. The n-gram part keeps its compiled
fast path; explanations come from `explainer` when one is attached (encoder token spans), else from the
n-gram occlusion.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator

from moderation.config import fast_path_enabled
from moderation.incivility.encoder_head import EncoderIncivility, sigmoid
from moderation.types import Label, Span


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


class BlendedIncivility(BaseEstimator):
    def __init__(self, ngram: Any, encoder: EncoderIncivility, weights: Sequence[float],
                 calibration: Sequence[tuple[float, float]], explainer: Any = None) -> None:
        self.ngram = ngram
        self.encoder = encoder
        self.weights = weights
        self.calibration = calibration
        self.explainer = explainer

    @property
    def labels_(self) -> tuple[Label, ...]:
        return tuple(self.ngram.labels_)

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_fast_ngram"}

    def _ngram_scorer(self) -> Any:
        """The compiled n-gram kernel when available (same numbers), else the fitted component."""
        fast = self.__dict__.get("_fast_ngram")
        if fast is None:
            fast = self.ngram
            if fast_path_enabled():
                try:
                    from moderation.inference.incivility import CompiledIncivility

                    fast = CompiledIncivility(self.ngram)
                except (ImportError, ValueError):
                    fast = self.ngram
            self.__dict__["_fast_ngram"] = fast
        return fast

    def parts(self, X: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(n-gram probabilities, encoder probabilities), each calibrated on its own."""
        texts = [str(t) for t in X]
        return np.asarray(self._ngram_scorer().predict_proba(texts)), self.encoder.predict_proba(texts)

    def combine(self, ngram: np.ndarray, encoder: np.ndarray) -> np.ndarray:
        w = np.asarray(self.weights, dtype=np.float64)
        blended = w * encoder + (1.0 - w) * ngram
        a = np.array([c[0] for c in self.calibration])
        b = np.array([c[1] for c in self.calibration])
        return sigmoid(_logit(blended) * a + b)

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        if len(X) == 0:
            return np.zeros((0, len(self.labels_)))
        return self.combine(*self.parts(X))

    def explain(self, text: str) -> dict[Label, tuple[Span, ...]]:
        if self.explainer is not None:
            return dict(self.explainer.explain(text))
        return dict(self._ngram_scorer().explain(text))
