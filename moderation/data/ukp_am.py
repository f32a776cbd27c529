"""UKP Sentential Argument Mining (Stab et al. 2018): web sentences on 8 controversial topics.

Label mapping: `Argument_for` / `Argument_against` -> `argument` = 1 (the sentence takes a position
and gives a reason for or against the topic: a claim in our sense), `NoArgument` -> 0 (background,
questions, navigation text, statements on the topic that argue nothing). It trains the is-a-claim
head of the claims component; the official `set` column (train / val / test) is kept as is.
Licence: annotations CC BY-NC (non-commercial); the model card says so, and a newsroom that sells
the service must refit without this corpus (`--no-ukp`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from moderation.errors import DataUnavailable

UKP_DIR = Path("claims") / "ukp_sentential_am"
UKP_LICENCE = "CC BY-NC (annotations); sentences are web text (see corpus README)"
UKP_SPLITS = {"train": "train", "val": "validation", "test": "test"}


def load_ukp(data_dir: Path) -> pd.DataFrame:
    """Rows: topic, text, stance (for / against / none), argument (1/0), split (train/validation/test)."""
    folder = Path(data_dir) / UKP_DIR
    files = sorted(folder.glob("*_dedup.csv"))
    if not files:
        raise DataUnavailable(f"UKP sentential argument mining not found in {folder}; set MODERATION_DATA_DIR.")
    raw = pd.concat([pd.read_csv(path) for path in files], ignore_index=True)
    unknown = set(raw.annotation) - {"Argument_for", "Argument_against", "NoArgument"}
    if unknown or set(raw["set"]) - set(UKP_SPLITS):
        raise DataUnavailable(f"UKP files in {folder} have labels or sets this adapter does not know: {unknown}.")
    stance = raw.annotation.map({"Argument_for": "for", "Argument_against": "against", "NoArgument": "none"})
    return pd.DataFrame({"topic": raw.topic.astype(str), "text": raw.sentence.astype(str).str.strip(),
                         "stance": stance, "argument": (stance != "none").astype(int),
                         "split": raw["set"].map(UKP_SPLITS)})
