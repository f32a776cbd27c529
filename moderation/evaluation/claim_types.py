"""Proposition-type macro-F1 (the number CDCP papers report), from per-type probabilities.

A system's predicted type is its most probable claim type among those the split annotates; the
published CDCP results (73.5 structured SVM, Niculae et al. 2017; 78.7 Galassi et al. 2023) are
macro-F1 over the five types on the official test split.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import f1_score

from moderation.types import CLAIM_TYPE_LABELS, Label

Columns = Mapping[Label, NDArray[np.float64]]


def annotated_types(targets: Columns) -> list[Label]:
    """Claim-type labels the split annotates on every row (one-hot), with at least one positive."""
    return [label for label in CLAIM_TYPE_LABELS
            if label in targets and not np.isnan(targets[label]).any() and targets[label].sum() > 0]


def claim_type_macro_f1(targets: Columns, scores: Columns) -> float:
    """NaN unless the split annotates two or more types and the system scores all of them."""
    types = annotated_types(targets)
    if len(types) < 2 or any(label not in scores for label in types):
        return math.nan
    truth = np.argmax(np.column_stack([targets[label] for label in types]), axis=1)
    predicted = np.argmax(np.column_stack([scores[label] for label in types]), axis=1)
    return float(f1_score(truth, predicted, labels=list(range(len(types))), average="macro", zero_division=0.0))
