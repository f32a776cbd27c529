"""Identity-term balancing: stop the heads from learning "gay" or "muslim" as a cue for incivility.

In the training corpora, identity terms occur far more often in attacks than in civil comments (ToxicSpans
is drawn from toxic-flagged posts), so a bag-of-n-grams model learns the *mention* of a group as toxic
(Dixon et al. 2018). We re-weight, per head and per term, the civil training rows that mention the term so
that the weighted rate of positives among rows mentioning it equals the head's overall rate. Only training
rows are used (never the evaluation templates). The featuriser also replaces every term by one placeholder
whose own weights are zeroed, and the valence cues never see the terms ("blind" is negative in VADER).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

IDENTITY_TERMS: tuple[str, ...] = (
    "lesbian", "lesbians", "gay", "gays", "bisexual", "transgender", "trans", "queer", "lgbt", "lgbtq",
    "homosexual", "homosexuals", "heterosexual", "straight", "male", "female", "nonbinary", "african",
    "black", "blacks", "white", "whites", "european", "hispanic", "latino", "latina", "latinx", "mexican",
    "mexicans", "canadian", "american", "americans", "asian", "asians", "indian", "indians", "chinese",
    "japanese", "arab", "arabs", "christian", "christians", "muslim", "muslims", "islam", "islamic",
    "jewish", "jew", "jews", "buddhist", "catholic", "catholics", "protestant", "sikh", "hindu", "atheist",
    "atheists", "taoist", "immigrant", "immigrants", "refugee", "refugees", "native", "indigenous",
    "aboriginal", "old", "older", "young", "younger", "teenage", "elderly", "blind", "deaf", "disabled",
    "paralyzed", "women", "woman", "men", "man", "girl", "girls", "boy", "boys", "middle eastern",
    "middle aged", "african american", "millennial", "millennials", "millenial", "teen", "teens", "teenager",
    "teenagers", "senior", "seniors",
)
MIN_ROWS = 20
MAX_FACTOR = 10.0


def term_masks(normalised_texts: Sequence[str], terms: Sequence[str] = IDENTITY_TERMS) -> dict[str, np.ndarray]:
    """Per term, which (already normalised, lower-case) texts mention it as a whole word."""
    out = {}
    for term in terms:
        pattern = re.compile(rf"\b{re.escape(term)}\b")
        out[term] = np.fromiter((bool(pattern.search(t)) for t in normalised_texts), dtype=bool,
                                count=len(normalised_texts))
    return out


def balance_weights(masks: dict[str, np.ndarray], y: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Up-weight civil rows mentioning over-represented terms; rows with unknown y (NaN) are untouched."""
    known = ~np.isnan(y)
    positive = known & (y == 1)
    overall = weights[positive].sum() / max(weights[known].sum(), 1e-9)
    factor = np.ones_like(weights)
    for mask in masks.values():
        rows = mask & known
        if rows.sum() < MIN_ROWS or overall <= 0:
            continue
        rate = weights[rows & positive].sum() / weights[rows].sum()
        if rate <= overall or rate >= 1:
            continue
        needed = (rate / (1 - rate)) * ((1 - overall) / overall)
        civil = rows & ~positive
        factor[civil] = np.maximum(factor[civil], min(needed, MAX_FACTOR))
    return weights * factor
