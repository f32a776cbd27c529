"""The encoder's training rows: every incivility corpus's train split, soft targets where raters disagree,
per-head weights, and a calibration hold-out fixed before training.

- Targets: the corpus labels (NaN = not annotated, masked out of the loss), except ToxicSpans, whose
  sub-types and incivility are the *share* of raters (soft targets): only 91 training posts have a
  majority for threat, but 1,474 have at least one rater marking a threat span.
- Weights: `moderation.train.training_weights` (per-source class balance, identity-term balance) times a
  domain weight (`SOCIAL_WEIGHT` for tweets/forums/chatbot turns, which are not news comments), each head
  normalised to mean 1 and clipped at `MAX_WEIGHT` so a handful of rare positives cannot dominate.
- Hold-out: `HOLDOUT_SHARE` of ToxicSpans training posts (by a hash of the id) are never trained on; with
  the validation split they give the rare sub-types (threat: 4 validation positives) enough rows to choose
  a threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from moderation.data import Corpus
from moderation.data.splits import SOCIAL_SOURCES, bucket
from moderation.data.toxic_spans import TOXIC_SPANS_FILE, TYPE_COLUMNS
from moderation.text import normalise
from moderation.train import training_weights
from moderation.types import INCIVILITY_LABELS, Label

SOCIAL_WEIGHT = 0.5
MAX_WEIGHT = 30.0
HOLDOUT_SHARE = 20


@dataclass(frozen=True)
class EncoderRows:
    texts: list[str]
    targets: np.ndarray
    weights: np.ndarray
    sources: np.ndarray


def is_holdout(source: str, group: str) -> bool:
    """The ToxicSpans training posts kept out of fine-tuning (decided by id, before any training)."""
    return source == "toxic_spans" and bucket(f"encoder-holdout:{group}") < HOLDOUT_SHARE


def _soft_toxic_spans(rows: pd.DataFrame, targets: np.ndarray, data_dir: Path) -> np.ndarray:
    raw = pd.read_csv(Path(data_dir) / TOXIC_SPANS_FILE).set_index("comment_id")
    raw.index = raw.index.astype(str)
    out = targets.copy()
    mine = np.flatnonzero((rows["source"] == "toxic_spans").to_numpy())
    fractions = raw.reindex(rows["group"].iloc[mine].astype(str))
    columns = {"incivility": 1.0 - fractions["frac_not_toxic"].to_numpy(),
               **{label: fractions[column].to_numpy() for label, column in TYPE_COLUMNS.items()}}
    for j, label in enumerate(INCIVILITY_LABELS):
        if label.value in columns:
            values = columns[label.value]
            ok = ~np.isnan(values)
            out[mine[ok], j] = values[ok]
    return out


def encoder_rows(corpus: Corpus, split: str, data_dir: Path,
                 labels: tuple[Label, ...] = INCIVILITY_LABELS) -> EncoderRows:
    """Training rows (`split='train'`, hold-out removed) or evaluation rows (hard targets, unit weights)."""
    rows = corpus.split(split)
    if split == "train":
        keep = [not is_holdout(s, str(g)) for s, g in zip(rows["source"], rows["group"])]
        rows = rows[keep].reset_index(drop=True)
    targets = corpus.targets(rows, labels)
    if split != "train":
        return EncoderRows([normalise(t) for t in rows["text"]], targets, np.ones_like(targets),
                           rows["source"].to_numpy())
    weights = training_weights(rows, labels, source_balance=True, identity_balance=True)
    social = rows["source"].isin(SOCIAL_SOURCES).to_numpy()
    weights[social] *= SOCIAL_WEIGHT
    known = ~np.isnan(targets)
    for j in range(len(labels)):
        mean = weights[known[:, j], j].mean() if known[:, j].any() else 1.0
        weights[:, j] = np.clip(weights[:, j] / mean, 0.0, MAX_WEIGHT)
    weights[~known] = 0.0
    targets = _soft_toxic_spans(rows, targets, data_dir)
    return EncoderRows([normalise(t) for t in rows["text"]], targets, weights, rows["source"].to_numpy())


def holdout_rows(corpus: Corpus, data_dir: Path, labels: tuple[Label, ...] = INCIVILITY_LABELS) -> EncoderRows:
    """The ToxicSpans training posts held out of fine-tuning (hard targets, like validation)."""
    rows = corpus.split("train", source="toxic_spans")
    rows = rows[[is_holdout("toxic_spans", str(g)) for g in rows["group"]]].reset_index(drop=True)
    targets = corpus.targets(rows, labels)
    return EncoderRows([normalise(t) for t in rows["text"]], targets, np.ones_like(targets),
                       rows["source"].to_numpy())
