"""C3 (Globe and Mail comments) as a weak, comment-level, in-domain signal for support.

C3 never marks claims: annotators ticked "evidence" (the comment supports its points) and
"unsubstantial". With `ev` = evidence votes / judgements:
- `evidence_proxy` = 1 (unsupported) when no annotator saw evidence (`ev == 0`),
  0 (supported) when `ev >= 0.4`, NaN (ambiguous, left out) for `ev == 0.2`.
Split by article (never by comment: topic leakage): an article is `test` when the first hex digit
of md5(article_id) is below 5 (~30 %), else `validation`. Validation articles choose the
comment-level aggregation; test articles only report. Licence: CC BY-SA 4.0 (per the release; see README).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from moderation.errors import DataUnavailable

C3_FILE = Path("claims") / "c3_constructive_comments" / "C3_anonymized.csv"
C3_LICENCE = "CC BY-SA 4.0 (not verified, see corpus README)"


def _votes(cell: object, name: str) -> int:
    for item in str(cell).splitlines():
        key, _, count = item.partition(":")
        if key.strip() == name and count.strip().isdigit():
            return int(count)
    return 0


def _article_split(article_id: object) -> str:
    digest = hashlib.md5(str(article_id).encode()).hexdigest()
    return "test" if int(digest[0], 16) < 5 else "validation"


def load_c3_claims(data_dir: Path) -> pd.DataFrame:
    """Rows: article_id, comment_id, text, ev, un, evidence_proxy (1/0/NaN), split."""
    path = Path(data_dir) / C3_FILE
    if not path.is_file():
        raise DataUnavailable(f"C3 not found at {path}; set MODERATION_DATA_DIR.")
    raw = pd.read_csv(path)
    judgements = raw.njudgements_constructiveness_expt.clip(lower=1)
    ev = raw.constructive_characteristics.map(lambda c: _votes(c, "evidence")) / judgements
    un = raw.non_constructive_characteristics.map(lambda c: _votes(c, "unsubstantial")) / judgements
    proxy = np.where(ev == 0, 1.0, np.where(ev >= 0.4, 0.0, np.nan))
    return pd.DataFrame({
        "article_id": raw.article_id.astype(str), "comment_id": raw.comment_counter.astype(str),
        "text": raw.comment_text.astype(str), "ev": ev, "un": un, "evidence_proxy": proxy,
        "split": raw.article_id.map(_article_split),
    })
