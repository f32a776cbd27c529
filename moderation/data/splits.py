"""Fixed, deterministic splits for every incivility corpus, decided before any training.

- C3: by article (a hash of `article_id` puts ~70 % of articles in train, 15 % validation, 15 % test), so no
  article's topic leaks from training into the test comments.
- ToxicSpans: the official SemEval-2021 split (train -> train, trial -> validation, test -> test); posts
  outside the SemEval files go to train.
- UCC (validation file) and Kaggle insults (train file): 85 % train / 15 % validation by a hash of the text
  (their official test files are withheld for blind evaluation).
- SFU-CTC: entirely test (cross-corpus).
- Round-2 social corpora (HateXplain, HatEval, OLID, Stormfront, ConvAbuse): their official splits; rows
  without one (OLID and Stormfront training files) 85 % train / 15 % validation by a hash of the text.
Then de-duplication by normalised text across corpora: a text that appears in a test split is removed from
every train/validation split, and a validation text from every train split (C3, UCC and CTC share comments).
Hashes (md5 of a salted id) make the assignment independent of row order and of the training seed.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd

from moderation.config import get_settings
from moderation.data import c3, kaggle_insults, sfu_ctc, social, toxic_spans, ucc
from moderation.data.corpus import Corpus, IncivilityAdapter
from moderation.text import normalise

SPLIT_SALT = "moderation-splits-v1"
INCIVILITY_ADAPTERS: dict[str, IncivilityAdapter] = {
    adapter.name: adapter
    for adapter in (c3.ADAPTER, toxic_spans.ADAPTER, ucc.ADAPTER, kaggle_insults.ADAPTER, sfu_ctc.ADAPTER,
                    *social.ADAPTERS)
}
SOCIAL_SOURCES: tuple[str, ...] = tuple(adapter.name for adapter in social.ADAPTERS)
"""Tweets, forums and chatbot turns: trained on by the encoder, not by the n-gram component (see the card)."""
_SEMEVAL_TO_SPLIT = {"train": "train", "trial": "validation", "test": "test"}
_SPLIT_RANK = {"test": 0, "validation": 1, "train": 2}
_NON_WORD = re.compile(r"[^a-z0-9]+")


def bucket(identifier: str) -> int:
    """A stable 0-99 bucket for an id (md5, so it never depends on PYTHONHASHSEED or row order)."""
    return int(hashlib.md5(f"{SPLIT_SALT}:{identifier}".encode()).hexdigest()[:8], 16) % 100


def dedup_key(text: str) -> str:
    """Normalised text with punctuation and spacing removed: what counts as 'the same comment'."""
    return _NON_WORD.sub(" ", normalise(text)).strip()


def _split_for(source: str, row: pd.Series) -> str:
    if source == "sfu_ctc":
        return "test"
    if source == "toxic_spans":
        return _SEMEVAL_TO_SPLIT.get(row["official_split"] or "train", "train")
    if source in SOCIAL_SOURCES and row["official_split"] in _SPLIT_RANK:
        return str(row["official_split"])
    if source == "c3":
        b = bucket(f"c3-article:{row['group']}")
        return "train" if b < 70 else "validation" if b < 85 else "test"
    return "validation" if bucket(f"{source}:{row['key']}") < 15 else "train"


def assign_splits(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the `split` column from each row's source, group, official split and key."""
    frame = frame.copy()
    frame["split"] = [_split_for(source, row) for source, (_, row) in zip(frame["source"], frame.iterrows())]
    return frame


def deduplicate(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop rows whose text also sits in a stricter split, then exact repeats within a source and split."""
    rank = frame["split"].map(_SPLIT_RANK)
    strictest = rank.groupby(frame["key"]).transform("min")
    kept = frame[(rank == strictest) & (frame["key"] != "")]
    kept = kept.drop_duplicates(subset=["source", "split", "key"], keep="first")
    return kept.reset_index(drop=True)


def load_incivility(data_dir: Path | str | None = None, sources: tuple[str, ...] | None = None) -> Corpus:
    """Every incivility corpus, mapped to our labels, with fixed splits and cross-corpus de-duplication.

    `data_dir` defaults to `get_settings().data_dir`; `sources` restricts to some adapters (names in
    `INCIVILITY_ADAPTERS`). Raises `DataUnavailable` when a corpus file is missing.
    """
    root = Path(data_dir) if data_dir is not None else get_settings().data_dir
    names = sources or tuple(INCIVILITY_ADAPTERS)
    frames = []
    for name in names:
        rows = INCIVILITY_ADAPTERS[name].load(root)
        rows.insert(1, "source", name)
        frames.append(rows)
    frame = pd.concat(frames, ignore_index=True)
    frame["key"] = frame["text"].map(dedup_key)
    frame = deduplicate(assign_splits(frame))
    return Corpus(frame=frame.drop(columns=["official_split"]),
                  adapters={name: INCIVILITY_ADAPTERS[name] for name in names})
