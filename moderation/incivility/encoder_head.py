"""The encoder component: the fine-tuned MiniLM's label logits, calibrated per label.

Its input is `moderation.text.normalise(text)`, the same de-obfuscated, lower-cased text the n-gram
component sees (MiniLM's vocabulary is uncased), so an evasion the normaliser undoes is undone for both.
Calibration is Platt scaling per label on rows the encoder never trained on (`calibration_` = (a, b):
p = sigmoid(a * logit + b)); two parameters hold up on rare labels where isotonic steps would not.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator

from moderation.encoder import OnnxEncoder
from moderation.text import normalise
from moderation.types import Label


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))


class EncoderIncivility(BaseEstimator):
    """`predict_proba(texts) -> (n, len(labels_))`; `logits(texts)` the raw heads; scikit-learn conventions."""

    def __init__(self, encoder: OnnxEncoder, labels: tuple[Label, ...],
                 calibration: Sequence[tuple[float, float]] | None = None) -> None:
        self.encoder = encoder
        self.labels = labels
        self.calibration = calibration

    @property
    def labels_(self) -> tuple[Label, ...]:
        return tuple(Label(label) for label in self.labels)

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        logits, _ = self.encoder.run([normalise(str(t)) for t in texts])
        return logits.astype(np.float64)

    def calibrate(self, logits: np.ndarray) -> np.ndarray:
        if self.calibration is None:
            return sigmoid(logits)
        a = np.array([c[0] for c in self.calibration])
        b = np.array([c[1] for c in self.calibration])
        return sigmoid(logits * a + b)

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        return self.calibrate(self.logits(X))
