"""Article context and corroboration: does the article (or related coverage) state or contradict a claim?

`ArticleContext` holds the article's sentences (plus, optionally, sentences of related coverage of
the same event, each tagged with its source). `ClaimMatcher` retrieves the most similar context
sentences for a comment sentence (TF-IDF over content-word stems, so "mercenary" meets
"mercenaries") and asks a calibrated classifier (trained on synthetic pairs, see `matching.py`)
whether the pair is corroborated, contradicted, related (same subject, neither stated nor denied) or
unrelated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression

from moderation.claims.matching import LABELS, pair_matrix
from moderation.claims.pairs import vectoriser
from moderation.claims.sentences import split_sentences
from moderation.types import Article, Corroboration, Evidence

Match = tuple[Corroboration | None, Evidence | None]


@dataclass(frozen=True)
class ArticleContext:
    """Sentences a comment can be checked against, each with its source ("article" or a name)."""

    sentences: tuple[str, ...]
    sources: tuple[str, ...]

    @classmethod
    def from_text(cls, text: str, source: str = "article",
                  related: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> ArticleContext:
        """From raw article text, plus optional related coverage as {source: text}."""
        items = related.items() if isinstance(related, Mapping) else related
        sentences: list[str] = []
        sources: list[str] = []
        for name, body in [(source, text), *items]:
            for sentence in split_sentences(body):
                if len(sentence.text.split()) >= 3:
                    sentences.append(sentence.text)
                    sources.append(name)
        return cls(tuple(sentences), tuple(sources))

    @classmethod
    def from_article(cls, article: Article,
                     related: Mapping[str, Article] | None = None) -> ArticleContext:
        """From a split page's article (its paragraphs only, never boilerplate) and related articles."""
        others = {name: a.text for name, a in (related or {}).items()}
        return cls.from_text(article.text, source=article.title or "article", related=others)

    @cached_property
    def index(self) -> tuple[Any, Any]:
        """(vectoriser, matrix) over the context sentences, built once per context."""
        tfidf = vectoriser(list(self.sentences) or [""])
        return tfidf, tfidf.transform(self.sentences)


class ClaimMatcher(BaseEstimator):
    """Calibrated 4-way classifier on (claim, evidence) pair features, plus retrieval over a context."""

    def __init__(self, top_k: int = 3, min_similarity: float = 0.12, min_probability: float = 0.5,
                 related_similarity: float = 0.25, random_state: int = 0) -> None:
        self.top_k = top_k
        self.min_similarity = min_similarity
        self.related_similarity = related_similarity
        self.min_probability = min_probability
        self.random_state = random_state

    def fit(self, claims: list[str], evidences: list[str], cosines: np.ndarray, labels: list[str]) -> ClaimMatcher:
        base = LogisticRegression(C=1.0, max_iter=2000, random_state=self.random_state)
        x = pair_matrix(claims, evidences, np.asarray(cosines))
        self.model_ = CalibratedClassifierCV(base, method="sigmoid", cv=3).fit(x, labels)
        return self

    def predict_proba(self, claims: list[str], evidences: list[str], cosines: np.ndarray) -> np.ndarray:
        """(n, 4) in `LABELS` order."""
        p = self.model_.predict_proba(pair_matrix(claims, evidences, np.asarray(cosines)))
        classes = list(self.model_.classes_)
        out = np.zeros((len(p), len(LABELS)))
        for k, label in enumerate(LABELS):
            if label in classes:  # matchers fitted before `related` existed have three classes
                out[:, k] = p[:, classes.index(label)]
        return out

    def match(self, sentences: list[str], context: ArticleContext) -> list[Match]:
        """Per sentence: its verdict and the context sentence it was matched against (`Evidence.probability`
        is that verdict's probability). A verdict other than `unrelated` needs `min_probability`, and
        `related` also a retrieval similarity of `related_similarity` (a floor, not learned: the
        synthetic `related` pairs always share topic words, real comments often share one name);
        corroborated/contradicted outrank related, which outranks the most similar unrelated sentence
        (kept as `unrelated` evidence). (None, None) when nothing is similar."""
        out: list[Match] = [(None, None)] * len(sentences)
        if not context.sentences or not sentences:
            return out
        tfidf, matrix = context.index
        similarity = (tfidf.transform(sentences) @ matrix.T).toarray()
        top = np.argsort(-similarity, axis=1)[:, : self.top_k]
        pairs = [(i, int(j)) for i in range(len(sentences)) for j in top[i]
                 if similarity[i, j] >= self.min_similarity]
        if not pairs:
            return out
        rows, cols = zip(*pairs)
        proba = self.predict_proba([sentences[i] for i in rows], [context.sentences[j] for j in cols],
                                   similarity[list(rows), list(cols)])
        unrelated = LABELS.index("unrelated")
        rank = {"corroborated": 2, "contradicted": 2, "related": 1, "unrelated": 0}
        best: dict[int, tuple[tuple[int, float], int, int]] = {}
        for k, (i, j) in enumerate(pairs):
            label = max((m for m in range(len(LABELS)) if m != unrelated), key=lambda m: proba[k, m])
            weak = LABELS[label] == "related" and similarity[i, j] < getattr(self, "related_similarity", 0.25)
            if proba[k, label] < self.min_probability or weak:
                label = unrelated
            key = (rank[LABELS[label]], float(proba[k, label] if label != unrelated else similarity[i, j]))
            if i not in best or key > best[i][0]:
                best[i] = (key, label, k)
        for i, (_, label, k) in best.items():
            j = pairs[k][1]
            evidence = Evidence(text=context.sentences[j], source=context.sources[j],
                                similarity=float(similarity[i, j]), probability=float(proba[k, label]))
            out[i] = (Corroboration(LABELS[label]), evidence)
        return out
