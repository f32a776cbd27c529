"""ToxicSpans: 16,100 Civil Comments posts (≈50 news sites) with typed toxic spans (Pavlopoulos et al. 2021/22).

Every post was flagged toxic by the original Jigsaw raters, so negatives are scarce (~30 % judged "not
toxic" by the span raters): good for *which kind* of incivility, not for base rates.
Mapping, from `comments_aggregated.csv` (shares of raters):
- incivility = 1 - `frac_not_toxic` > 0.5 (a majority did not tick "not toxic").
- insult = `frac_insult` >= 0.5; profanity = `frac_profane_obscene` >= 0.5;
  identity_attack = `frac_identity_attack` >= 0.5; threat = `frac_threat` >= 0.5.
- mockery: not annotated (NaN).
Split = the official SemEval-2021 Task 5 membership (`semeval2021_split`): train -> train, trial -> validation,
test -> test; posts outside SemEval go to train (`splits.py`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from moderation.data.corpus import IncivilityAdapter, empty_labels, read_csv

TOXIC_SPANS_FILE = "incivility/civil_comments_toxic_spans/comments_aggregated.csv"
MAJORITY = 0.5
TYPE_COLUMNS = {
    "insult": "frac_insult",
    "profanity": "frac_profane_obscene",
    "identity_attack": "frac_identity_attack",
    "threat": "frac_threat",
}


def load(data_dir: Path) -> pd.DataFrame:
    raw = read_csv(data_dir, TOXIC_SPANS_FILE)
    raw = raw[raw["comment_text"].notna()].reset_index(drop=True)
    labels = empty_labels(len(raw))
    labels["incivility"] = ((1.0 - raw["frac_not_toxic"].to_numpy()) > MAJORITY) * 1.0
    for label, column in TYPE_COLUMNS.items():
        labels[label] = (raw[column].to_numpy(dtype=np.float64) >= MAJORITY) * 1.0
    official = raw["semeval2021_split"].where(raw["semeval2021_split"].notna(), None)
    return pd.DataFrame({"text": raw["comment_text"].astype(str), "group": raw["comment_id"].astype(str),
                         "official_split": official, **labels})


ADAPTER = IncivilityAdapter(
    name="toxic_spans",
    description="ToxicSpans, 16,100 toxic-flagged Civil Comments posts with typed spans (SemEval-2021 Task 5)",
    licence="CC0 1.0",
    label_mapping={
        "incivility": "share of raters NOT ticking 'not toxic' > 0.5",
        "insult": "share of raters marking an Insult span >= 0.5",
        "profanity": "share marking a Profane/Obscene span >= 0.5",
        "identity_attack": "share marking an Identity based Attack span >= 0.5",
        "threat": "share marking a Threat span >= 0.5",
        "mockery": "not annotated (unknown)",
    },
    load=load,
)
