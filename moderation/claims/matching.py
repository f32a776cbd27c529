"""Claim-evidence pair features and the calibrated match classifier (corroborated / contradicted / unrelated).

There is no labelled corpus of reader claims paired with article sentences, so the classifier is
trained on *synthetic* pairs built from a public corpus of factual sentences (ClaimBuster debate
sentences, see `make_pairs`): a claim made of a subset of an evidence sentence's words (how readers
echo an article) is `corroborated`; the same echo with its negation flipped or a number changed is
`contradicted`; an echo of the evidence's nearest *other* sentence (same topic words, other fact) is
`related` (the claim is about what the article covers, but the article neither states nor denies
it); an echo of a random sentence is `unrelated`. It is evaluated on pairs built the same way from a different corpus (CheckThat tweets),
never on the seed pages. The features are deliberately few and surface-level, so they transfer.
"""

from __future__ import annotations

import re

import numpy as np
from nltk.stem import PorterStemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

LABELS: tuple[str, ...] = ("corroborated", "contradicted", "related", "unrelated")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d[\d,.]*")
_NEGATION = re.compile(r"\b(not|no|never|nobody|nothing|none|neither|nor|cannot|without)\b|n't\b", re.IGNORECASE)
_HEDGE = re.compile(r"\b(probably|maybe|perhaps|might|guess|likely|possibly|apparently|seems?|allegedly)\b", re.IGNORECASE)
_STEMMER = PorterStemmer()
FEATURE_NAMES = ("cosine", "claim_covered", "evidence_covered", "jaccard", "names_shared", "names_missing",
                 "numbers_shared", "numbers_conflict", "negation_mismatch", "hedged", "log_length_ratio")


def content_stems(text: str) -> set[str]:
    """Stems of the content words (stop words dropped); numbers kept as they are."""
    out = set()
    for word in _WORD.findall(text):
        lower = word.lower().strip("'-")
        if lower and lower not in ENGLISH_STOP_WORDS:
            out.add(lower.rstrip(".,") if lower[0].isdigit() else _STEMMER.stem(lower))
    return out


def _names(text: str) -> set[str]:
    words = _WORD.findall(text)
    return {_STEMMER.stem(w.lower()) for i, w in enumerate(words) if i > 0 and w[0].isupper()}


def _numbers(text: str) -> set[str]:
    return {w.rstrip(".,") for w in _WORD.findall(text) if w[0].isdigit()}


def pair_features(claim: str, evidence: str, cosine: float) -> list[float]:
    """Surface agreement of a claim with one evidence sentence (order as in `FEATURE_NAMES`)."""
    c, e = content_stems(claim), content_stems(evidence)
    shared = len(c & e)
    c_names, e_names = _names(claim), _names(evidence)
    c_num, e_num = _numbers(claim), _numbers(evidence)
    negation = bool(_NEGATION.search(claim)) != bool(_NEGATION.search(evidence))
    return [
        cosine, shared / max(len(c), 1), shared / max(len(e), 1), shared / max(len(c | e), 1),
        len(c_names & e_names) / max(len(c_names), 1), float(bool(c_names - e_names - e)),
        float(bool(c_num & e_num)), float(bool(c_num) and bool(e_num) and not (c_num & e_num)),
        float(negation), float(bool(_HEDGE.search(claim))), float(np.log((len(claim) + 1) / (len(evidence) + 1))),
    ]


def pair_matrix(claims: list[str], evidences: list[str], cosines: np.ndarray) -> np.ndarray:
    return np.array([pair_features(c, e, float(s)) for c, e, s in zip(claims, evidences, cosines)])
