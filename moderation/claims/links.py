"""Support links: P(unit j gives a reason or evidence for unit i), for unit pairs of one comment.

CDCP annotates support as links between propositions. Reading them off pairwise (Niculae et al.
2017 do the same) lets a unit be supported by *which* neighbour, how far away, and how much it
shares with it -- what per-unit neighbour features cannot say. P(supported_i) = noisy-or over
its candidate supporters; that and the strongest single link feed the support head.

Pairs are limited to `WINDOW` units on either side (98 % of CDCP links), so cost stays linear in
comment length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from moderation.inference.jit import kernel

WINDOW = 6
MARKERS: tuple[str, ...] = ("because", "since", "as", "for", "so", "therefore", "thus", "hence", "e.g", "example", "instance", "if", "when", "and", "but", "also", "however", "although", "though", "while", "which", "this", "that", "these", "it", "i", "my", "we", "in", "according")
_MARKER_INDEX = {marker: k for k, marker in enumerate(MARKERS)}
_FIRST_WORD = re.compile(r"[a-z][a-z.']*")


def first_markers(texts: list[str]) -> np.ndarray:
    """One-hot of a unit's first word among discourse `MARKERS` (last column: none of them)."""
    out = np.zeros((len(texts), len(MARKERS) + 1), dtype=np.float32)
    for row, text in enumerate(texts):
        match = _FIRST_WORD.search(text[:40].lower())
        word = match.group().rstrip(".") if match else ""
        out[row, _MARKER_INDEX.get("e.g" if word.startswith("e.g") else word, len(MARKERS))] = 1.0
    return out


@kernel("UniTuple(i8[::1], 2)(i8[::1], i8)")
def _pairs_kernel(doc: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    n = len(doc)
    targets = np.empty(n * 2 * window, dtype=np.int64)
    sources = np.empty(n * 2 * window, dtype=np.int64)
    found = 0
    for s in range(2 * window):
        step = s + 1 if s < window else s - 2 * window
        for i in range(n):
            j = i + step
            if 0 <= j < n and doc[i] == doc[j]:
                targets[found] = i
                sources[found] = j
                found += 1
    return targets[:found], sources[:found]


def candidate_pairs(doc: np.ndarray, window: int = WINDOW) -> tuple[np.ndarray, np.ndarray]:
    """(target i, candidate supporter j): every j != i of the same comment within `window` units,
    ordered by offset (1..window, then -window..-1), then by i."""
    return _pairs_kernel(np.ascontiguousarray(doc, dtype=np.int64), window)


@kernel("f8[::1](i8[::1], i8[::1], f4[::1], i8[::1], i8[::1])")
def _pair_dots(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, i: np.ndarray, j: np.ndarray
               ) -> np.ndarray:
    out = np.zeros(len(i))
    for k in range(len(i)):
        a, a_end, b, b_end = indptr[i[k]], indptr[i[k] + 1], indptr[j[k]], indptr[j[k] + 1]
        total = 0.0
        while a < a_end and b < b_end:
            if indices[a] == indices[b]:
                total += float(data[a]) * float(data[b])
                a += 1
                b += 1
            elif indices[a] < indices[b]:
                a += 1
            else:
                b += 1
        out[k] = total
    return out


def pair_cosine(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, i: np.ndarray, j: np.ndarray
                ) -> np.ndarray:
    """Cosine of units i and j (pairwise) from CSR arrays with sorted indices; 0 for an empty unit."""
    if not len(i):
        return np.zeros(0)
    row_of = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    norms = np.sqrt(np.bincount(row_of, weights=np.square(data, dtype=np.float64), minlength=len(indptr) - 1))
    norms[norms == 0] = 1.0
    return _pair_dots(indptr, indices, data, i, j) / (norms[i] * norms[j])


def csr_arrays(x: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = sp.csr_matrix(x).sorted_indices()
    return x.indptr.astype(np.int64), x.indices.astype(np.int64), x.data


def pair_features(i: np.ndarray, j: np.ndarray, cosine: np.ndarray, cues: np.ndarray,
                  markers: np.ndarray, type_p: np.ndarray, log_size: np.ndarray) -> np.ndarray:
    """Offset (one-hot, clipped to +-5), both units' types and their products, the candidate's cues
    and first word, TF-IDF `cosine` of the two (`pair_cosine`), comment size."""
    offset = np.zeros((len(i), 11), dtype=np.float32)
    offset[np.arange(len(i)), np.clip(j - i, -5, 5) + 5] = 1.0
    both = (type_p[i][:, :, None] * type_p[j][:, None, :]).reshape(len(i), type_p.shape[1] ** 2)
    return np.hstack([offset, type_p[i], type_p[j], both, cues[j], markers[j], cosine[:, None],
                      log_size[i][:, None]]).astype(np.float32)


@dataclass
class LinkHead:
    """Pairwise link classifier; `support` turns its pair probabilities into per-unit features."""

    model: LogisticRegression

    @classmethod
    def fit(cls, x: np.ndarray, linked: np.ndarray, seed: int) -> LinkHead:
        return cls(LogisticRegression(C=1.0, max_iter=2000, random_state=seed).fit(x, linked.astype(int)))

    def pair_proba(self, x: np.ndarray) -> np.ndarray:
        if not len(x):
            return np.zeros(0)
        return 1 / (1 + np.exp(-(x @ self.model.coef_[0] + self.model.intercept_[0])))


def support_from_links(i: np.ndarray, p: np.ndarray, n: int) -> np.ndarray:
    """(n, 2): noisy-or of a unit's incoming link probabilities, and the strongest one."""
    log_none = np.zeros(n)
    np.add.at(log_none, i, np.log1p(-np.clip(p, 0.0, 1 - 1e-6)))
    strongest = np.zeros(n)
    np.maximum.at(strongest, i, p)
    return np.column_stack([1 - np.exp(log_none), strongest])


def positions(doc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index of each unit within its comment, log of its comment's unit count)."""
    starts = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]]) if len(doc) else np.zeros(0, int)
    sizes = np.diff(np.r_[starts, len(doc)])
    return np.arange(len(doc)) - np.repeat(starts, sizes), np.log(np.repeat(sizes, sizes).astype(float))


def link_labels(i: np.ndarray, j: np.ndarray, doc: np.ndarray, supporters: list[object]) -> np.ndarray:
    """1.0 when j (by its index within the comment) is among i's annotated supporters, NaN when i's
    links are not annotated (corpora other than CDCP, joined units)."""
    index, _ = positions(doc)
    out = np.full(len(i), np.nan)
    for k, (a, b) in enumerate(zip(i, j)):
        known = supporters[a]
        if isinstance(known, (set, frozenset, tuple, list)):
            out[k] = float(index[b] in known)
    return out
