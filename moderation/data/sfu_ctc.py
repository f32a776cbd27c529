"""SFU Constructiveness and Toxicity Corpus: 1,121 Globe and Mail comments (Kolhatkar & Taboada 2017).

Cross-corpus TEST only: never trained on, never used to choose thresholds. Mapping: incivility =
`is_toxic_popular_answer_1` >= 2 (mildly toxic or worse, 219 positives), the corpus README's suggestion.
No sub-labels. Texts that also occur in C3 or UCC are removed from those corpora's training rows.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from moderation.data.corpus import IncivilityAdapter, empty_labels, read_csv

CTC_FILE = "incivility/sfu_ctc_constructiveness_toxicity/SFU_constructiveness_toxicity.csv"


def load(data_dir: Path) -> pd.DataFrame:
    raw = read_csv(data_dir, CTC_FILE)
    raw = raw[raw["comment"].notna() & raw["is_toxic_popular_answer_1"].notna()].reset_index(drop=True)
    labels = empty_labels(len(raw))
    labels["incivility"] = (raw["is_toxic_popular_answer_1"].to_numpy(dtype=np.float64) >= 2) * 1.0
    return pd.DataFrame({"text": raw["comment"].astype(str), "group": raw["_unit_id"].astype(str),
                         "official_split": "test", **labels})


ADAPTER = IncivilityAdapter(
    name="sfu_ctc",
    description="SFU Constructiveness and Toxicity Corpus, 1,121 Globe and Mail comments (cross-corpus test only)",
    licence="CC BY-NC-SA 4.0",
    label_mapping={"incivility": "is_toxic_popular_answer_1 >= 2 (mildly toxic or worse)"},
    load=load,
    test_only=True,
)
