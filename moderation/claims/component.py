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
from moderation.claims.features import CUE_NAMES, LEGACY_CUE_NAMES, non_assertion_mask, support_cues
from moderation.claims.heads import (
    TYPE_TO_GROUP,
    TYPES,
    LinearHeads,
    TypeHead,
    Units,
    fast_proba,
    fit_support,
    make_vectorizers,
    support_dense,
    support_features,
    text_matrix,
    type_dense,
    type_features,
)
from moderation.claims.links import (
    LinkHead,
    candidate_pairs,
    csr_arrays,
    first_markers,
    link_labels,
    pair_cosine,
    pair_features,
    positions,
    support_from_links,
)
from moderation.claims.sentences import sentence_spans
from moderation.claims.vectorize import transform_arrays
from moderation.config import fast_path_enabled
from moderation.errors import InvalidInput
from moderation.types import CLAIM_LABELS, ClaimType, Sentence, Support

NONE_PROBABILITY = 0.9
# Precision a moderator can act on: a sentence marked `unsupported` is one (held-out CDCP folds) 4
# times in 5; a comment flagged `unsupported_claim` has no evidence (held-out C3 validation articles,
# base rate 0.75) 85 times in 100 -- about a fifth of comments flagged. 0.9 is reachable on C3 only
# at ~1 % recall: the crowd proxy cannot certify more.
SENTENCE_PRECISION = 0.8
ATTRIBUTION_SUPPORT = 0.5
COMMENT_PRECISION = 0.85
_CLAIM_COLUMNS = [TYPES.index(t) for t in ("value", "policy", "fact")]
_CLAIM_TYPES = tuple(ClaimType)


class ClaimComponent(BaseEstimator):
    """Sentence claim types and support, aggregated to `CLAIM_LABELS` probabilities per text.

    `type_c` 2.0 by grouped 3-fold cross-validation on CDCP train + Park & Cardie: four-type macro-F1
    0.698 vs 0.700 at 10.0 (FACT 0.53 vs 0.48), and the type head fits 2.8x faster.
    """

    def __init__(self, type_c: float = 2.0, support_c: float = 1.0, aggregation: str = "mean",
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
        self.__dict__.pop("_heads", None)
        self.labels_ = CLAIM_LABELS
        self.vectorizers_ = make_vectorizers(char_ngrams=False)
        for vectorizer in self.vectorizers_:
            vectorizer.fit(units.text)
        self.cue_names_ = CUE_NAMES
        data = Units.build(units.text.tolist(), pd.factorize(units.doc)[0])
        folds = pd.factorize(units.get("fold_group", units.doc))[0]
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
        link_oof = self._fit_links(units, data, x_text, type_oof, folds)
        self.support_model_, self.unsupported_oof_ = self._fit_support(units, data, x_text, type_oof, link_oof,
                                                                       folds)
        typed = ((units.source == "cdcp") if "source" in units else units.claim_type.isin(TYPES)).to_numpy()
        unsupported = units.claim_type.isin(["value", "policy", "fact"]) & (units.supported == 0)
        self.threshold_ = precision_threshold(self.unsupported_oof_[typed], unsupported.to_numpy()[typed],
                                              SENTENCE_PRECISION)
        return self

    def _fit_links(self, units: pd.DataFrame, data: Units, x_text: Any, type_oof: np.ndarray,
                   folds: np.ndarray) -> np.ndarray:
        """The link head on pairs whose target has annotated links (`supporters` column); returns
        out-of-fold link support (n, 2) for every row, the support head's training input."""
        i, j = candidate_pairs(data.doc)
        x = pair_features(i, j, pair_cosine(*csr_arrays(x_text), i, j), data.cues, first_markers(data.texts),
                          type_oof, positions(data.doc)[1])
        supporters = units["supporters"].tolist() if "supporters" in units else [None] * len(units)
        linked = link_labels(i, j, data.doc, supporters)
        known = ~np.isnan(linked)
        self.link_head_ = LinkHead.fit(x[known], linked[known], self.random_state)
        p = np.zeros(len(i))
        for train, test in GroupKFold(self.n_folds).split(data.texts, groups=folds):
            fit_rows = known & np.isin(i, train)
            predict_rows = np.isin(i, test)
            p[predict_rows] = LinkHead.fit(x[fit_rows], linked[fit_rows], self.random_state).pair_proba(x[predict_rows])
        return support_from_links(i, p, len(units))

    @property
    def _cue_names(self) -> tuple[str, ...]:
        return getattr(self, "cue_names_", LEGACY_CUE_NAMES)

    def _link_support(self, data: Units, text_arrays: tuple[np.ndarray, ...], type_p: np.ndarray
                      ) -> np.ndarray | None:
        if getattr(self, "link_head_", None) is None:
            return None
        i, j = candidate_pairs(data.doc)
        x = pair_features(i, j, pair_cosine(*text_arrays, i, j), data.cues, first_markers(data.texts), type_p,
                          positions(data.doc)[1])
        return support_from_links(i, self.link_head_.pair_proba(x), len(data.texts))

    def _fit_support(self, units: pd.DataFrame, data: Units, x_text: object, type_oof: np.ndarray,
                     link_oof: np.ndarray, folds: np.ndarray) -> tuple[object, np.ndarray]:
        """The support head on annotated rows, and out-of-fold P(unsupported) for every row."""
        x_support = support_features(x_text, data, type_oof, link_oof)
        annotated = units.supported.notna().to_numpy()
        supported = units.supported.fillna(0).to_numpy()
        model = fit_support(x_support[annotated], supported[annotated], self.support_c, self.random_state)
        support_oof = np.zeros(len(units))
        for train, test in GroupKFold(self.n_folds).split(x_support, groups=folds):
            train = train[annotated[train]]
            fold = fit_support(x_support[train], supported[train], self.support_c, self.random_state)
            support_oof[test] = fold.predict_proba(x_support[test])[:, 1]
        support_oof = self._with_attribution(support_oof, data.cues)
        return model, type_oof[:, _CLAIM_COLUMNS].sum(axis=1) * (1 - support_oof)

    def _with_attribution(self, supported: np.ndarray, cues: np.ndarray) -> np.ndarray:
        """A source named inside the sentence ("according to the SBU, ...", a link) is evidence in
        Park et al.'s model, but CDCP cuts such a sentence into one proposition, so its links cannot
        teach it: an attributed sentence's P(not supported) is multiplied by 1 - ATTRIBUTION_SUPPORT
        (set, not learned; documented in the model card)."""
        names = self._cue_names
        attributed = np.zeros(len(supported), dtype=bool)
        for name in ("attribution", "url"):
            if name in names:
                attributed |= cues[:, names.index(name)] > 0
        return 1 - (1 - supported) * np.where(attributed, 1 - ATTRIBUTION_SUPPORT, 1.0)

    def score_units(self, texts: list[str], doc: np.ndarray,
                    first_whole: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(type probabilities (n, 6) in ClaimType order, P(unsupported) (n,), cue matrix) for units
        laid out comment by comment (`doc`: comment id per unit) -- gold propositions or sentences.
        Units from `first_whole` on are whole multi-sentence texts, wanted for their whole-text type only
        (a component may score them more cheaply)."""
        if not texts:
            return np.zeros((0, 6)), np.zeros(0), np.zeros((0, len(self._cue_names)))
        data = Units.build(texts, doc, self._cue_names)
        heads = self._linear_heads()
        if heads is None:
            x_text = text_matrix(self.vectorizers_, texts)
            type_p = self.type_head_.predict_proba(type_features(x_text, data))
            links = self._link_support(data, csr_arrays(x_text), type_p)
            supported = fast_proba(self.support_model_, support_features(x_text, data, type_p, links))[:, 1]
        else:
            arrays = transform_arrays(self.vectorizers_[0], texts)
            text_scores = heads.text_scores(*arrays)
            type_p = heads.type_proba(text_scores, type_dense(data))
            links = self._link_support(data, arrays, type_p)
            supported = heads.support_proba(text_scores, support_dense(data, type_p, links))
        supported = self._with_attribution(supported, data.cues)
        none = np.where(non_assertion_mask(texts), NONE_PROBABILITY, 0.0)
        type_p = np.column_stack([type_p * (1 - none)[:, None], none])
        return type_p, type_p[:, _CLAIM_COLUMNS].sum(axis=1) * (1 - supported), data.cues

    def _linear_heads(self) -> LinearHeads | None:
        """The heads as one text-weight matrix (built once per process, never pickled), or None for the
        scikit-learn path: `MODERATION_FAST_PATH=0`, or more than one vectorizer."""
        if not fast_path_enabled() or len(self.vectorizers_) != 1:
            return None
        heads = self.__dict__.get("_heads")
        if heads is None:
            heads = LinearHeads.build(self.type_head_, self.support_model_, len(self.vectorizers_[0].vocabulary_))
            self.__dict__["_heads"] = heads
        return heads

    def _split(self, texts: Sequence[str]) -> tuple[list[list[tuple[int, int]]], list[str], np.ndarray]:
        spans = [sentence_spans(text) for text in texts]
        flat = [text[s:e] for text, doc_spans in zip(texts, spans) for s, e in doc_spans]
        doc = np.repeat(np.arange(len(texts)), [len(s) for s in spans])
        return spans, flat, doc

    def _sentence_pass(self, texts: list[str]) -> tuple[Any, ...]:
        """(spans, sentences, doc, type probabilities, P(unsupported), cues, whole-text type
        probabilities of the multi-sentence texts) of a batch. Sentences and whole texts go through
        `score_units` together (a whole text is a comment of its own, so nothing leaks between them).
        The last batch is remembered, so `Moderator.score` (which asks for columns, then sentences)
        splits once."""
        key = tuple(texts)
        memo = self.__dict__.get("_last_batch")
        if memo is not None and memo[0] == key:
            return memo[1]
        spans, flat, doc = self._split(texts)
        multi = [i for i, (s, t) in enumerate(zip(spans, texts)) if not (len(s) == 1 and s[0] == (0, len(t)))]
        wholes = [texts[i].strip() or texts[i] for i in multi]
        whole_doc = len(texts) + np.arange(len(multi))
        type_p, unsupported, cues = self.score_units(flat + wholes, np.concatenate([doc, whole_doc]), len(flat))
        n = len(flat)
        result = (spans, flat, doc, type_p[:n], unsupported[:n], cues[:n], np.asarray(multi, dtype=int),
                  type_p[n:])
        self.__dict__["_last_batch"] = (key, result)
        return result

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("_last_batch", "_heads")}

    def sentence_scores(self, X: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(P(unsupported), comment index, support cues, P(value, policy or fact)) per sentence."""
        _, _, doc, type_p, unsupported, cues, _, _ = self._sentence_pass(list(X))
        return unsupported, doc, support_cues(cues), type_p[:, _CLAIM_COLUMNS].sum(axis=1)

    def fit_aggregator(self, unsupported: np.ndarray, doc: np.ndarray, cues: np.ndarray,
                       y: np.ndarray) -> ClaimComponent:
        """Learn the `cue_shift` aggregation from comment-level labels `y` (see `aggregation.py`)."""
        n = len(y)
        self.aggregator_ = CueShift().fit(aggregate(unsupported, doc, n, "mean"), comment_cues(cues, doc, n), y)
        return self

    def aggregate_comments(self, unsupported: np.ndarray, doc: np.ndarray, cues: np.ndarray, n: int,
                           claimness: np.ndarray | None = None) -> np.ndarray:
        """Comment-level `unsupported_claim` from sentence scores, by `aggregation`.

        `cue_shift` is learned from C3's proxy, which cannot tell "no evidence" from "nothing
        asserted"; given the sentences' claimness, it is scaled by P(the comment asserts anything) =
        noisy-or of claimness, so a comment of questions or greetings is not an unsupported claim."""
        if self.aggregation == "cue_shift":
            if getattr(self, "aggregator_", None) is None:
                raise ValueError("aggregation='cue_shift' needs fit_aggregator() first.")
            shifted = self.aggregator_.predict_proba(aggregate(unsupported, doc, n, "mean"),
                                                     comment_cues(cues, doc, n))
            return shifted if claimness is None else shifted * aggregate(claimness, doc, n, "noisy_or")
        return aggregate(unsupported, doc, n, self.aggregation)

    def predict_proba(self, X: Sequence[str], context: object = None) -> np.ndarray:
        """(n, 7) in `CLAIM_LABELS` order: unsupported_claim, then the six whole-text claim types."""
        texts = list(X)
        spans, _, doc, type_p, unsupported, cues, multi, multi_p = self._sentence_pass(texts)
        n = len(texts)
        comment = self.aggregate_comments(unsupported, doc, support_cues(cues), n,
                                          type_p[:, _CLAIM_COLUMNS].sum(axis=1))
        whole = np.zeros((n, len(ClaimType)))
        first = np.concatenate([[0], np.cumsum([len(s) for s in spans])])[:n].astype(int)
        single = np.ones(n, dtype=bool)
        single[multi] = False
        whole[single] = type_p[first[single]]
        whole[multi] = multi_p
        return np.column_stack([comment, whole])

    def sentences(self, X: Sequence[str], context: object = None) -> list[tuple[Sentence, ...]]:
        """Per text, its sentences with type, support status and (given `context`) corroboration."""
        texts = list(X)
        spans, flat, _, type_p, unsupported, *_ = self._sentence_pass(texts)
        found = self._corroborate(flat, context)
        rows, unsupported_list = type_p.tolist(), unsupported.tolist()
        claimness = type_p[:, _CLAIM_COLUMNS].sum(axis=1).tolist()
        best = type_p.argmax(axis=1).tolist() if len(type_p) else []
        out: list[tuple[Sentence, ...]] = []
        k = 0
        for text, doc_spans in zip(texts, spans):
            row = []
            for start, end in doc_spans:
                row.append(self._sentence(text, start, end, rows[k], best[k], claimness[k], unsupported_list[k],
                                          found[k]))
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

    def _sentence(self, text: str, start: int, end: int, type_p: list[float], best: int, claimness: float,
                  unsupported: float, found: tuple) -> Sentence:
        if unsupported >= self.threshold_:
            support = Support.UNSUPPORTED
        elif claimness < 0.5:
            support = Support.NOT_A_CLAIM
        elif unsupported < 0.5 * claimness:
            support = Support.SUPPORTED
        else:
            support = Support.UNCERTAIN
        corroboration, evidence = found
        extra = {"corroboration": corroboration, "evidence": evidence} if corroboration else {}
        return Sentence(start=start, end=end, text=text[start:end], claim_type=_CLAIM_TYPES[best],
                        type_probabilities=dict(zip(_CLAIM_TYPES, type_p)), support=support,
                        unsupported_probability=unsupported, **extra)


def precision_threshold(scores: np.ndarray, positives: np.ndarray, precision: float) -> float:
    """The lowest threshold whose held-out precision is at least `precision` (so recall is as high as
    that precision allows); the best-F1 threshold when no threshold reaches it."""
    from sklearn.metrics import precision_recall_curve

    p, r, thresholds = precision_recall_curve(positives.astype(int), scores)
    reached = np.flatnonzero(p[:-1] >= precision)
    if len(reached):
        return float(thresholds[reached[0]])
    f1 = 2 * p * r / np.maximum(p + r, 1e-12)
    return float(thresholds[int(np.argmax(f1[:-1]))])
