"""UCC, the Unhealthy Comments Corpus, validation split: 4,427 Globe and Mail comments (Price et al. 2020).

Only `val.csv` is available (train missing, test withheld for blind evaluation). Mapping of the
trust-weighted majority labels:
- incivility = `hostile` or `antagonize` (antagonistic, insulting, provocative, trolling); 0 otherwise.
- mockery = `sarcastic` or `condescending` (sarcasm and belittling); 0 otherwise.
- insult, profanity, identity_attack, threat: not annotated (NaN). `dismissive` and `generalisation_unfair`
  are unhealthy but not uncivil in Coe et al.'s sense, so they are not mapped.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from moderation.data.corpus import IncivilityAdapter, empty_labels, read_csv

UCC_FILE = "incivility/ucc_unhealthy_comments/val.csv"


def load(data_dir: Path) -> pd.DataFrame:
    raw = read_csv(data_dir, UCC_FILE)
    raw = raw[raw["comment"].notna()].reset_index(drop=True)
    labels = empty_labels(len(raw))
    labels["incivility"] = ((raw["hostile"] == 1) | (raw["antagonize"] == 1)).to_numpy() * 1.0
    labels["mockery"] = ((raw["sarcastic"] == 1) | (raw["condescending"] == 1)).to_numpy() * 1.0
    return pd.DataFrame({"text": raw["comment"].astype(str), "group": raw["_unit_id"].astype(str),
                         "official_split": None, **labels})


ADAPTER = IncivilityAdapter(
    name="ucc",
    description="UCC Unhealthy Comments Corpus, validation split, 4,427 Globe and Mail comments (Price et al. 2020)",
    licence="CC BY-NC-SA 4.0 (NonCommercial: a commercial deployment needs a licence review)",
    label_mapping={
        "incivility": "hostile or antagonize",
        "mockery": "sarcastic or condescending",
        "insult": "not annotated (unknown)",
        "profanity": "not annotated (unknown)",
        "identity_attack": "not annotated (unknown)",
        "threat": "not annotated (unknown)",
    },
    load=load,
)
