"""The candidate model: the existing training pipeline (`moderation.train`) on the base corpora plus the
moderators' verdicts as extra, weighted training rows. No second copy of the pipeline lives here.

Contamination guard: a text the candidate trains on (feedback) is removed from every validation and test
split before anything is fitted or measured, for the candidate and the current model alike, so no frozen
metric is computed on a trained-on comment (the shared corpora overlap: CTC, C3 and UCC share comments,
and a newsroom may send verdicts on comments that sit in a public test set).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from moderation.data import Corpus
from moderation.data.corpus import LABEL_COLUMNS
from moderation.data.splits import dedup_key
from moderation.incivility import IncivilityModel
from moderation.model import Moderator
from moderation.retrain.measure import IncivilityScorer
from moderation.retrain.verdicts import TrainingRow
from moderation.train import TrainOptions, choose_thresholds, fit_incivility
from moderation.types import Label

FEEDBACK_SOURCE = "feedback"


@dataclass(frozen=True)
class Candidate:
    moderator: Moderator
    component: Any
    thresholds: dict[Label, float]
    justification: dict[str, dict[str, float]]


def feedback_frame(rows: Sequence[TrainingRow]) -> pd.DataFrame:
    """Training rows in the corpus row format (`moderation.data.corpus`), source 'feedback'."""
    frame = pd.DataFrame({
        "text": [row.text for row in rows],
        "source": FEEDBACK_SOURCE,
        "group": [row.site_id for row in rows],
        "split": "train",
    })
    for column in LABEL_COLUMNS:
        frame[column] = [row.labels.get(Label(column), np.nan) for row in rows]
    frame["key"] = frame["text"].map(dedup_key)
    return frame


def without_trained_texts(corpus: Corpus, trained: pd.DataFrame) -> tuple[Corpus, dict[str, int]]:
    """The corpus minus validation/test rows whose text is in `trained`; counts removed per split:source."""
    keys = set(trained["key"])
    frame = corpus.frame
    hit = frame["key"].isin(keys) & (frame["split"] != "train")
    removed = {f"{split}:{source}": int(n)
               for (split, source), n in frame[hit].groupby(["split", "source"]).size().items()}
    return Corpus(frame=frame[~hit].reset_index(drop=True), adapters=corpus.adapters), removed


def like_current(current: Moderator, ngram: Any) -> Any:
    """The refitted n-gram model in the current model's shape: when the current incivility component is
    the n-gram + encoder blend, the new n-gram part joins the same encoder, weights and calibration (the
    encoder is not fine-tuned on verdicts here: that needs torch and hours of CPU)."""
    existing = current.components.get("incivility")
    if existing is None or not hasattr(existing, "parts"):
        return ngram
    from moderation.incivility.blend import BlendedIncivility

    blended = BlendedIncivility(ngram, existing.encoder, existing.weights, existing.calibration, existing.explainer)
    blended.part_thresholds_ = getattr(existing, "part_thresholds_", {})
    return blended


def fit_candidate(corpus: Corpus, current: Moderator, feedback: pd.DataFrame, options: TrainOptions, seed: int,
                  feedback_weight: float) -> Candidate:
    """Fit the incivility component on base train + feedback, choose thresholds on validation, and put it
    into a copy of the current model (other components, e.g. claims, are kept as they are)."""
    component = fit_incivility(corpus, options, seed, extra_rows=feedback, extra_weight=feedback_weight)
    component.set_params(progress=False)  # display only; keeps the pickled artifact identical across runs
    component = like_current(current, component)
    validation = corpus.split("validation")
    scores = IncivilityScorer(component).predict_proba(validation["text"].tolist())
    thresholds, justification = choose_thresholds(scores, corpus.targets(validation), component.labels_,
                                                  validation["source"].to_numpy())
    moderator = current.with_component("incivility", component, thresholds)
    return Candidate(moderator, component, thresholds, justification)


def train_options(progress: bool, model_params: dict[str, Any] | None = None) -> TrainOptions:
    """The pipeline's defaults, without the parts retraining does not redo (baseline, claims)."""
    return replace(TrainOptions(), baseline=False, claims=False, fairness=True, progress=progress,
                   model_params=dict(model_params or {}))
