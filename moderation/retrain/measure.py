"""One model's numbers on the frozen test sets, the held-out feedback slice and the identity templates.

Candidate and current model go through exactly this function with exactly the same rows, and each is
judged at its own thresholds (those chosen on validation for it), so the gate compares like with like.
Only the incivility component is measured: it is the only one retraining changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from moderation.data import Corpus
from moderation.errors import ArtifactError
from moderation.evaluation.metrics import label_metrics
from moderation.model import Moderator
from moderation.train import TEST_SOURCES, fairness_summary
from moderation.types import Label

FEEDBACK_SPLIT = "feedback:held_out"


def _rounded(metrics: dict[str, Any]) -> dict[str, Any]:
    return {k: (round(v, 6) if isinstance(v, float) else v) for k, v in metrics.items()}


def measure_rows(probabilities: np.ndarray, labels: tuple[Label, ...], thresholds: dict[Label, float],
                 rows: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Per label with both classes present among the rows' known targets: the `label_metrics`."""
    out: dict[str, dict[str, Any]] = {}
    for j, label in enumerate(labels):
        if label.value not in rows:
            continue
        y = rows[label.value].to_numpy(dtype=np.float64)
        known = ~np.isnan(y)
        if known.sum() and 0 < y[known].sum() < known.sum():
            out[label.value] = _rounded(label_metrics(y, probabilities[:, j], thresholds.get(label, 0.5)).as_dict())
    return out


def evaluation_sets(corpus: Corpus, held_out: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Validation (reported, not gated), each shared corpus's fixed test split, the held-out feedback."""
    sets = {"validation": corpus.split("validation")}
    sets.update({f"{source}:test": corpus.split("test", source) for source in TEST_SOURCES})
    sets[FEEDBACK_SPLIT] = held_out
    return {name: rows for name, rows in sets.items() if not rows.empty}


class IncivilityScorer:
    """The incivility component alone, scored the way the service scores it (the compiled path when
    available, `moderation.model`), with the component's `labels_` / `predict_proba` interface."""

    def __init__(self, component: Any) -> None:
        self.labels_ = tuple(component.labels_)
        self._moderator = Moderator({"incivility": component}, {})

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        return self._moderator.probabilities(texts)


def measure_model(moderator: Moderator, sets: dict[str, pd.DataFrame], data_dir: Path | None) -> dict[str, Any]:
    """{"splits": {split: {label: metrics}}, "fairness": {...}} for the model's incivility component."""
    component = moderator.components.get("incivility")
    if component is None:
        raise ArtifactError(f"{moderator.version} has no incivility component; retraining cannot compare it.")
    scorer = IncivilityScorer(component)
    thresholds = {label: moderator.thresholds.get(label, 0.5) for label in scorer.labels_}
    splits = {}
    for name, rows in sets.items():
        splits[name] = measure_rows(scorer.predict_proba(rows["text"].tolist()), scorer.labels_, thresholds, rows)
    fairness = fairness_summary(scorer, data_dir) if data_dir is not None else {}  # type: ignore[arg-type]
    return {"splits": splits, "fairness": fairness}
