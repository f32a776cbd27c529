"""CheckThat! 2022 Task 1B (English tweets): "contains a verifiable factual claim".

Label mapping: `claim` = 1 -> the text contains a fact-type claim; 0 -> it does not contain a
*verifiable factual* one (it may still hold a value or policy claim, so 0 is not `none`).
Used for evaluation only (cross-domain AUC of `claim_fact`): split `dev_test` (official labelled
held-out set; the official test gold is not available). Licence: free for general research use.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from moderation.errors import DataUnavailable

CHECKTHAT_DIR = Path("claims") / "checkthat2022_task1_english"
CHECKTHAT_LICENCE = "free for general research use (tweets: X/Twitter terms)"
SPLITS = {"train": "train", "dev": "dev", "dev_test": "dev_test"}


def load_checkthat(data_dir: Path, split: str = "dev_test") -> pd.DataFrame:
    """Rows: text, claim (0/1), split."""
    if split not in SPLITS:
        raise ValueError(f"unknown CheckThat split {split!r}; use one of {sorted(SPLITS)}.")
    path = Path(data_dir) / CHECKTHAT_DIR / f"CT22_english_1B_claim_{SPLITS[split]}.tsv"
    if not path.is_file():
        raise DataUnavailable(f"CheckThat 2022 1B not found at {path}; set MODERATION_DATA_DIR.")
    raw = pd.read_csv(path, sep="\t", dtype={"tweet_id": str}, quoting=3)
    return pd.DataFrame({"text": raw.tweet_text.astype(str), "claim": raw.class_label.astype(int),
                         "split": split})
