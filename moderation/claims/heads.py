"""The two learned heads of the claim component, on a shared representation of units.

A *unit* is a proposition (training) or a sentence (scoring), laid out comment by comment with a
comment id per row, so that neighbour features can be read off in one vectorised pass.

- Type head, hierarchical because Park & Cardie label only verifiability: P(group) over
  {unverifiable, fact, testimony, reference} learns from CDCP *and* Park & Cardie; P(policy | value
  or policy) learns from CDCP alone. A corpus contributes only the distinctions it annotates.
- Support head: P(supported within the comment | the unit is a value/policy/fact claim), from CDCP
  links, on the unit's own cues, its neighbours' cues and its neighbours' type probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.special import expit, logit, softmax
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from moderation.claims.features import CUE_NAMES, context_matrix, cue_matrix, support_cues
from moderation.claims.vectorize import transform

GROUPS: tuple[str, ...] = ("unverifiable", "fact", "testimony", "reference")
TYPES: tuple[str, ...] = ("value", "policy", "fact", "testimony", "reference")
TYPE_TO_GROUP = {"value": "unverifiable", "policy": "unverifiable", "fact": "fact",
                 "testimony": "testimony", "reference": "reference", "unverifiable": "unverifiable"}


@dataclass
class Units:
    """Texts of units with their comment ids (rows of one comment contiguous) and cue matrix."""

    texts: list[str]
    doc: np.ndarray
    cues: np.ndarray

    @classmethod
    def build(cls, texts: list[str], doc: np.ndarray, cue_names: tuple[str, ...] = CUE_NAMES) -> Units:
        return cls(list(texts), np.asarray(doc), cue_matrix(list(texts), cue_names))


def make_vectorizers(char_ngrams: bool) -> list[TfidfVectorizer]:
    word = TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=40000, sublinear_tf=True,
                           lowercase=True, token_pattern=r"(?u)\b\w[\w']*\b|[?!$%]", dtype=np.float32)
    if not char_ngrams:
        return [word]
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=3, max_features=40000,
                           sublinear_tf=True, dtype=np.float32)
    return [word, char]


def text_matrix(vectorizers: list[TfidfVectorizer], texts: list[str]) -> sp.csr_matrix:
    if len(vectorizers) == 1:
        return transform(vectorizers[0], texts)
    return sp.hstack([transform(v, texts) for v in vectorizers], format="csr")


def type_dense(units: Units) -> np.ndarray:
    """The type head's non-text columns: own cues and the neighbours' support cues (scaled by 0.5)."""
    return np.hstack([units.cues, context_matrix(support_cues(units.cues), units.doc)]) * 0.5


def type_features(text_x: sp.csr_matrix, units: Units) -> sp.csr_matrix:
    return sp.hstack([text_x, sp.csr_matrix(type_dense(units))], format="csr")


def support_dense(units: Units, type_proba: np.ndarray, link_support: np.ndarray | None) -> np.ndarray:
    """The support head's non-text columns: own cues and types, neighbours' cues and types, and
    `link_support` (see `links.py`; None for artifacts fitted before the link head existed)."""
    neighbours = np.hstack([support_cues(units.cues), type_proba])
    links = [] if link_support is None else [logit(np.clip(link_support, 1e-3, 1 - 1e-3))]
    return np.hstack([units.cues, type_proba, context_matrix(neighbours, units.doc), *links])


def support_features(text_x: sp.csr_matrix, units: Units, type_proba: np.ndarray,
                     link_support: np.ndarray | None) -> sp.csr_matrix:
    """Own text (scaled by 0.5) beside `support_dense`."""
    return sp.hstack([text_x * 0.5, sp.csr_matrix(support_dense(units, type_proba, link_support))], format="csr")


def fast_proba(model: LogisticRegression, x: sp.csr_matrix | np.ndarray) -> np.ndarray:
    """`model.predict_proba(x)` without sklearn's per-call input validation (about 1 ms a call, most
    of the cost of scoring one comment): the same softmax / logistic of `x @ coef_.T + intercept_`."""
    return _probabilities(np.asarray(x @ model.coef_.T) + model.intercept_)


def _logreg(c: float, seed: int, balanced: bool = True) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced" if balanced else None,
                              random_state=seed)


@dataclass
class TypeHead:
    """P(type) for the five CDCP types from a group model and a value-vs-policy model."""

    group_model: LogisticRegression
    policy_model: LogisticRegression

    @classmethod
    def fit(cls, x: sp.csr_matrix, group: np.ndarray, cdcp_type: np.ndarray, c: float, seed: int) -> TypeHead:
        group_model = _logreg(c, seed).fit(x, group)
        vp = np.isin(cdcp_type, ["value", "policy"])
        policy_model = _logreg(c, seed).fit(x[vp], cdcp_type[vp] == "policy")
        return cls(group_model, policy_model)

    def predict_proba(self, x: sp.csr_matrix) -> np.ndarray:
        """(n, 5) in `TYPES` order."""
        return self.combine(fast_proba(self.group_model, x), fast_proba(self.policy_model, x)[:, 1])

    def combine(self, group_p: np.ndarray, policy: np.ndarray) -> np.ndarray:
        """P(type) from P(group) (columns in the group model's class order) and P(policy | unverifiable)."""
        order = [list(self.group_model.classes_).index(g) for g in GROUPS]
        unverifiable, fact, testimony, reference = (group_p[:, i] for i in order)
        return np.column_stack([unverifiable * (1 - policy), unverifiable * policy, fact, testimony, reference])


def fit_support(x: sp.csr_matrix, supported: np.ndarray, c: float, seed: int) -> LogisticRegression:
    return _logreg(c, seed, balanced=False).fit(x, supported.astype(int))


def _probabilities(z: np.ndarray) -> np.ndarray:
    if z.shape[1] == 1:
        p = expit(z[:, 0])
        return np.column_stack([1 - p, p])
    return softmax(z, axis=1)


@dataclass(frozen=True)
class LinearHeads:
    """The type and support heads as scoring needs them: one (text columns, 6) weight matrix for the
    text part of all three linear models (group logits, policy, support), so a batch of units is one
    pass over its non-zero TF-IDF entries, and small dense weights for the rest. No scipy matrix is
    built: for a single comment, constructing those cost more than the arithmetic."""

    type_head: TypeHead
    text_weights: np.ndarray
    group_dense: np.ndarray
    group_bias: np.ndarray
    policy_dense: np.ndarray
    policy_bias: np.ndarray
    support_dense: np.ndarray
    support_bias: np.ndarray

    @classmethod
    def build(cls, type_head: TypeHead, support_model: LogisticRegression, n_text: int) -> LinearHeads:
        group, policy, support = (np.asarray(m.coef_, dtype=np.float64)
                                  for m in (type_head.group_model, type_head.policy_model, support_model))
        text = np.hstack([group[:, :n_text].T, policy[:, :n_text].T, 0.5 * support[:, :n_text].T])
        return cls(type_head, np.ascontiguousarray(text), group[:, n_text:].T, type_head.group_model.intercept_,
                   policy[:, n_text:].T, type_head.policy_model.intercept_, support[:, n_text:].T,
                   support_model.intercept_)

    def text_scores(self, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray) -> np.ndarray:
        """(n, 6) text part of every head's logit, from CSR arrays of the units' TF-IDF rows."""
        weighted = self.text_weights[indices] * data[:, None].astype(np.float64)
        cumulative = np.vstack([np.zeros((1, weighted.shape[1])), np.cumsum(weighted, axis=0)])
        return cumulative[indptr[1:]] - cumulative[indptr[:-1]]

    def type_proba(self, text_scores: np.ndarray, dense: np.ndarray) -> np.ndarray:
        n_groups = self.group_dense.shape[1]
        group = _probabilities(text_scores[:, :n_groups] + dense @ self.group_dense + self.group_bias)
        policy = _probabilities(text_scores[:, n_groups : n_groups + 1] + dense @ self.policy_dense
                                + self.policy_bias)[:, 1]
        return self.type_head.combine(group, policy)

    def support_proba(self, text_scores: np.ndarray, dense: np.ndarray) -> np.ndarray:
        return _probabilities(text_scores[:, -1:] + dense @ self.support_dense + self.support_bias)[:, 1]
