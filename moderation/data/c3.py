"""C3, the Constructive Comments Corpus: 12,000 Globe and Mail reader comments (Kolhatkar et al. 2020).

Mapping (rater share = votes for a characteristic / `njudgements_toxicity_expt`):
- incivility = 1 when `crowd_toxicity_level` (mean of 1-4 ratings) >= 2 ("mildly toxic" or worse on average)
  or >= 40 % of raters ticked `personal_attack` or `abusive`; 0 otherwise.
- insult = `personal_attack` share >= 0.4; mockery = `teasing` share >= 0.4 (teasing/belittling).
- profanity, identity_attack, threat: C3 does not annotate them. We only take a *negative* where every rater
  rated the comment "not toxic" (`crowd_toxicity_level` == 1): a comment nobody found toxic at all holds no
  profanity, identity attack or threat. Anything else is NaN (unknown), never negative.
- `inflammatory` and `embarrassment` are not mapped to a sub-label (they feed `crowd_toxicity_level`).
Group = `article_id` (splits are by article, see `splits.py`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from moderation.data.corpus import IncivilityAdapter, empty_labels, read_csv

C3_FILE = "claims/c3_constructive_comments/C3_anonymized.csv"
SHARE_THRESHOLD = 0.4


def _share(cells: pd.Series, name: str, judgements: np.ndarray) -> np.ndarray:
    def votes(cell: object) -> int:
        for item in str(cell).splitlines():
            key, _, count = item.partition(":")
            if key.strip() == name and count.strip().isdigit():
                return int(count)
        return 0

    counts = cells.map(votes).to_numpy(dtype=np.float64)
    return counts / np.maximum(judgements, 1.0)


def load(data_dir: Path) -> pd.DataFrame:
    raw = read_csv(data_dir, C3_FILE)
    raw = raw[raw["comment_text"].notna()].reset_index(drop=True)
    judgements = raw["njudgements_toxicity_expt"].fillna(1).to_numpy(dtype=np.float64)
    level = raw["crowd_toxicity_level"].to_numpy(dtype=np.float64)
    traits = raw["toxicity_characteristics"]
    attack = _share(traits, "personal_attack", judgements)
    abusive = _share(traits, "abusive", judgements)
    teasing = _share(traits, "teasing", judgements)
    labels = empty_labels(len(raw))
    labels["incivility"] = ((level >= 2) | (attack >= SHARE_THRESHOLD) | (abusive >= SHARE_THRESHOLD)) * 1.0
    labels["insult"] = (attack >= SHARE_THRESHOLD) * 1.0
    labels["mockery"] = (teasing >= SHARE_THRESHOLD) * 1.0
    all_civil = level <= 1.0
    for column in ("profanity", "identity_attack", "threat"):
        labels[column] = np.where(all_civil, 0.0, np.nan)
    return pd.DataFrame({"text": raw["comment_text"].astype(str), "group": raw["article_id"].astype(str),
                         "official_split": None, **labels})


ADAPTER = IncivilityAdapter(
    name="c3",
    description="C3 Constructive Comments Corpus, 12,000 Globe and Mail comments (Kolhatkar et al. 2020)",
    licence="CC BY-SA 4.0 per the Kaggle/SFU release (not verified offline; check before redistribution)",
    label_mapping={
        "incivility": "crowd_toxicity_level >= 2, or >= 40% of raters ticked personal_attack or abusive",
        "insult": "personal_attack ticked by >= 40% of raters",
        "mockery": "teasing ticked by >= 40% of raters",
        "profanity": "negative only when crowd_toxicity_level == 1 (nobody found it toxic); else unknown",
        "identity_attack": "negative only when crowd_toxicity_level == 1; else unknown",
        "threat": "negative only when crowd_toxicity_level == 1; else unknown",
    },
    load=load,
)
