"""Kaggle "Detecting Insults in Social Commentary" (Impermium 2012), training file: 3,947 comments.

Mapping: insult = `Insult` (insulting a participant of the conversation). incivility = 1 when Insult = 1;
when Insult = 0 incivility is unknown (NaN), because the organisers labelled profanity or insults aimed at
non-participants 0, which a newsroom moderator may still call uncivil. Other labels: unknown.
Comments are stored double-quoted with escaped bytes (`\\xc2\\xa0`, `\\n`, `\\u00e9`); we unescape them.
"""

from __future__ import annotations

import codecs
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from moderation.data.corpus import IncivilityAdapter, empty_labels, read_csv

KAGGLE_FILE = "incivility/kaggle_insults_social_commentary/train.csv"
_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def unescape_comment(raw: str) -> str:
    """Undo the file's quoting and (sometimes doubled) backslash escapes; never raises."""
    text = raw[1:-1] if len(raw) >= 2 and raw[0] == raw[-1] == '"' else raw
    for _ in range(2):
        if "\\" not in text:
            break
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                data = codecs.escape_decode(text.encode("utf-8"))[0]
        except ValueError:
            break
        text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else str(data)
        text = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text.replace("\ufffd", " ")


def load(data_dir: Path) -> pd.DataFrame:
    raw = read_csv(data_dir, KAGGLE_FILE)
    raw = raw[raw["Comment"].notna()].reset_index(drop=True)
    insult = raw["Insult"].to_numpy(dtype=np.float64)
    labels = empty_labels(len(raw))
    labels["insult"] = insult
    labels["incivility"] = np.where(insult == 1, 1.0, np.nan)
    texts = raw["Comment"].astype(str).map(unescape_comment)
    return pd.DataFrame({"text": texts, "group": [f"kaggle-{i}" for i in range(len(raw))],
                         "official_split": None, **labels})


ADAPTER = IncivilityAdapter(
    name="kaggle_insults",
    description="Kaggle Detecting Insults in Social Commentary (Impermium 2012), train.csv, 3,947 comments",
    licence="not stated (Kaggle competition rules, research use); the model is trained on it, the text is not shipped",
    label_mapping={
        "insult": "Insult",
        "incivility": "1 when Insult = 1, unknown otherwise",
        "profanity": "not annotated (unknown)",
        "identity_attack": "not annotated (unknown)",
        "threat": "not annotated (unknown)",
        "mockery": "not annotated (unknown)",
    },
    load=load,
)
