"""The row format every incivility adapter produces, and the `Corpus` that training and evaluation share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from moderation.errors import DataUnavailable
from moderation.types import INCIVILITY_LABELS, Label

LABEL_COLUMNS: tuple[str, ...] = tuple(label.value for label in INCIVILITY_LABELS)
SPLITS: tuple[str, ...] = ("train", "validation", "test")


@dataclass(frozen=True)
class IncivilityAdapter:
    """One corpus: how to read it, what its labels mean for ours, and under which licence.

    `load(data_dir)` returns a frame with `text`, `group` (e.g. article id), `official_split` (or None) and one
    float column per incivility label: 1.0 / 0.0 where the corpus annotates it, NaN where it does not
    (missing is not negative: a head only trains on rows where its label is known).
    """

    name: str
    description: str
    licence: str
    label_mapping: dict[str, str]
    load: Callable[[Path], pd.DataFrame]
    test_only: bool = False


@dataclass(frozen=True)
class Corpus:
    """All incivility rows with fixed splits.

    `frame` columns: `text`, `source` (adapter name), `split` (train / validation / test), `group`,
    one float column per label in `LABEL_COLUMNS` (NaN = not annotated), `key` (normalised text used to
    de-duplicate). `adapters` documents each source for the model card.
    """

    frame: pd.DataFrame
    adapters: dict[str, IncivilityAdapter] = field(default_factory=dict)

    def split(self, name: str, source: str | None = None) -> pd.DataFrame:
        """Rows of one split (optionally of one source), in a stable order."""
        if name not in SPLITS:
            raise ValueError(f"Unknown split {name!r}; use one of {', '.join(SPLITS)}.")
        rows = self.frame[self.frame["split"] == name]
        if source is not None:
            rows = rows[rows["source"] == source]
        return rows.reset_index(drop=True)

    def targets(self, rows: pd.DataFrame, labels: tuple[Label, ...] = INCIVILITY_LABELS) -> np.ndarray:
        """(n, k) float array of targets with NaN where a label is unknown."""
        return rows[[label.value for label in labels]].to_numpy(dtype=np.float64)

    def summary(self) -> dict[str, dict[str, dict[str, int]]]:
        """Per source and split: rows, and positives / known rows per label (for the model card)."""
        out: dict[str, dict[str, dict[str, int]]] = {}
        for (source, split), rows in self.frame.groupby(["source", "split"], sort=True):
            entry = {"rows": {"n": int(len(rows))}}
            for column in LABEL_COLUMNS:
                known = rows[column].notna()
                if known.any():
                    entry[column] = {"known": int(known.sum()), "positive": int((rows[column] == 1).sum())}
            out.setdefault(str(source), {})[str(split)] = entry
        return out


def read_csv(data_dir: Path, relative: str, **kwargs: object) -> pd.DataFrame:
    """Read one corpus file, or say which file is missing and how to point us at the data."""
    path = Path(data_dir) / relative
    if not path.is_file():
        raise DataUnavailable(
            f"Corpus file {path} is missing; set MODERATION_DATA_DIR (or --data-dir) to the shared data folder."
        )
    return pd.read_csv(path, **kwargs)  # type: ignore[call-overload]


def empty_labels(n: int) -> dict[str, np.ndarray]:
    return {column: np.full(n, np.nan) for column in LABEL_COLUMNS}
