"""Round-2 incivility corpora from tweets, forums and chatbot logs: HateXplain, HatEval 2019, OLID, Stormfront,
ConvAbuse. They are not news comments; they are here because news-comment corpora hold too few identity
attacks, threats and untargeted profanity for those heads to learn (ToxicSpans: a few hundred threats).

Each mapping is conservative: a label is set only where the corpus's own definition covers it, otherwise
NaN (missing is not negative). Official splits are kept (`official_split` = train / validation / test);
where a corpus has none, `splits.py` hashes rows into train / validation.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from moderation.data.corpus import IncivilityAdapter, empty_labels, read_csv

_PLACEHOLDER = re.compile(r"<(user|number|url)>|@USER|\bURL\b")
ALL_SUBTYPES = ("insult", "profanity", "identity_attack", "threat", "mockery")


def _clean(texts: pd.Series) -> pd.Series:
    """Drop the corpora's anonymisation placeholders, which no reader comment contains."""
    return texts.astype(str).map(lambda t: " ".join(_PLACEHOLDER.sub(" ", t).split()))


def _frame(texts: pd.Series, labels: dict[str, np.ndarray], split: object, prefix: str) -> pd.DataFrame:
    frame = pd.DataFrame({"text": _clean(texts), "group": [f"{prefix}-{i}" for i in range(len(texts))],
                          "official_split": split, **labels})
    return frame[frame["text"].str.len() > 0].reset_index(drop=True)


def _civil(labels: dict[str, np.ndarray], mask: np.ndarray) -> None:
    """Rows a corpus calls clean are negative for incivility and every sub-type."""
    for column in ("incivility", *ALL_SUBTYPES):
        labels[column] = np.where(mask, 0.0, labels[column])


HATEXPLAIN_FILES = {"train": "hatexplain_train_dedup.csv", "validation": "hatexplain_valid_dedup.csv",
                    "test": "hatexplain_test_dedup.csv"}


def load_hatexplain(data_dir: Path) -> pd.DataFrame:
    frames = []
    for split, name in HATEXPLAIN_FILES.items():
        raw = read_csv(data_dir, f"incivility/hatexplain_lfr/{name}")
        raw = raw[raw["text"].notna()].reset_index(drop=True)
        label = raw["label"].to_numpy()
        labels = empty_labels(len(raw))
        labels["incivility"] = np.where(label == "normal", 0.0, 1.0)
        labels["identity_attack"] = np.where(label == "hatespeech", 1.0, np.nan)
        _civil(labels, label == "normal")
        frames.append(_frame(raw["text"], labels, split, f"hatexplain-{split}"))
    return pd.concat(frames, ignore_index=True)


def load_hateval(data_dir: Path) -> pd.DataFrame:
    frames = []
    for split, name in {"train": "train", "validation": "dev", "test": "test"}.items():
        raw = read_csv(data_dir, f"incivility/hateval2019_en/hateval2019_en_{name}_dedup.csv")
        raw = raw[raw["text"].notna()].reset_index(drop=True)
        hate = raw["HS"].to_numpy(dtype=np.float64)
        labels = empty_labels(len(raw))
        labels["identity_attack"] = hate
        labels["incivility"] = np.where(hate == 1, 1.0, np.nan)
        frames.append(_frame(raw["text"], labels, split, f"hateval-{split}"))
    return pd.concat(frames, ignore_index=True)


def load_olid(data_dir: Path) -> pd.DataFrame:
    frames = []
    for split, name in {None: "olid-training-v1.0_dedup.csv", "test": "olid_test_with_labels_dedup.csv"}.items():
        raw = read_csv(data_dir, f"incivility/olid/{name}")
        raw = raw[raw["tweet"].notna()].reset_index(drop=True)
        offensive = (raw["subtask_a"] == "OFF").to_numpy()
        labels = empty_labels(len(raw))
        labels["incivility"] = offensive * 1.0
        labels["profanity"] = np.where((raw["subtask_b"] == "UNT").to_numpy(), 1.0, np.nan)
        labels["insult"] = np.where(((raw["subtask_b"] == "TIN") & (raw["subtask_c"] == "IND")).to_numpy(),
                                    1.0, np.nan)
        _civil(labels, ~offensive)
        frames.append(_frame(raw["tweet"], labels, split, f"olid-{split or 'train'}"))
    return pd.concat(frames, ignore_index=True)


def load_stormfront(data_dir: Path) -> pd.DataFrame:
    raw = read_csv(data_dir, "incivility/stormfront_degibert2018/stormfront_sentences_dedup.csv")
    raw = raw[raw["text"].notna() & raw["label"].isin(["hate", "noHate"])].reset_index(drop=True)
    labels = empty_labels(len(raw))
    labels["identity_attack"] = (raw["label"] == "hate").to_numpy() * 1.0
    labels["incivility"] = np.where(labels["identity_attack"] == 1, 1.0, np.nan)
    split = raw["sampled_split"].where(raw["sampled_split"] == "test", None)
    return _frame(raw["text"], labels, split.to_numpy(), "stormfront")


_IDENTITY_TYPES = ("ableist", "homophobic", "racist", "sexist", "transphobic")


def _annotator_share(raw: pd.DataFrame, field: str, annotators: np.ndarray) -> np.ndarray:
    columns = [c for c in raw.columns if re.fullmatch(rf"Annotator\d+_{re.escape(field)}", c)]
    votes = raw[columns].apply(pd.to_numeric, errors="coerce").fillna(0).to_numpy().sum(axis=1)
    return votes / np.maximum(annotators, 1)


def load_convabuse(data_dir: Path) -> pd.DataFrame:
    frames = []
    for split, name in {"train": "train", "validation": "valid", "test": "test"}.items():
        raw = read_csv(data_dir, f"incivility/convabuse/ConvAbuseEMNLP{name}_dedup.csv", low_memory=False)
        raw = raw[raw["user"].notna()].reset_index(drop=True)
        annotated = [c for c in raw.columns if re.fullmatch(r"Annotator\d+_is_abuse\.1", c)]
        raw = raw[raw[annotated].notna().any(axis=1)].reset_index(drop=True)
        annotators = raw[annotated].notna().to_numpy().sum(axis=1)
        abusive = sum(_annotator_share(raw, f"is_abuse.{v}", annotators) for v in ("-1", "-2", "-3"))
        clean = _annotator_share(raw, "is_abuse.1", annotators)
        identity = sum(_annotator_share(raw, kind, annotators) for kind in _IDENTITY_TYPES)
        individual = _annotator_share(raw, "target.individual", annotators)
        labels = empty_labels(len(raw))
        labels["incivility"] = np.where(abusive > 0.5, 1.0, np.where(clean > 0.5, 0.0, np.nan))
        labels["identity_attack"] = np.where(identity >= 0.5, 1.0, np.nan)
        labels["insult"] = np.where((abusive > 0.5) & (individual >= 0.5), 1.0, np.nan)
        _civil(labels, clean > 0.5)
        frames.append(_frame(raw["user"], labels, split, f"convabuse-{split}"))
    return pd.concat(frames, ignore_index=True)


def _mapping(**known: str) -> dict[str, str]:
    return {label: known.get(label, "not annotated (unknown)") for label in ("incivility", *ALL_SUBTYPES)}


ADAPTERS = (
    IncivilityAdapter(
        "hatexplain", "HateXplain (Mathew et al. 2021), Twitter + Gab posts, LFR copy with its train/valid/test",
        "MIT (HateXplain); copy from an Apache-2.0 repository",
        _mapping(incivility="hatespeech or offensive (majority of 3); normal = 0 for every label",
                 identity_attack="hatespeech = 1 (HateXplain's hate speech targets a group); normal = 0"),
        load_hatexplain),
    IncivilityAdapter(
        "hateval", "HatEval 2019 English (Basile et al.), tweets against immigrants and women, train/dev/test",
        "distributor's terms, research use (not stated in the copy)",
        _mapping(identity_attack="HS", incivility="1 when HS = 1, unknown otherwise"), load_hateval),
    IncivilityAdapter(
        "olid", "OLID (Zampieri et al. 2019), tweets, official training and test files",
        "CC BY 4.0 (repository licence)",
        _mapping(incivility="subtask A = OFF; NOT = 0 for every label",
                 profanity="subtask B = UNT (untargeted profanity) = 1",
                 insult="subtask B = TIN and C = IND (targeted at an individual) = 1"), load_olid),
    IncivilityAdapter(
        "stormfront", "Stormfront forum sentences (de Gibert et al. 2018), hate / noHate; 'relation' and 'idk' dropped",
        "CC BY-SA 3.0 ES",
        _mapping(identity_attack="hate = 1, noHate = 0", incivility="1 when hate, unknown otherwise"),
        load_stormfront),
    IncivilityAdapter(
        "convabuse", "ConvAbuse (Cercas Curry et al. 2021), user turns to conversational agents, official splits",
        "CC BY 4.0",
        _mapping(incivility="> 50 % of annotators rate it abusive (-1..-3); > 50 % 'not abusive' = 0 for every label",
                 identity_attack=">= 50 % mark a racist/sexist/homophobic/transphobic/ableist type = 1",
                 insult="abusive and >= 50 % mark an individual target = 1"), load_convabuse),
)
