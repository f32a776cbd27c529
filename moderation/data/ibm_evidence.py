"""IBM Debater evidence sentences (Shnarch et al. 2018): Wikipedia sentences paired with a motion.

Label mapping: `label` 1 -> `evidence` = 1 (a majority of 10 annotators judged the sentence to be
evidence -- a study, an expert, a statistic -- for or against the motion), 0 -> 0. It teaches the
claims component what *carries its own support* (a source, a study, figures), the part of support
CDCP cannot teach because it keeps such a source inside one proposition. Official train / test.
Licence: IBM Debater datasets terms (CC BY-SA 3.0 per the IBM site); the copy sits in a GPL-3.0 repo.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from moderation.errors import DataUnavailable

IBM_EVIDENCE_DIR = Path("claims") / "ibm_evidence_sentences"
IBM_EVIDENCE_LICENCE = "IBM Debater datasets terms (CC BY-SA 3.0 per the IBM site)"


def load_ibm_evidence(data_dir: Path) -> pd.DataFrame:
    """Rows: topic, text, evidence (1/0), split (train/test)."""
    frames = []
    for split in ("train", "test"):
        path = Path(data_dir) / IBM_EVIDENCE_DIR / f"evidence_sentences_{split}_dedup.csv"
        if not path.is_file():
            raise DataUnavailable(f"IBM evidence sentences not found at {path}; set MODERATION_DATA_DIR.")
        raw = pd.read_csv(path)
        frames.append(pd.DataFrame({"topic": raw.topic.astype(str), "text": raw.candidate.astype(str).str.strip(),
                                    "evidence": raw.label.astype(int), "split": split}))
    return pd.concat(frames, ignore_index=True)
