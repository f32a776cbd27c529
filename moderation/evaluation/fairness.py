"""Unintended identity-term bias: subgroup, BPSN and BNSP AUC per identity term (Borkan et al. 2019).

A model that learned "gay" or "muslim" as a toxicity cue ranks the harmless sentences that mention
them above toxic sentences that do not: BPSN AUC (background positive, subgroup negative) is the number
that shows it. The templated sentences of Dixon et al. (2018) swap identity terms in and out of
otherwise identical sentences, so differences between terms are the model's, not the data's.
A sentence belongs to a term's subgroup when the term occurs in it as a whole word (case-insensitive),
as in the original analysis code; so "african american" sentences count for "african" and "american" too.
Evaluation only: the templates are never trained on.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from moderation.errors import DataUnavailable
from moderation.evaluation.metrics import roc_auc

TEMPLATES_FILE = Path("fairness") / "en_sentence_templates.csv"

# The identity terms the template set was generated with (conversationai/unintended-ml-bias-analysis).
IDENTITY_TERMS: tuple[str, ...] = (
    "lesbian", "gay", "bisexual", "transgender", "trans", "queer", "lgbt", "lgbtq", "homosexual",
    "straight", "heterosexual", "male", "female", "nonbinary", "african", "african american", "black",
    "white", "european", "hispanic", "latino", "latina", "latinx", "mexican", "canadian", "american",
    "asian", "indian", "middle eastern", "chinese", "japanese", "christian", "muslim", "jewish",
    "buddhist", "catholic", "protestant", "sikh", "taoist", "old", "older", "young", "younger",
    "teenage", "millenial", "middle aged", "elderly", "blind", "deaf", "paralyzed",
)


@dataclass(frozen=True)
class TermBias:
    """One identity term's three AUCs for one system (NaN where a side has one class only)."""

    term: str
    size: int
    subgroup_auc: float
    bpsn_auc: float
    bnsp_auc: float


def load_templates(data_dir: Path, max_rows: int | None = None, seed: int = 0) -> pd.DataFrame:
    """Columns `text`, `toxic` (0/1), `template`; optionally a seeded sample that keeps both classes balanced.

    The `name_adj` family is 94 % of the file and only varies the first name, so a sample keeps every
    other family whole and draws the rest from `name_adj`.
    """
    path = Path(data_dir) / TEMPLATES_FILE
    if not path.is_file():
        raise DataUnavailable(f"Identity-term templates not found at {path}; set MODERATION_DATA_DIR.")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = pd.DataFrame({
        "text": raw.phrase,
        "toxic": (raw.toxicity == "toxic").astype(int),
        "template": raw.template,
    })
    if max_rows is None or max_rows >= len(frame):
        return frame
    small = frame[frame.template != "name_adj"]
    budget = max(max_rows - len(small), 0)
    names = frame[frame.template == "name_adj"]
    per_class = budget // 2
    sampled = names.groupby("toxic", group_keys=False).sample(n=min(per_class, len(names) // 2),
                                                              random_state=seed)
    return pd.concat([small, sampled]).sort_index().reset_index(drop=True)


def term_mask(texts: pd.Series | list[str], term: str) -> NDArray[np.bool_]:
    pattern = re.compile(rf"\b{re.escape(term)}\b", re.IGNORECASE)
    return np.array([bool(pattern.search(t)) for t in texts], dtype=bool)


def subgroup_auc(y: NDArray[np.int_], p: NDArray[np.float64], in_group: NDArray[np.bool_]) -> float:
    return roc_auc(y[in_group], p[in_group])


def bpsn_auc(y: NDArray[np.int_], p: NDArray[np.float64], in_group: NDArray[np.bool_]) -> float:
    """Subgroup negatives vs background positives: low when harmless mentions of the term score high."""
    keep = (in_group & (y == 0)) | (~in_group & (y == 1))
    return roc_auc(y[keep], p[keep])


def bnsp_auc(y: NDArray[np.int_], p: NDArray[np.float64], in_group: NDArray[np.bool_]) -> float:
    """Subgroup positives vs background negatives: low when attacks on the term's group score low."""
    keep = (in_group & (y == 1)) | (~in_group & (y == 0))
    return roc_auc(y[keep], p[keep])


def term_biases(texts: pd.Series | list[str], y_true: ArrayLike, y_score: ArrayLike,
                terms: tuple[str, ...] = IDENTITY_TERMS) -> list[TermBias]:
    """The three AUCs for every term that occurs in `texts`."""
    y = np.asarray(y_true, dtype=int)
    p = np.asarray(y_score, dtype=float)
    results = []
    for term in terms:
        mask = term_mask(texts, term)
        if not mask.any():
            continue
        results.append(TermBias(term, int(mask.sum()), subgroup_auc(y, p, mask), bpsn_auc(y, p, mask),
                                bnsp_auc(y, p, mask)))
    return results


def summarise(biases: list[TermBias]) -> dict[str, float | str | None]:
    """The worst term on each metric: the number a newsroom should look at first."""
    summary: dict[str, float | str | None] = {}
    for metric in ("subgroup_auc", "bpsn_auc", "bnsp_auc"):
        defined = [b for b in biases if not math.isnan(getattr(b, metric))]
        worst = min(defined, key=lambda b: getattr(b, metric), default=None)
        summary[f"min_{metric}"] = getattr(worst, metric) if worst else math.nan
        summary[f"min_{metric}_term"] = worst.term if worst else None
    return summary
