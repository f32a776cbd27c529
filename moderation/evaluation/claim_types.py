"""Proposition-type macro-F1 (the number CDCP papers report), from per-type probabilities.

One definition, used by both `moderation evaluate` and `moderation train-claims` (the model card),
so the two always print the same number for the same artifact on the same units (CDCP's gold test
propositions, each scored inside its comment).

Two variants, both reported:
- over every type the split annotates (on CDCP test: value, policy, fact, testimony, reference) --
  the published convention (Niculae et al. 2017's 73.5 = mean of 76.4 / 77.3 / 71.7 / 42.5 and
  100.0 for reference; Galassi et al. 2023's 78.7 likewise);
- `without reference`: CDCP test holds ONE reference proposition, so the five-type figure moves by
  0.2 when that single unit flips (0.522 vs 0.729 for two artifacts whose other four F1s barely
  differ). The four-type figure is the stable one to compare models by.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import f1_score

from moderation.types import CLAIM_TYPE_LABELS, Label

Columns = Mapping[Label, NDArray[np.float64]]
WITHOUT_REFERENCE = " (without reference)"


def annotated_types(targets: Columns) -> list[Label]:
    """Claim-type labels the split annotates on every row (one-hot), with at least one positive."""
    return [label for label in CLAIM_TYPE_LABELS
            if label in targets and not np.isnan(targets[label]).any() and targets[label].sum() > 0]


def claim_type_macro_f1(targets: Columns, scores: Columns,
                        exclude: tuple[Label, ...] = ()) -> float:
    """NaN unless the split annotates two or more types (outside `exclude`) and the system scores all
    of them. The predicted type is the most probable among all annotated ones; `exclude` only leaves
    a type out of the average (sklearn's `labels=`), as the model card's "without reference" does."""
    annotated = annotated_types(targets)
    types = [label for label in annotated if label not in exclude]
    if len(types) < 2 or any(label not in scores for label in annotated):
        return math.nan
    truth = np.argmax(np.column_stack([targets[label] for label in annotated]), axis=1)
    predicted = np.argmax(np.column_stack([scores[label] for label in annotated]), axis=1)
    kept = [annotated.index(label) for label in types]
    return float(f1_score(truth, predicted, labels=kept, average="macro", zero_division=0.0))


def claim_type_macro_f1s(targets: Columns, scores: Columns) -> dict[str, float]:
    """{"": all annotated types, WITHOUT_REFERENCE: the same without `reference`} (NaN ones left out)."""
    out = {"": claim_type_macro_f1(targets, scores),
           WITHOUT_REFERENCE: claim_type_macro_f1(targets, scores, exclude=(Label.CLAIM_REFERENCE,))}
    if Label.CLAIM_REFERENCE not in annotated_types(targets):
        out.pop(WITHOUT_REFERENCE)
    return {name: value for name, value in out.items() if not math.isnan(value)}
