"""`ClaimComponent`: which sentences assert something, of what kind, and whether the comment backs them.

Per sentence: claim-type probabilities (value/policy/fact/testimony/reference/none) and
P(unsupported) = P(value, policy or fact) x P(no reason/evidence in the comment | claim). Per text:
`unsupported_claim` aggregates its sentences (how: chosen on C3 validation articles, see
`aggregation.py`), and the six
`claim_*` columns type the text as one unit (what a single-proposition corpus would ask for).
All sentences of a batch go through the vectorisers in one pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.model_selection import GroupKFold

from moderation.claims.aggregation import CueShift, aggregate, comment_cues
from moderation.claims.features import CUE_NAMES, non_assertion_mask, support_cues
from moderation.claims.heads import (
    TYPE_TO_GROUP,
    TYPES,
    TypeHead,
    Units,
    fit_support,
    make_vectorizers,
    support_features,
    text_matrix,
    type_features,
)
from moderation.claims.sentences import sentence_spans
from moderation.errors import InvalidInput
from moderation.types import CLAIM_LABELS, ClaimType, Sentence, Support

NONE_PROBABILITY = 0.9
_CLAIM_COLUMNS = [TYPES.index(t) for t in ("value", "policy", "fact")]


class ClaimComponent(BaseEstimator):
    """Sentence claim types and support, aggregated to `CLAIM_LABELS` probabilities per text."""

    def __init__(self, type_c: float = 10.0, support_c: float = 1.0, aggregation: str = "mean",
                 n_folds: int = 3, matcher: object = None, random_state: int = 0) -> None:
        self.type_c = type_c
        self.support_c = support_c
        self.aggregation = aggregation
        self.n_folds = n_folds
        self.matcher = matcher
        self.random_state = random_state

    def fit(self, units: pd.DataFrame, y: None = None) -> ClaimComponent:
        """Fit on proposition rows: `text`, `doc` (comment id; rows of a comment contiguous, in order),
        `claim_type` (a CDCP type, or `unverifiable` for value-or-policy), `supported` (1/0, NaN = not
        annotated); optional `fold_group` keeps related rows in one cross-validation fold. Also sets
        `threshold_` (unsupported status) from out-of-fold predictions."""
        missing = {"text", "doc", "claim_type", "supported"} - set(units.columns)
        if missing:
            raise InvalidInput(f"fit() needs columns {sorted(missing)}; see ClaimComponent.fit's docstring.")
        self.__dict__.pop("_last_batch", None)
        self.labels_ = CLAIM_LABELS
        self.vectorizers_ = make_vectorizers(char_ngrams=False)
        for vectorizer in self.vectorizers_:
            vectorizer.fit(units.text)
        data = Units.build(units.text.tolist(), pd.factorize(units.doc)[0])
        folds = pd.factorize(units["fold_group"] if "fold_group" in units else units.doc)[0]
        x_text = text_matrix(self.vectorizers_, data.texts)
        x_type = type_features(x_text, data)
        group = units.claim_type.map(TYPE_TO_GROUP).to_numpy()
        ctype = units.claim_type.to_numpy()
        self.type_head_ = TypeHead.fit(x_type, group, ctype, self.type_c, self.random_state)
        type_oof = np.zeros((len(units), len(TYPES)))
        for train, test in GroupKFold(self.n_folds).split(x_type, groups=folds):
            fold = TypeHead.fit(x_type[train], group[train], ctype[train], self.type_c, self.random_state)
            type_oof[test] = fold.predict_proba(x_type[test])
        self.type_oof_ = type_oof
        self.support_model_, self.unsupported_oof_ = self._fit_support(units, data, x_text, type_oof, folds)
        typed = units.claim_type.isin(TYPES).to_numpy()
        unsupported = units.claim_type.isin(["value", "policy", "fact"]) & (units.supported == 0)
        self.threshold_ = _best_f1_threshold(self.unsupported_oof_[typed], unsupported.to_numpy()[typed])
        return self

    def _fit_support(self, units: pd.DataFrame, data: Units, x_text: object, type_oof: np.ndarray,
                     folds: np.ndarray) -> tuple[object, np.ndarray]:
        """The support head on annotated rows, and out-of-fold P(unsupported) for every row."""
        x_support = support_features(x_text, data, type_oof)
        annotated = units.supported.notna().to_numpy()
        supported = units.supported.fillna(0).to_numpy()
        model = fit_support(x_support[annotated], supported[annotated], self.support_c, self.random_state)
        support_oof = np.zeros(len(units))
        for train, test in GroupKFold(self.n_folds).split(x_support, groups=folds):
            train = train[annotated[train]]
            fold = fit_support(x_support[train], supported[train], self.support_c, self.random_state)
            support_oof[test] = fold.predict_proba(x_support[test])[:, 1]
        return model, type_oof[:, _CLAIM_COLUMNS].sum(axis=1) * (1 - support_oof)

    def score_units(self, texts: list[str], doc: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(type probabilities (n, 6) in ClaimType order, P(unsupported) (n,), cue matrix) for units
        laid out comment by comment (`doc`: comment id per unit) -- gold propositions or sentences."""
        if not texts:
            return np.zeros((0, 6)), np.zeros(0), np.zeros((0, len(CUE_NAMES)))
        data = Units.build(texts, doc)
        x_text = text_matrix(self.vectorizers_, texts)
        type_p = self.type_head_.predict_proba(type_features(x_text, data))
        supported = self.support_model_.predict_proba(support_features(x_text, data, type_p))[:, 1]
        none = np.where(non_assertion_mask(texts), NONE_PROBABILITY, 0.0)
        type_p = np.column_stack([type_p * (1 - none)[:, None], none])
        return type_p, type_p[:, _CLAIM_COLUMNS].sum(axis=1) * (1 - supported), data.cues

    def _split(self, texts: Sequence[str]) -> tuple[list[list[tuple[int, int]]], list[str], np.ndarray]:
        spans = [sentence_spans(text) for text in texts]
        flat = [text[s:e] for text, doc_spans in zip(texts, spans) for s, e in doc_spans]
        doc = np.repeat(np.arange(len(texts)), [len(s) for s in spans])
        return spans, flat, doc

    def _sentence_pass(self, texts: list[str]) -> tuple[Any, ...]:
        """(spans, sentences, doc, type probabilities, P(unsupported), cues) of a batch. The last batch
        is remembered, so `Moderator.score` (which asks for columns, then sentences) splits once."""
        key = tuple(texts)
        memo = self.__dict__.get("_last_batch")
        if memo is not None and memo[0] == key:
            return memo[1]
        spans, flat, doc = self._split(texts)
        result = (spans, flat, doc, *self.score_units(flat, doc))
        self.__dict__["_last_batch"] = (key, result)
        return result

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_last_batch"}

    def sentence_scores(self, X: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(P(unsupported) per sentence, comment index per sentence, support cues per sentence)."""
        _, _, doc, _, unsupported, cues = self._sentence_pass(list(X))
        return unsupported, doc, support_cues(cues)

    def fit_aggregator(self, unsupported: np.ndarray, doc: np.ndarray, cues: np.ndarray,
                       y: np.ndarray) -> ClaimComponent:
        """Learn the `cue_shift` aggregation from comment-level labels `y` (see `aggregation.py`)."""
        n = len(y)
        self.aggregator_ = CueShift().fit(aggregate(unsupported, doc, n, "mean"), comment_cues(cues, doc, n), y)
        return self

    def aggregate_comments(self, unsupported: np.ndarray, doc: np.ndarray, cues: np.ndarray, n: int) -> np.ndarray:
        """Comment-level `unsupported_claim` from sentence scores, by `aggregation`."""
        if self.aggregation == "cue_shift":
            if getattr(self, "aggregator_", None) is None:
                raise ValueError("aggregation='cue_shift' needs fit_aggregator() first.")
            return self.aggregator_.predict_proba(aggregate(unsupported, doc, n, "mean"),
                                                  comment_cues(cues, doc, n))
        return aggregate(unsupported, doc, n, self.aggregation)

    def predict_proba(self, X: Sequence[str], context: object = None) -> np.ndarray:
        """(n, 7) in `CLAIM_LABELS` order: unsupported_claim, then the six whole-text claim types."""
        texts = list(X)
        spans, _, doc, type_p, unsupported, cues = self._sentence_pass(texts)
        n = len(texts)
        comment = self.aggregate_comments(unsupported, doc, support_cues(cues), n)
        whole = np.zeros((n, len(ClaimType)))
        single = np.array([len(s) == 1 and s[0] == (0, len(t)) for s, t in zip(spans, texts)], dtype=bool)
        first = np.r_[0, np.cumsum([len(s) for s in spans])[:-1]].astype(int) if n else np.zeros(0, int)
        whole[single] = type_p[first[single]]
        rest = np.flatnonzero(~single)
        if len(rest):
            whole[rest] = self.score_units([texts[i].strip() or texts[i] for i in rest], np.arange(len(rest)))[0]
        return np.column_stack([comment, whole])

    def sentences(self, X: Sequence[str], context: object = None) -> list[tuple[Sentence, ...]]:
        """Per text, its sentences with type, support status and (given `context`) corroboration."""
        texts = list(X)
        spans, flat, _, type_p, unsupported, _ = self._sentence_pass(texts)
        found = self._corroborate(flat, context)
        out: list[tuple[Sentence, ...]] = []
        k = 0
        for text, doc_spans in zip(texts, spans):
            row = []
            for start, end in doc_spans:
                row.append(self._sentence(text, start, end, type_p[k], unsupported[k], found[k]))
                k += 1
            out.append(tuple(row))
        return out

    def analyse(self, text: str, context: object = None) -> tuple[Sentence, ...]:
        """The sentences of one text (see `sentences`)."""
        if not isinstance(text, str):
            raise InvalidInput("analyse() takes one text (str).")
        return self.sentences([text], context=context)[0]

    def _corroborate(self, flat: list[str], context: object) -> list[tuple]:
        if context is None or self.matcher is None or not flat:
            return [(None, None)] * len(flat)
        return self.matcher.match(flat, context)  # type: ignore[attr-defined]

    def _sentence(self, text: str, start: int, end: int, type_p: np.ndarray, unsupported: float,
                  found: tuple) -> Sentence:
        types = list(ClaimType)
        probabilities = {t: float(p) for t, p in zip(types, type_p)}
        claimness = float(type_p[_CLAIM_COLUMNS].sum())
        if unsupported >= self.threshold_:
            support = Support.UNSUPPORTED
        elif claimness >= 0.5:
            support = Support.SUPPORTED
        else:
            support = Support.NOT_A_CLAIM
        corroboration, evidence = found
        extra = {"corroboration": corroboration, "evidence": evidence} if corroboration else {}
        return Sentence(start=start, end=end, text=text[start:end], claim_type=types[int(type_p.argmax())],
                        type_probabilities=probabilities, support=support,
                        unsupported_probability=float(unsupported), **extra)


def _best_f1_threshold(scores: np.ndarray, positives: np.ndarray) -> float:
    from sklearn.metrics import precision_recall_curve

    precision, recall, thresholds = precision_recall_curve(positives.astype(int), scores)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    return float(thresholds[int(np.argmax(f1[:-1]))])
