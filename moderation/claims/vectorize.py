"""`TfidfVectorizer.transform`, same matrix, without scikit-learn's per-document Python machinery.

The claims path vectorises every sentence and then every multi-sentence comment: scikit-learn's word
analyzer builds an n-gram list per document, counts through an `array.array`, validates, sorts and
normalises through several sparse copies -- about 130 us a sentence, more than everything else the
claims component does with it. Here each document costs one `findall` and one dict lookup per
n-gram; counting, sublinear tf, IDF and L2 normalisation are done once per batch in numpy. Only the
configuration the claims vectorizer uses is handled (lowercased word 1..n-grams from a token
pattern, fitted vocabulary, `sublinear_tf`, IDF, l2); anything else goes to scikit-learn.
`tests/test_claims_vectorize.py` compares both on real and generated text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise, repeat

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

_DEFAULTS = {"analyzer": "word", "preprocessor": None, "tokenizer": None, "stop_words": None,
             "strip_accents": None, "lowercase": True, "binary": False, "norm": "l2", "use_idf": True,
             "input": "content"}


def supported(vectorizer: object) -> bool:
    """True when `transform` below reproduces `vectorizer.transform` exactly (up to float rounding)."""
    if type(vectorizer) is not TfidfVectorizer or not hasattr(vectorizer, "vocabulary_"):
        return False
    return all(getattr(vectorizer, k) == v for k, v in _DEFAULTS.items()) and vectorizer.ngram_range[0] == 1


@lru_cache(maxsize=8)
def _pattern(token_pattern: str) -> re.Pattern:
    return re.compile(token_pattern)


def _term_ids(texts: list[str], pattern: re.Pattern, vocabulary: dict[str, int], max_n: int
              ) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of every in-vocabulary n-gram occurrence, scikit-learn's n-gram order. Every
    n-gram of the batch goes through one dict lookup pass; filtering and row ids are numpy."""
    grams: list[str] = []
    sizes = np.zeros(len(texts), dtype=np.int64)
    findall = pattern.findall
    for row, text in enumerate(texts):
        tokens = findall(text.lower())
        before = len(grams)
        grams += tokens
        if max_n == 2:
            grams += [f"{a} {b}" for a, b in pairwise(tokens)]
        else:
            grams += _ngrams(tokens, max_n)[len(tokens):]
        sizes[row] = len(grams) - before
    cols = np.fromiter(map(vocabulary.get, grams, repeat(-1)), dtype=np.int64, count=len(grams))
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), sizes)
    known = cols >= 0
    return rows[known], cols[known]


def _ngrams(tokens: list[str], max_n: int) -> list[str]:
    grams = list(tokens)
    for n in range(2, min(max_n, len(tokens)) + 1):
        grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def transform_arrays(vectorizer: TfidfVectorizer, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR arrays (indptr, indices sorted per row, float32 data) of `vectorizer.transform(texts)`, built
    with numpy alone: a scipy matrix costs ~0.1 ms to construct, most of scoring one short comment."""
    if not supported(vectorizer):
        x = sp.csr_matrix(vectorizer.transform(texts))
        x.sort_indices()
        return x.indptr.astype(np.int64), x.indices.astype(np.int64), x.data
    n_cols = len(vectorizer.vocabulary_)
    rows, cols = _term_ids(texts, _pattern(vectorizer.token_pattern), vectorizer.vocabulary_,
                           vectorizer.ngram_range[1])
    keys, counts = np.unique(rows * n_cols + cols, return_counts=True)
    row_of, indices = np.divmod(keys, n_cols)
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(row_of, minlength=len(texts)), out=indptr[1:])
    data = counts.astype(np.float64)
    if vectorizer.sublinear_tf:
        data = np.log(data) + 1.0
    data *= vectorizer.idf_[indices]
    norms = np.sqrt(np.bincount(row_of, weights=data * data, minlength=len(texts)))
    norms[norms == 0] = 1.0
    return indptr, indices, (data / norms[row_of]).astype(vectorizer.dtype)


def transform(vectorizer: TfidfVectorizer, texts: list[str]) -> sp.csr_matrix:
    """`vectorizer.transform(texts)` as a CSR matrix with sorted indices."""
    indptr, indices, data = transform_arrays(vectorizer, texts)
    out = sp.csr_matrix((data, indices, indptr), shape=(len(texts), len(vectorizer.vocabulary_)))
    out.has_sorted_indices = True
    return out
