"""`CompiledIncivility`: a fitted `IncivilityModel` scored by the compiled kernel instead of scikit-learn.

Built from the artifact at load time (nothing new is stored, so every existing artifact gets the fast path).
It reads the featurizer's parameters, IDF vectors, stacked head weights and calibration tables, and refuses
(raises `ValueError`, the caller then keeps the scikit-learn path) a featurizer it cannot reproduce exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from sklearn.utils import murmurhash3_32

from moderation.features import _SECOND_PERSON, CUE_NAMES, valence_lexicon
from moderation.incivility.explain import explain_by_occlusion
from moderation.inference.kernel import score_batch
from moderation.inference.normalise import normalise_batch
from moderation.text import WORD_PATTERN
from moderation.types import Label, Span


@lru_cache(maxsize=1)
def lexicon_arrays() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """VADER's lexicon as (sorted murmur hashes, byte offsets, UTF-8 bytes, valences) for the kernel."""
    items = []
    for word, value in valence_lexicon().items():
        key = word.encode("utf-8")
        items.append((murmurhash3_32(key, seed=0, positive=False), key, value))
    items.sort(key=lambda item: item[0])
    hashes = np.array([h for h, _, _ in items], dtype=np.int64)
    starts = np.cumsum([0] + [len(k) for _, k, _ in items]).astype(np.int64)
    data = np.frombuffer(b"".join(k for _, k, _ in items), dtype=np.uint8).copy()
    values = np.array([v for _, _, v in items], dtype=np.float64)
    return hashes, starts, data, values


def _utf8_batch(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    encoded = [t.encode("utf-8") for t in texts]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)), out=offsets[1:])
    buffer = np.frombuffer(b"".join(encoded) + b"\0\0\0\0", dtype=np.uint8)
    return buffer, offsets


class CompiledIncivility:
    """Same decision values and probabilities as `IncivilityModel`, from the compiled kernel."""

    def __init__(self, model: object) -> None:
        featurizer = model.featurizer_  # type: ignore[attr-defined]
        hashers = featurizer._hashers()
        word = hashers[0]
        if word.analyzer != "word" or word.token_pattern != WORD_PATTERN.pattern or word.lowercase:
            raise ValueError("The word hasher differs from the one the kernel reproduces.")
        if len(hashers) > 1 and (hashers[1].analyzer != "char_wb" or hashers[1].lowercase):
            raise ValueError("The char hasher differs from the one the kernel reproduces.")
        if any(h.alternate_sign or h.norm is not None for h in hashers):
            raise ValueError("Hashers with alternate signs or norms are not reproduced by the kernel.")
        self.model = model
        self.featurizer = featurizer
        self.word_range = tuple(int(v) for v in featurizer.word_ngrams)
        self.char_range = tuple(int(v) for v in featurizer.char_ngrams) if len(hashers) > 1 else (1, 1)
        self.n_word = int(featurizer.n_word_features)
        self.n_char = int(featurizer.n_char_features) if len(hashers) > 1 else 0
        self.n_cues = int(getattr(featurizer, "n_cues_", 6)) if featurizer.lexical_cues else 0
        if self.n_cues > len(CUE_NAMES):
            raise ValueError("The featurizer has more cues than the kernel computes.")
        # the model's own arrays, not copies (a copy only if an old artifact stored another dtype/layout)
        self.weights = np.ascontiguousarray(model.coef_, dtype=np.float32)  # type: ignore[attr-defined]
        self.n_labels = self.weights.shape[1]
        self.idf_word = np.ascontiguousarray(featurizer.idf_[0], dtype=np.float32)
        self.idf_char = (np.ascontiguousarray(featurizer.idf_[1], dtype=np.float32) if self.n_char
                         else np.zeros(0, dtype=np.float32))
        if (self.weights.shape[0] < self.n_word + self.n_char + self.n_cues or len(self.idf_word) != self.n_word
                or len(self.idf_char) != self.n_char):
            raise ValueError("coef_/idf_ do not match the featurizer's sizes.")
        self.intercept = np.asarray(model.intercept_, dtype=np.float64)  # type: ignore[attr-defined]
        self.lexicon = lexicon_arrays()

    def decision_normalised(self, normalised: Sequence[str], originals: Sequence[str]) -> np.ndarray:
        """Decision values for texts already normalised by `moderation.text.normalise`."""
        neutral = self.featurizer._neutralise(normalised)
        second = np.fromiter((_SECOND_PERSON.search(t) is not None for t in neutral), dtype=np.bool_,
                             count=len(neutral))
        norm_buf, norm_off = _utf8_batch(neutral)
        orig_buf, orig_off = _utf8_batch(originals) if self.n_cues else (np.zeros(4, np.uint8), norm_off)
        out = score_batch(norm_buf, norm_off, orig_buf, orig_off, second, self.word_range, self.char_range,
                          self.n_word, self.n_char, self.idf_word, self.idf_char, self.weights,
                          self.n_labels, self.n_cues,
                          float(self.featurizer.cue_scale), *self.lexicon)
        return out + self.intercept

    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        return self.decision_normalised(normalise_batch(texts), texts)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.model.calibrate(self.decision_function(texts))  # type: ignore[attr-defined]

    def explain(self, text: str) -> dict[Label, tuple[Span, ...]]:
        """The component's occlusion explanation, with every occluded copy scored by the kernel."""
        return explain_by_occlusion(text, self.model.labels_, self.decision_normalised)  # type: ignore[attr-defined]
