"""Synthetic claim-evidence pairs for the match classifier (see `matching.py` for why synthetic).

From a list of factual sentences: an *echo* keeps 25-75 % of a sentence's words in order, with a
few stray words of another sentence and sometimes a hedge (readers retell part of what they read); `corroborated` = (echo of s, s); `contradicted` = (echo of s with its
negation flipped or a number changed, s); `related` = (echo of s's nearest other sentence, s): same
topic words, another statement -- a reader talking about what the article covers without restating
it; `unrelated` = (echo of a random sentence, s). Deterministic for a given seed.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from moderation.claims.matching import content_stems

_AUX = re.compile(r"\b(is|are|was|were|has|have|had|will|can|would|should|did|does|do)\b", re.IGNORECASE)
_NEG = re.compile(r"\s*\b(not|never)\b|n't\b", re.IGNORECASE)
_NUMBER = re.compile(r"\b\d[\d,]*(\.\d+)?\b")


_HEDGES = ("probably", "I guess", "apparently", "I think", "so", "well", "clearly")


def echo(sentence: str, rng: np.random.Generator, other: str = "") -> str:
    """A loose retelling: 25-75 % of the words in order, a few words of another sentence, maybe a hedge."""
    words = sentence.split()
    keep = rng.random(len(words)) < rng.uniform(0.25, 0.75)
    kept = [w for w, k in zip(words, keep) if k] or words[:3]
    noise = other.split()
    for _ in range(int(rng.integers(0, 5)) if noise else 0):
        kept.insert(int(rng.integers(len(kept) + 1)), noise[int(rng.integers(len(noise)))])
    if rng.random() < 0.3:
        kept.insert(0, _HEDGES[int(rng.integers(len(_HEDGES)))])
    return " ".join(kept)


def contradict(sentence: str, rng: np.random.Generator) -> str | None:
    """The sentence with a number changed or its negation flipped; None if neither applies."""
    number = _NUMBER.search(sentence)
    if number and rng.random() < 0.5:
        value = float(number.group().replace(",", "")) * rng.choice([2, 3, 0.5]) + rng.integers(1, 9)
        return sentence[: number.start()] + f"{value:,.0f}" + sentence[number.end():]
    if _NEG.search(sentence):
        return _NEG.sub("", sentence, count=1)
    aux = _AUX.search(sentence)
    if aux:
        return sentence[: aux.end()] + " not" + sentence[aux.end():]
    return None


def stem_list(text: str) -> list[str]:
    return sorted(content_stems(text))


def vectoriser(texts: list[str]) -> TfidfVectorizer:
    """TF-IDF over content-word stems (a module-level analyser so the vectoriser pickles)."""
    return TfidfVectorizer(analyzer=stem_list, sublinear_tf=True).fit(texts)


def make_pairs(sentences: list[str], seed: int = 0) -> pd.DataFrame:
    """Rows: claim, evidence, cosine (TF-IDF over content stems), label (see module docstring)."""
    rng = np.random.default_rng(seed)
    sentences = [s for s in dict.fromkeys(sentences) if len(s.split()) >= 6]
    tfidf = vectoriser(sentences)
    matrix = tfidf.transform(sentences)
    nearest = np.zeros(len(sentences), dtype=int)
    for start in range(0, len(sentences), 1000):
        block = (matrix[start:start + 1000] @ matrix.T).toarray()
        block[np.arange(len(block)), np.arange(start, start + len(block))] = -1
        nearest[start:start + len(block)] = block.argmax(axis=1)
    rows = []
    def other() -> str:
        return sentences[int(rng.integers(len(sentences)))]

    for i, s in enumerate(sentences):
        rows.append((echo(s, rng, other()), s, "corroborated"))
        flipped = contradict(s, rng)
        if flipped is not None:
            rows.append((echo(flipped, rng, other()), s, "contradicted"))
        rows.append((echo(sentences[nearest[i]], rng, other()), s, "related"))
        rows.append((echo(other(), rng, other()), s, "unrelated"))
    frame = pd.DataFrame(rows, columns=["claim", "evidence", "label"])
    claim_x, evidence_x = tfidf.transform(frame.claim), tfidf.transform(frame.evidence)
    frame["cosine"] = np.asarray(claim_x.multiply(evidence_x).sum(axis=1)).ravel()
    return frame
