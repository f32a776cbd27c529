"""One shared sparse feature matrix for every head: hashed word and character n-grams plus lexical cues.

Why hashing: a vocabulary dict costs memory, load time and a Python lookup per token; `HashingVectorizer` is
stateless, so the artifact only carries the IDF vector and the stacked head weights, and every head reuses
the same matrix (one normalisation + tokenisation pass per comment, see `moderation.text`). Word n-grams
catch phrases ("shut up"), character n-grams inside word boundaries catch spellings the normaliser cannot
undo ("idiiot", "stoopid") and unseen inflections. Cues are computed on the *original* text, because
shouting (capitals) and "!!!" are lost by normalisation. Expensive parts are switchable (`char_ngrams=None`,
`lexical_cues=False`) so the speed pass can trade them against accuracy. `neutral_terms` (identity terms)
are all replaced by one placeholder word before hashing, so no group name gets a weight of its own; the
component then zeroes the placeholder's features (see `moderation.incivility.identity`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize
from vaderSentiment import vaderSentiment as vader_module

from moderation.text import WORD_PATTERN, normalise

NEUTRAL_PLACEHOLDER = "qxidentityqx"
CUE_NAMES: tuple[str, ...] = ("capitals", "exclamations", "questions", "second_person", "length", "empty",
                               "most_negative_word", "negative_words", "positive_words")
_SECOND_PERSON = re.compile(r"\b(?:you|your|youre|you're|yours|yourself|u|ur|ya)\b")
_LETTER = re.compile(r"[A-Za-z]")
_UPPER = re.compile(r"[A-Z]")


@lru_cache(maxsize=1)
def valence_lexicon() -> dict[str, float]:
    """VADER's human-rated word valences (-4..4; Hutto & Gilbert 2014, MIT), shipped with vaderSentiment.

    Word-level valence generalises beyond the training corpora: "disgusting", "repulsive" or "moronic"
    are negative whether or not a training comment used them.
    """
    path = Path(vader_module.__file__).with_name("vader_lexicon.txt")
    lexicon = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                lexicon[parts[0]] = float(parts[1])
            except ValueError:
                continue
    return lexicon


def _valence_cues(normalised: str) -> list[float]:
    lexicon = valence_lexicon()
    valences = [lexicon[w] for w in WORD_PATTERN.findall(normalised) if w in lexicon]
    words = max(1, normalised.count(" ") + 1)
    most_negative = -min(0.0, min(valences, default=0.0)) / 4.0
    negative = sum(1 for v in valences if v <= -1.5)
    positive = sum(1 for v in valences if v >= 1.5)
    return [most_negative, min(1.0, 4 * negative / words), min(1.0, 4 * positive / words)]


def lexical_cues(original: str, normalised: str) -> list[float]:
    """Cheap style cues: share of capital letters, '!' and '?' rates, second-person address, length, and
    the valence of the most negative word plus shares of strongly negative / positive words."""
    letters = len(_LETTER.findall(original))
    capitals = len(_UPPER.findall(original)) / letters if letters >= 8 else 0.0
    words = max(1, normalised.count(" ") + 1)
    return [
        capitals,
        min(original.count("!") / words, 1.0),
        min(original.count("?") / words, 1.0),
        1.0 if _SECOND_PERSON.search(normalised) else 0.0,
        float(np.log1p(words) / 7.0),
        1.0 if not normalised.strip() else 0.0,
        *_valence_cues(normalised),
    ]


def _trie_pattern(terms: Sequence[str]) -> str:
    """One regex alternation of `terms` shaped as a prefix tree ("a(?:frican(?: american)?|sian(?:s)?)").

    Same matches as the flat longest-first alternation (greedy optional branches try the longer term
    first), about 3x faster: Python's `re` does not merge common prefixes itself.
    """
    trie: dict[str, dict] = {}
    for term in terms:
        node = trie
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class CommentFeaturizer(TransformerMixin, BaseEstimator):
    """Texts -> CSR float32 matrix: [word block | char block | cue block], each block L2-normalised.

    Parameters are stored as given (scikit-learn convention); `fit` learns only the IDF vector `idf_`.
    `transform(texts)` normalises; `transform_normalised(normalised, originals)` skips that step (the
    explainer featurises many edited copies of one already-normalised comment).
    """

    def __init__(self, n_word_features: int = 2**18, n_char_features: int = 2**18,
                 word_ngrams: tuple[int, int] = (1, 2), char_ngrams: tuple[int, int] | None = (2, 5),
                 lexical_cues: bool = True, cue_scale: float = 1.0,
                 neutral_terms: tuple[str, ...] | None = None) -> None:
        self.n_word_features = n_word_features
        self.n_char_features = n_char_features
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.lexical_cues = lexical_cues
        self.cue_scale = cue_scale
        self.neutral_terms = neutral_terms

    def _hashers(self) -> list[HashingVectorizer]:
        common = {"lowercase": False, "alternate_sign": False, "norm": None, "dtype": np.float32}
        hashers = [HashingVectorizer(analyzer="word", token_pattern=WORD_PATTERN.pattern,
                                     ngram_range=tuple(self.word_ngrams), n_features=self.n_word_features,
                                     **common)]
        if self.char_ngrams is not None:
            hashers.append(HashingVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams),
                                             n_features=self.n_char_features, **common))
        return hashers

    @property
    def n_features_out(self) -> int:
        width = self.n_word_features + (self.n_char_features if self.char_ngrams is not None else 0)
        return width + (len(CUE_NAMES) if self.lexical_cues else 0)

    def _neutral_pattern(self) -> re.Pattern[str] | None:
        if not getattr(self, "neutral_terms", None):
            return None
        key = ("trie", self.neutral_terms)
        if getattr(self, "_neutral_cache", None) is None or self._neutral_cache[0] != key:
            self._neutral_cache = (key, re.compile(rf"\b(?:{_trie_pattern(self.neutral_terms)})\b"))
        return self._neutral_cache[1]

    def neutral_feature_indices(self) -> np.ndarray:
        """Columns produced by the identity placeholder alone (its word and character n-grams)."""
        blocks, offset = [], 0
        for hasher in self._hashers():
            blocks.append(hasher.transform([NEUTRAL_PLACEHOLDER]).indices + offset)
            offset += hasher.n_features
        return np.concatenate(blocks)

    def _neutralise(self, normalised: Sequence[str]) -> list[str]:
        pattern = self._neutral_pattern()
        if pattern is None:
            return list(normalised)
        return [pattern.sub(NEUTRAL_PLACEHOLDER, text) for text in normalised]

    def _counts(self, neutralised: Sequence[str]) -> list[sp.csr_matrix]:
        blocks = []
        for hasher in self._hashers():
            counts = hasher.transform(neutralised).tocsr()
            counts.data = np.log1p(counts.data)
            blocks.append(counts)
        return blocks

    def fit(self, X: Sequence[str], y: object = None) -> CommentFeaturizer:
        """Learn smoothed IDF weights per hashed n-gram (one vector over all blocks)."""
        normalised = self._neutralise([normalise(text) for text in X])
        blocks = self._counts(normalised)
        n = len(normalised)
        idf = [np.log((1 + n) / (1 + np.bincount(b.indices, minlength=b.shape[1]))) + 1 for b in blocks]
        self.idf_ = [vector.astype(np.float32) for vector in idf]
        self.n_features_in_ = 1
        self.n_cues_ = len(CUE_NAMES) if self.lexical_cues else 0
        return self

    def transform(self, X: Sequence[str]) -> sp.csr_matrix:
        texts = list(X)
        return self.transform_normalised([normalise(text) for text in texts], texts)

    def transform_normalised(self, normalised: Sequence[str], originals: Sequence[str]) -> sp.csr_matrix:
        """Featurise texts that `moderation.text.normalise` already produced (`originals` feed the cues)."""
        normalised = self._neutralise(normalised)
        blocks = []
        for counts, idf in zip(self._counts(normalised), self.idf_):
            counts.data *= idf[counts.indices]
            blocks.append(normalize(counts, copy=False))
        if self.lexical_cues:
            n_cues = getattr(self, "n_cues_", 6)
            cues = np.asarray([lexical_cues(o, n)[:n_cues] for o, n in zip(originals, normalised)],
                              dtype=np.float32)
            blocks.append(sp.csr_matrix(cues.reshape(len(normalised), n_cues) * self.cue_scale))
        return sp.hstack(blocks, format="csr", dtype=np.float32)
