"""`EncodedClaimComponent`: the claims component with learned claimness, learned in-sentence support
and (optionally) sentence-encoder features beside the n-gram and cue features.

What changes against `ClaimComponent` (whose pickled artifacts keep loading and scoring as before):
- **P(claim) is learned** (`claim_head_`): is this unit a claim at all -- UKP argument vs
  non-argument, IBM claim sentences, CDCP / Park & Cardie propositions; questions relabelled 0 by
  our definition (docs in `definition.py`). `claim_none` = 1 - P(claim), a probability, not a constant.
- **In-sentence support is learned** (`self_head_`): does the sentence carry its own source, study,
  figures or experience -- IBM CE-EMNLP-2015 claims (0) vs their STUDY / EXPERT / ANECDOTAL evidence
  (1) and CDCP joined units. P(supported) = noisy-or of the link-based support head (CDCP) and this
  head, so a source can only lower P(unsupported), never raise it.
- **Encoder features**: when `encoder` is given (an object with `embed(texts) -> (n, d)`, e.g.
  `moderation.encoder.OnnxEncoder`), every head also sees the unit's embedding (and the support head
  its neighbours' mean embedding). The encoder is a parameter, not fitted state: `refit(encoder)`
  fits the linear heads again on the new embeddings, and an artifact that holds the same encoder
  object in another component pickles it once.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from moderation.claims.attribution import claim_without_attribution
from moderation.claims.component import (
    _CLAIM_COLUMNS,
    SENTENCE_PRECISION,
    ClaimComponent,
    precision_threshold,
)
from moderation.claims.definition import definition_features
from moderation.claims.features import CUE_NAMES
from moderation.claims.heads import (
    TYPE_TO_GROUP,
    TYPES,
    TypeHead,
    Units,
    fast_proba,
    fit_support,
    make_vectorizers,
    support_dense,
    text_matrix,
    type_dense,
)
from moderation.claims.links import csr_arrays
from moderation.errors import InvalidInput
from moderation.types import CLAIM_LABELS

EMBEDDING_SCALE = 2.0
"""Embeddings are L2-normalised (entries ~0.05); scaled so their weights live on the cues' scale."""


def alone_in_comment(doc: np.ndarray) -> np.ndarray:
    """True for units that are the only unit of their comment: no other unit can support them."""
    doc = np.asarray(doc)
    return np.bincount(doc)[doc] == 1 if len(doc) else np.zeros(0, bool)


def _neighbour_mean(x: np.ndarray, doc: np.ndarray) -> np.ndarray:
    """Mean of the other units' rows of the same comment (zeros for a one-unit comment)."""
    sums = np.zeros((int(doc.max()) + 1 if len(doc) else 0, x.shape[1]))
    np.add.at(sums, doc, x)
    counts = np.bincount(doc, minlength=len(sums))[:, None].astype(float)
    return (sums[doc] - x) / np.maximum(counts[doc] - 1, 1)


class EncodedClaimComponent(ClaimComponent):
    """See the module docstring. `fit` takes the proposition rows of `ClaimComponent.fit`; the extra
    heads take their rows from `fit_claim_head` / `fit_self_head` (see `claims/train_encoded.py`)."""

    def __init__(self, type_c: float = 2.0, support_c: float = 1.0, claim_c: float = 1.0, self_c: float = 1.0,
                 aggregation: str = "mean", n_folds: int = 3, matcher: object = None, encoder: object = None,
                 random_state: int = 0) -> None:
        super().__init__(type_c=type_c, support_c=support_c, aggregation=aggregation, n_folds=n_folds,
                         matcher=matcher, random_state=random_state)
        self.claim_c = claim_c
        self.self_c = self_c
        self.encoder = encoder

    # --- features -------------------------------------------------------------------------------

    def _embed(self, texts: list[str]) -> np.ndarray:
        if self.encoder is None or not texts:
            return np.zeros((len(texts), 0))
        return np.asarray(self.encoder.embed(texts), dtype=np.float64) * EMBEDDING_SCALE  # type: ignore[attr-defined]

    def _unit_x(self, texts: list[str], emb: np.ndarray) -> sp.csr_matrix:
        """Own-unit features of the claim and self-support heads: words, cues, definition forms, embedding."""
        x_text = text_matrix(self.vectorizers_, texts)
        dense = np.hstack([Units.build(texts, np.zeros(len(texts), int), self.cue_names_).cues * 0.5,
                           definition_features(texts), emb])
        return sp.hstack([x_text, sp.csr_matrix(dense)], format="csr")

    # --- fitting --------------------------------------------------------------------------------

    def fit_vocabulary(self, texts: list[str]) -> EncodedClaimComponent:
        self.vectorizers_ = make_vectorizers(char_ngrams=False)
        for vectorizer in self.vectorizers_:
            vectorizer.fit(texts)
        self.cue_names_ = CUE_NAMES
        return self

    def fit_claim_head(self, texts: list[str], is_claim: np.ndarray) -> EncodedClaimComponent:
        """P(the unit is a claim) on (text, 1/0) rows."""
        x = self._unit_x(list(texts), self._embed(list(texts)))
        self.claim_head_ = LogisticRegression(C=self.claim_c, max_iter=3000, class_weight="balanced",
                                              random_state=self.random_state).fit(x, np.asarray(is_claim, int))
        return self

    def fit_self_head(self, texts: list[str], self_supported: np.ndarray) -> EncodedClaimComponent:
        """P(the unit carries its own support: a source, a study, figures, an experience) on (text, 1/0) rows."""
        x = self._unit_x(list(texts), self._embed(list(texts)))
        self.self_head_ = LogisticRegression(C=self.self_c, max_iter=3000, class_weight="balanced",
                                             random_state=self.random_state).fit(x, np.asarray(self_supported, int))
        return self

    def fit(self, units: pd.DataFrame, y: None = None) -> EncodedClaimComponent:
        """Type, link and support heads on proposition rows (as `ClaimComponent.fit`), with embeddings.
        Call `fit_vocabulary`, `fit_claim_head` and `fit_self_head` first."""
        missing = {"text", "doc", "claim_type", "supported"} - set(units.columns)
        if missing:
            raise InvalidInput(f"fit() needs columns {sorted(missing)}; see ClaimComponent.fit's docstring.")
        if getattr(self, "claim_head_", None) is None or getattr(self, "self_head_", None) is None:
            raise ValueError("Fit the claim and self-support heads first (fit_claim_head, fit_self_head).")
        self.__dict__.pop("_last_batch", None)
        self.labels_ = CLAIM_LABELS
        texts = units.text.tolist()
        data = Units.build(texts, pd.factorize(units.doc)[0], self.cue_names_)
        folds = pd.factorize(units.get("fold_group", units.doc))[0]
        emb = self._embed(texts)
        x_text = text_matrix(self.vectorizers_, texts)
        x_type = self._type_x(x_text, data, emb)
        group = units.claim_type.map(TYPE_TO_GROUP).to_numpy()
        ctype = units.claim_type.to_numpy()
        self.type_head_ = TypeHead.fit(x_type, group, ctype, self.type_c, self.random_state)
        type_oof = np.zeros((len(units), len(TYPES)))
        for train, test in GroupKFold(self.n_folds).split(x_type, groups=folds):
            fold = TypeHead.fit(x_type[train], group[train], ctype[train], self.type_c, self.random_state)
            type_oof[test] = fold.predict_proba(x_type[test])
        self.type_oof_ = type_oof
        link_oof = self._fit_links(units, data, x_text, type_oof, folds)
        x_support = self._support_x(x_text, data, type_oof, link_oof, emb)
        annotated = units.supported.notna().to_numpy()
        supported = units.supported.fillna(0).to_numpy()
        self.support_model_ = fit_support(x_support[annotated], supported[annotated], self.support_c,
                                          self.random_state)
        support_oof = np.zeros(len(units))
        for train, test in GroupKFold(self.n_folds).split(x_support, groups=folds):
            train = train[annotated[train]]
            fold = fit_support(x_support[train], supported[train], self.support_c, self.random_state)
            support_oof[test] = fold.predict_proba(x_support[test])[:, 1]
        unit_x = self._unit_x(texts, emb)
        claim_p = fast_proba(self.claim_head_, unit_x)[:, 1]
        self_p = fast_proba(self.self_head_, unit_x)[:, 1]
        support_oof[alone_in_comment(data.doc)] = 0.0
        support_all = 1 - (1 - support_oof) * (1 - self_p)
        self.unsupported_oof_ = claim_p * type_oof[:, [0, 1, 2]].sum(axis=1) * (1 - support_all)
        typed = ((units.source == "cdcp") if "source" in units else units.claim_type.isin(TYPES)).to_numpy()
        unsupported = units.claim_type.isin(["value", "policy", "fact"]) & (units.supported == 0)
        self.threshold_ = precision_threshold(self.unsupported_oof_[typed], unsupported.to_numpy()[typed],
                                              SENTENCE_PRECISION)
        return self

    def _type_x(self, x_text: sp.csr_matrix, data: Units, emb: np.ndarray) -> sp.csr_matrix:
        return sp.hstack([x_text, sp.csr_matrix(np.hstack([type_dense(data), emb]))], format="csr")

    def _support_x(self, x_text: sp.csr_matrix, data: Units, type_p: np.ndarray, links: np.ndarray,
                   emb: np.ndarray) -> sp.csr_matrix:
        context = _neighbour_mean(emb, data.doc) if emb.shape[1] else emb
        dense = np.hstack([support_dense(data, type_p, links), emb, context])
        return sp.hstack([x_text * 0.5, sp.csr_matrix(dense)], format="csr")

    def refit(self, encoder: object, fit_job: Any) -> EncodedClaimComponent:
        """This component's heads fitted again for `encoder` (`fit_job(component)` runs the same
        training as the first fit, e.g. `claims.train_encoded.fit_heads`)."""
        self.set_params(encoder=encoder)
        return fit_job(self)

    # --- scoring --------------------------------------------------------------------------------

    def claim_and_self(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(P(claim), P(carries its own support)) per unit."""
        if not texts:
            return np.zeros(0), np.zeros(0)
        x = self._unit_x(texts, self._embed(texts))
        return fast_proba(self.claim_head_, x)[:, 1], fast_proba(self.self_head_, x)[:, 1]

    def score_units(self, texts: list[str], doc: np.ndarray,
                    first_whole: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(type probabilities (n, 6) in ClaimType order, P(unsupported) (n,), cue matrix)."""
        if not texts:
            return np.zeros((0, 6)), np.zeros(0), np.zeros((0, len(self.cue_names_)))
        type_p, claim, linked, own, cues = self.unit_parts(texts, doc)
        supported = 1 - (1 - linked) * (1 - own)
        full = np.column_stack([type_p * claim[:, None], 1 - claim])
        claim_part = full[:, _CLAIM_COLUMNS].sum(axis=1)
        if getattr(self, "judge_claim_without_attribution", True):
            claim_part = np.minimum(claim_part, self._claim_part_without_attribution(texts))
        return full, claim_part * (1 - supported), cues

    def _claim_part_without_attribution(self, texts: list[str]) -> np.ndarray:
        """P(claim of an unsupported kind) of each unit's claim with its attribution cut off
        (`claims.attribution`; 1 where nothing is cut, so the minimum leaves those units alone).

        Why: the heads read a source's own words ("per the CDC's data", "statistics show") as signs of
        a factual claim, and naming a source raised P(unsupported) above the same claim bare in 5 of 22
        README pairs. What is asserted is judged without the attribution (alone: the cut text is not
        a neighbour of the others); the support is still judged on the whole sentence, so a source can
        only lower the unit's score."""
        out = np.ones(len(texts))
        cut = [(i, claim_without_attribution(t)) for i, t in enumerate(texts)]
        cut = [(i, c) for i, c in cut if c]
        if cut:
            rows = np.array([i for i, _ in cut])
            *_, type_p, unit_x = self._own_parts([c for _, c in cut], np.arange(len(cut)))
            claim = fast_proba(self.claim_head_, unit_x)[:, 1]
            out[rows] = (type_p * claim[:, None])[:, _CLAIM_COLUMNS].sum(axis=1)
        return out

    def unit_parts(self, texts: list[str], doc: np.ndarray) -> tuple[np.ndarray, ...]:
        """(P(type | claim) (n, 5), P(claim), P(supported by a linked unit), P(carries its own support), cues)."""
        data, emb, x_text, type_p, unit_x = self._own_parts(texts, doc)
        links = self._link_support(data, csr_arrays(x_text), type_p)
        linked = fast_proba(self.support_model_, self._support_x(x_text, data, type_p, links, emb))[:, 1]
        linked[alone_in_comment(data.doc)] = 0.0
        claim = fast_proba(self.claim_head_, unit_x)[:, 1]
        own = fast_proba(self.self_head_, unit_x)[:, 1]
        return type_p, claim, linked, own, data.cues

    def _own_parts(self, texts: list[str], doc: np.ndarray) -> tuple[Any, ...]:
        """What every head reads from the units themselves: (units, embeddings, word matrix, P(type | claim),
        the claim and self-support heads' features)."""
        data = Units.build(texts, np.asarray(doc), self.cue_names_)
        emb = self._embed(texts)
        x_text = text_matrix(self.vectorizers_, texts)
        type_p = self.type_head_.predict_proba(self._type_x(x_text, data, emb))
        unit_x = sp.hstack([x_text, sp.csr_matrix(np.hstack([data.cues * 0.5, definition_features(texts), emb]))],
                           format="csr")
        return data, emb, x_text, type_p, unit_x

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("_last_batch", "_heads")}

