"""CDCP (Park & Cardie 2018; split of Niculae et al. 2017): typed propositions with support links.

Label mapping (documented in the claims model card):
- `type` (value/policy/fact/testimony/reference) -> our `ClaimType` one to one; CDCP has no `none`.
- The release replaces links by `__URL__` in the text; we put the original URL (field `url`) back,
  so the model sees links as real comments show them.
- `unsupported_claim` = type in {value, policy, fact} and no incoming reason/evidence link in the
  comment (the corpus's own derived field, `cdcp_propositions.jsonl`); testimony/reference are 0.
- `supported_by_link` = 1 - unsupported_claim for value/policy/fact (the support head's target);
  undefined (NaN) for testimony/reference, which are never claims needing support.
Splits: the official `train`/`test` (581/150 comments). Licence: ODbL 1.0 / DbCL 1.0.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from moderation.errors import DataUnavailable

CDCP_FILE = Path("claims") / "cdcp" / "cdcp_propositions.jsonl"
CDCP_LICENCE = "ODbL 1.0 / DbCL 1.0"
CLAIM_TYPES_NEEDING_SUPPORT = ("value", "policy", "fact")


def load_cdcp(data_dir: Path) -> pd.DataFrame:
    """One row per proposition, ordered by (split, doc_id, prop_idx).

    Columns: split, doc_id, prop_idx, text, start, end, claim_type, unsupported_claim,
    unsupported_isolated, supported_by_link (float, NaN where the type needs no support), group.
    """
    path = Path(data_dir) / CDCP_FILE
    if not path.is_file():
        raise DataUnavailable(f"CDCP not found at {path}; set MODERATION_DATA_DIR to the shared corpora.")
    frame = pd.read_json(path, lines=True, dtype={"doc_id": str})
    frame = frame.rename(columns={"type": "claim_type"}).sort_values(["split", "doc_id", "prop_idx"])
    has_url = frame.url.notna() & frame.text.str.contains("__URL__", regex=False)
    frame.loc[has_url, "text"] = [t.replace("__URL__", str(u)) for t, u in zip(frame.text[has_url], frame.url[has_url])]
    needs_support = frame.claim_type.isin(CLAIM_TYPES_NEEDING_SUPPORT)
    frame["supported_by_link"] = np.where(needs_support, 1.0 - frame.unsupported_claim, np.nan)
    frame["group"] = "cdcp:" + frame.split + ":" + frame.doc_id
    columns = ["split", "doc_id", "prop_idx", "text", "start", "end", "claim_type", "unsupported_claim",
               "unsupported_isolated", "supported_by_link", "group", "incoming_reason_from",
               "incoming_evidence_from"]
    return frame[columns].reset_index(drop=True)
