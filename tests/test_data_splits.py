"""Corpus adapters and the fixed splits: mappings, determinism, and no test text in training."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from moderation.data import INCIVILITY_ADAPTERS, Corpus, load_incivility
from moderation.data.corpus import LABEL_COLUMNS
from moderation.data.kaggle_insults import unescape_comment
from moderation.data.splits import bucket, dedup_key, deduplicate
from moderation.errors import DataUnavailable


@pytest.fixture(scope="module")
def corpus(data_dir: Path) -> Corpus:
    return load_incivility(data_dir)


def test_every_adapter_documents_its_mapping_and_licence() -> None:
    for adapter in INCIVILITY_ADAPTERS.values():
        assert adapter.licence and adapter.description
        assert set(adapter.label_mapping) <= set(LABEL_COLUMNS)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [('"plain"', "plain"), ('"a\\\\xc2\\\\xa0b"', "a\xa0b"), ('"line\\\\none"', "line\none"),
     ('"caf\\\\u00e9"', "café")],
    ids=["plain", "double-escaped-bytes", "newline", "unicode-escape"],
)
def test_kaggle_unescape(raw: str, expected: str) -> None:
    assert unescape_comment(raw) == expected


def test_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataUnavailable, match="MODERATION_DATA_DIR"):
        load_incivility(tmp_path, sources=("c3",))


def test_bucket_is_stable() -> None:
    assert bucket("c3-article:123") == bucket("c3-article:123")
    assert 0 <= bucket("x") < 100


def test_dedup_prefers_the_strictest_split() -> None:
    import pandas as pd

    frame = pd.DataFrame({"text": ["You idiot!", "you  IDIOT", "other"], "source": ["c3", "sfu_ctc", "c3"],
                          "split": ["train", "test", "train"]})
    frame["key"] = frame["text"].map(dedup_key)
    kept = deduplicate(frame)
    assert list(kept["text"]) == ["you  IDIOT", "other"]


def test_no_test_or_validation_text_leaks_into_training(corpus: Corpus) -> None:
    train = set(corpus.split("train")["key"])
    assert not train & set(corpus.split("test")["key"])
    assert not train & set(corpus.split("validation")["key"])
    assert not set(corpus.split("validation")["key"]) & set(corpus.split("test")["key"])


def test_c3_is_split_by_article(corpus: Corpus) -> None:
    c3 = corpus.frame[corpus.frame["source"] == "c3"]
    assert (c3.groupby("group")["split"].nunique() == 1).all()
    shares = c3["split"].value_counts(normalize=True)
    assert 0.6 < shares["train"] < 0.8 and shares["test"] > 0.1


def test_ctc_is_test_only_and_toxic_spans_follows_semeval(corpus: Corpus) -> None:
    assert set(corpus.frame.loc[corpus.frame["source"] == "sfu_ctc", "split"]) == {"test"}
    spans = corpus.frame[corpus.frame["source"] == "toxic_spans"]
    assert spans["split"].value_counts()["test"] == pytest.approx(2000, abs=20)


def test_missing_labels_stay_unknown(corpus: Corpus) -> None:
    ucc = corpus.frame[corpus.frame["source"] == "ucc"]
    assert ucc["insult"].isna().all() and ucc["incivility"].notna().all()
    kaggle = corpus.frame[corpus.frame["source"] == "kaggle_insults"]
    assert set(kaggle["incivility"].dropna()) == {1.0}
    spans = corpus.frame[corpus.frame["source"] == "toxic_spans"]
    assert spans["mockery"].isna().all()


def test_split_assignment_is_deterministic(corpus: Corpus, data_dir: Path) -> None:
    again = load_incivility(data_dir)
    assert again.frame[["key", "split"]].equals(corpus.frame[["key", "split"]])
    values = corpus.frame[list(LABEL_COLUMNS)].to_numpy()
    assert np.isin(values[~np.isnan(values)], (0.0, 1.0)).all()
