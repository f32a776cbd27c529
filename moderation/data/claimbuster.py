"""ClaimBuster (US presidential debate sentences): check-worthy factual (CFS) vs not (NCS).

Label mapping: `cfs` = 1 -> a checkable factual assertion (fact-type); 0 -> non-check-worthy
(non-factual *or* unimportant factual, so not a negative for `fact`). Use: evaluation only, the
cross-domain AUC of `claim_fact` on a fixed ~30 % hash split (`test`) of the 3xNCS file. It
has no non-propositional filler (every NCS sentence has >= 5 words), so it cannot train `none` (see `moderation.claims.features.NON_ASSERTION`).
Licence: CC BY 4.0 (per the Zenodo record, not verified here).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from moderation.errors import DataUnavailable

CLAIMBUSTER_FILE = Path("claims") / "claimbuster" / "3xNCS.json"
CLAIMBUSTER_LICENCE = "CC BY 4.0 (not verified, see corpus README)"


def _split(sentence_id: object) -> str:
    return "test" if int(hashlib.md5(str(sentence_id).encode()).hexdigest()[0], 16) < 5 else "train"


def load_claimbuster(data_dir: Path) -> pd.DataFrame:
    """Rows: sentence_id, text, cfs (0/1), split (train/test)."""
    path = Path(data_dir) / CLAIMBUSTER_FILE
    if not path.is_file():
        raise DataUnavailable(f"ClaimBuster not found at {path}; set MODERATION_DATA_DIR.")
    frame = pd.DataFrame(json.loads(path.read_text(encoding="utf-8")))
    frame = frame.rename(columns={"label": "cfs"})
    frame["split"] = frame.sentence_id.map(_split)
    return frame[["sentence_id", "text", "cfs", "split"]]
