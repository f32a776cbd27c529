"""The round-2 corpora (tweets, forums, chatbot turns): label mappings and splits as documented."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from moderation.data import load_incivility
from moderation.data.social import ADAPTERS, ALL_SUBTYPES

pytestmark = pytest.mark.shared_data
BY_NAME = {adapter.name: adapter for adapter in ADAPTERS}


@pytest.fixture(scope="module")
def frames(data_dir: Path) -> dict:
    return {name: adapter.load(data_dir) for name, adapter in BY_NAME.items()}


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_every_adapter_gives_text_labels_and_a_licence(frames: dict, name: str) -> None:
    frame = frames[name]
    assert len(frame) > 1000
    assert frame["text"].str.len().min() > 0
    assert not frame["text"].str.contains("<user>|@USER", regex=True).any()
    assert BY_NAME[name].licence
    known = frame["incivility"].notna() | frame["identity_attack"].notna()
    assert known.mean() > 0.3


def test_hatexplain_normal_posts_are_negative_for_every_label(frames: dict) -> None:
    frame = frames["hatexplain"]
    normal = frame["incivility"] == 0
    assert normal.sum() > 4000
    for label in ALL_SUBTYPES:
        assert (frame.loc[normal, label] == 0).all()
    hateful = frame["identity_attack"] == 1
    assert (frame.loc[hateful, "incivility"] == 1).all()


def test_olid_untargeted_is_profanity_and_not_offensive_is_clean(frames: dict) -> None:
    frame = frames["olid"]
    assert ((frame["profanity"] == 1) <= (frame["incivility"] == 1)).all()
    assert (frame.loc[frame["incivility"] == 0, "threat"] == 0).all()
    assert set(frame["official_split"].dropna()) == {"test"}


def test_hate_only_corpora_never_call_a_non_hateful_row_civil(frames: dict) -> None:
    for name in ("hateval", "stormfront"):
        frame = frames[name]
        assert frame.loc[frame["identity_attack"] == 0, "incivility"].isna().all(), name


def test_official_test_rows_stay_test_and_never_leak_into_training(data_dir: Path) -> None:
    corpus = load_incivility(data_dir, sources=("hatexplain", "hateval", "olid", "convabuse", "c3"))
    frame = corpus.frame
    for source in ("hatexplain", "hateval", "olid", "convabuse"):
        assert (frame[(frame["source"] == source)]["split"] == "test").sum() > 400
    test_keys = set(frame.loc[frame["split"] == "test", "key"])
    assert not test_keys & set(frame.loc[frame["split"] != "test", "key"])
    assert np.isin(frame["split"].unique(), ["train", "validation", "test"]).all()
