"""Park & Cardie 2014 verifiability (Regulation Room propositions); only `train.txt` is here.

Label mapping: `u` UNVERIFIABLE -> value-or-policy (a *partial* type label: it never tells value
from policy, so it trains only the verifiability split of the type head), `n` VERIFIABLE
NON-EXPERIENTIAL -> fact, `e` VERIFIABLE EXPERIENTIAL -> testimony. Support is not annotated, so
this corpus contributes nothing to the support head (missing is not negative).
Split: the official test file is withheld (blind evaluation); validate with folds grouped by comment.
Licence: none stated (research use with citation).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from moderation.errors import DataUnavailable

PARK_CARDIE_FILE = Path("claims") / "park_cardie_2014_verifiability" / "train.txt"
PARK_CARDIE_LICENCE = "none stated (research use with citation)"
VERIFIABILITY = {"u": "unverifiable", "n": "fact", "e": "testimony"}


def _parse_line(line: str) -> dict[str, object] | None:
    label, _, rest = line.partition(",")
    text, _, ident = rest.rpartition("#")
    parts = ident.strip().split(".")
    if label not in VERIFIABILITY or len(parts) != 3 or not parts[2].isdigit():
        return None
    return {"label": label, "text": text.strip(), "group": f"pc:{parts[0]}.{parts[1]}",
            "prop_idx": int(parts[2])}


def load_park_cardie(data_dir: Path) -> pd.DataFrame:
    """Rows: text, group (rule.comment), prop_idx, verifiability (unverifiable/fact/testimony)."""
    path = Path(data_dir) / PARK_CARDIE_FILE
    if not path.is_file():
        raise DataUnavailable(f"Park & Cardie 2014 not found at {path}; set MODERATION_DATA_DIR.")
    rows = [row for line in path.read_text(encoding="utf-8").splitlines() if (row := _parse_line(line))]
    frame = pd.DataFrame(rows)
    frame["verifiability"] = frame.pop("label").map(VERIFIABILITY)
    return frame.sort_values(["group", "prop_idx"]).reset_index(drop=True)
