"""Split resolved feedback by time: earlier comments train the candidate, the later slice judges it.

The cutoff is a point in time, not a row count, so comments judged at the same instant never straddle it,
and nothing from the held-out slice's time is trained on. By default the cutoff is the first time after the
earliest (1 - `holdout_fraction`) of comments (ordered by their last verdict change; comments sharing the
boundary's instant stay on the training side, so the held-out slice may be a little smaller); a fixed
`cutoff` (`--holdout-since`) keeps the held-out slice stable across runs. Comments whose text (normalised,
as `moderation.data.splits.dedup_key`) also occurs before the cutoff are dropped from the held-out slice:
a repost of a trained comment would measure memory, not generalisation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from moderation.data.splits import dedup_key
from moderation.retrain.verdicts import TrainingRow


@dataclass(frozen=True)
class TimeSplit:
    train: tuple[TrainingRow, ...]
    held_out: tuple[TrainingRow, ...]
    cutoff: datetime | None
    dropped_repeats: int = 0


def _order(row: TrainingRow) -> tuple[datetime, str, str]:
    return row.time, row.site_id, row.comment_id


def split_by_time(rows: Sequence[TrainingRow], holdout_fraction: float,
                  cutoff: datetime | None = None) -> TimeSplit:
    """Rows before the cutoff train; rows at or after it are held out (see the module docstring)."""
    ordered = sorted(rows, key=_order)
    if not ordered:
        return TimeSplit((), (), cutoff)
    if cutoff is None:
        n_train = min(max(1, math.floor(len(ordered) * (1.0 - holdout_fraction))), len(ordered))
        last_train = ordered[n_train - 1].time
        later = [row.time for row in ordered[n_train:] if row.time > last_train]
        if not later:
            return TimeSplit(tuple(ordered), (), None)
        cutoff = min(later)
    train = tuple(row for row in ordered if row.time < cutoff)
    seen = {dedup_key(row.text) for row in train}
    later = [row for row in ordered if row.time >= cutoff]
    held_out = tuple(row for row in later if dedup_key(row.text) not in seen)
    return TimeSplit(train, held_out, cutoff, len(later) - len(held_out))
