"""IBM Debater claims and evidence (CE-EMNLP-2015, Rinott et al.; CE-ACL-2014, Aharoni et al.).

Positive-only annotations per debate motion: context-dependent *claims* (a bare position: "violent
video games increase aggression") and, per claim, *evidence* sentences typed STUDY / EXPERT /
ANECDOTAL ("A 2001 study found that ..."). Two uses, both documented in the model card:
- claims vs their STUDY/EXPERT evidence: the same assertion bare and with its source, so the
  in-sentence support head learns what attribution looks like (`self_support` rows);
- (claim, its own evidence) vs (claim, evidence of another claim of the same motion): real pairs
  for corroboration, `supports` vs `not enough info` (no refuting pairs exist in this corpus).
Split by motion (topic leakage): a motion is `test` when the first hex digit of md5(topic) is below
5 (~30 %), else `train`; fixed here, before any model saw the data. EMNLP-2015 supersedes ACL-2014
(heavy overlap); ACL-2014 rows are added only when their text is new. Licence: CC BY-SA 3.0.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd

from moderation.errors import DataUnavailable

IBM_CE_DIR = Path("claims") / "ibm_ce_emnlp2015"
IBM_CE_LICENCE = "CC BY-SA 3.0 (CE-ACL-2014 ReadMe; IBM Debater site terms for CE-EMNLP-2015)"
_TYPE = re.compile(r"STUDY|EXPERT|ANECDOTAL")


def _topic_split(topic: str) -> str:
    key = re.sub(r"^this house (believes that |would |supports |believes in )?", "", topic.lower()).strip()
    return "test" if int(hashlib.md5(key[:40].encode()).hexdigest()[0], 16) < 5 else "train"


def _normal(text: str) -> str:
    return " ".join(str(text).lower().split())


def _read(path: Path, **kwargs: object) -> pd.DataFrame:
    if not path.is_file():
        raise DataUnavailable(f"IBM claim/evidence file not found at {path}; set MODERATION_DATA_DIR.")
    return pd.read_csv(path, dtype=str, keep_default_na=False, **kwargs)


def load_ibm_evidence_pairs(data_dir: Path) -> pd.DataFrame:
    """Rows: topic, claim, evidence, types (e.g. "STUDY EXPERT"), corpus, split."""
    folder = Path(data_dir) / IBM_CE_DIR
    emnlp = _read(folder / "evidence.txt_dedup.csv", header=None, names=["topic", "claim", "evidence", "types"])
    acl = _read(folder / "acl2014_CDEdata_dedup.csv")
    acl = pd.DataFrame({"topic": acl.Topic, "claim": acl.Claim, "evidence": acl.CDE,
                        "types": acl["Type 1"] + " " + acl["Type 2"]})
    seen = set(emnlp.evidence.map(_normal))
    acl = acl[~acl.evidence.map(_normal).isin(seen)]
    frame = pd.concat([emnlp.assign(corpus="emnlp2015"), acl.assign(corpus="acl2014")], ignore_index=True)
    frame["types"] = frame.types.map(lambda t: " ".join(sorted(set(_TYPE.findall(str(t))))))
    frame = frame[(frame.claim.str.len() > 0) & (frame.evidence.str.len() > 0)]
    return frame.assign(split=frame.topic.map(_topic_split)).reset_index(drop=True)


def load_ibm_claims(data_dir: Path) -> pd.DataFrame:
    """Rows: topic, text (the claim as written in the article), corpus, split."""
    folder = Path(data_dir) / IBM_CE_DIR
    emnlp = _read(folder / "claims.txt_dedup.csv")
    acl = _read(folder / "acl2014_CDCdata_dedup.csv")
    frame = pd.concat([pd.DataFrame({"topic": emnlp.Topic, "text": emnlp["Claim original text"], "corpus": "emnlp2015"}),
                       pd.DataFrame({"topic": acl.Topic, "text": acl.Claim, "corpus": "acl2014"})], ignore_index=True)
    frame = frame[frame.text.str.len() > 0]
    frame = frame.loc[~frame.text.map(_normal).duplicated()]
    return frame.assign(split=frame.topic.map(_topic_split)).reset_index(drop=True)
