"""The test splits every system is scored on, and the training rows the baselines learn from.

Test splits come from the adapters' fixed splits (`moderation.data`), decided before any training:
C3 test articles, the ToxicSpans SemEval-2021 test posts, SFU-CTC whole (cross-corpus), the CDCP
official test propositions and the C3 evidence-proxy test articles. Nothing here ever returns a
training row as a test row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from moderation.errors import DataUnavailable
from moderation.types import CLAIM_TYPE_LABELS, INCIVILITY_LABELS, ClaimType, Label

INCIVILITY_TEST_SOURCES: dict[str, str] = {
    "c3": "C3 test (by article)",
    "toxic_spans": "ToxicSpans SemEval test",
    "sfu_ctc": "SFU-CTC (cross-corpus)",
    "hatexplain": "HateXplain test (Twitter + Gab)",
    "hateval": "HatEval 2019 test (tweets)",
    "olid": "OLID test (tweets)",
    "stormfront": "Stormfront test (forum sentences)",
    "convabuse": "ConvAbuse test (chatbot turns)",
}


@dataclass(frozen=True)
class EvalSplit:
    """Texts with float targets per label (NaN where the corpus does not annotate the label)."""

    name: str
    description: str
    texts: tuple[str, ...]
    targets: Mapping[Label, NDArray[np.float64]] = field(default_factory=dict)
    groups: tuple[str, ...] | None = None

    def __len__(self) -> int:
        return len(self.texts)

    def sample(self, max_rows: int | None, seed: int = 0) -> EvalSplit:
        """A seeded subset (row order kept), for quick runs; the whole split when `max_rows` is None."""
        if max_rows is None:
            return self
        if self.groups is not None:
            return self._sample_groups(max_rows, seed)
        texts, targets = _subset(self.texts, self.targets, max_rows, seed)
        return EvalSplit(self.name, self.description, texts, targets)

    def _sample_groups(self, max_rows: int, seed: int) -> EvalSplit:
        """Whole groups (comments), so grouped units keep their neighbours."""
        names = np.array(self.groups)
        order = np.random.default_rng(seed).permutation(np.unique(names))
        sizes = np.array([np.sum(names == g) for g in order])
        chosen = set(order[: max(1, int(np.searchsorted(np.cumsum(sizes), max_rows, side="right")))])
        keep = np.flatnonzero([g in chosen for g in names])
        return EvalSplit(self.name, self.description, tuple(self.texts[i] for i in keep),
                         {label: values[keep] for label, values in self.targets.items()},
                         tuple(str(names[i]) for i in keep))


@dataclass(frozen=True)
class TrainingRows:
    """What a baseline learns from: the same training and validation rows our model used."""

    texts: tuple[str, ...]
    targets: Mapping[Label, NDArray[np.float64]]
    validation_texts: tuple[str, ...] = ()
    validation_targets: Mapping[Label, NDArray[np.float64]] = field(default_factory=dict)

    def sample(self, max_rows: int | None, seed: int = 0) -> TrainingRows:
        """A seeded subset of training and of validation rows, for quick runs (never for reported numbers)."""
        if max_rows is None:
            return self
        texts, targets = _subset(self.texts, self.targets, max_rows, seed)
        val_texts, val_targets = _subset(self.validation_texts, self.validation_targets, max_rows, seed)
        return TrainingRows(texts, targets, val_texts, val_targets)


def _subset(texts: tuple[str, ...], targets: Mapping[Label, NDArray[np.float64]], max_rows: int,
            seed: int) -> tuple[tuple[str, ...], dict[Label, NDArray[np.float64]]]:
    if max_rows >= len(texts):
        return texts, dict(targets)
    keep = np.sort(np.random.default_rng(seed).choice(len(texts), size=max_rows, replace=False))
    return tuple(texts[i] for i in keep), {label: values[keep] for label, values in targets.items()}


def _frame_targets(rows: pd.DataFrame, labels: tuple[Label, ...]) -> dict[Label, NDArray[np.float64]]:
    return {label: rows[label.value].to_numpy(dtype=np.float64) for label in labels if label.value in rows}


@lru_cache(maxsize=1)
def _incivility_corpus(data_dir: Path) -> Any:
    """Loaded once per run: the test splits and the baseline's training rows come from the same corpus."""
    from moderation.data import load_incivility

    return load_incivility(data_dir)


def incivility_test_splits(data_dir: Path) -> list[EvalSplit]:
    corpus = _incivility_corpus(Path(data_dir))
    splits = []
    for source, description in INCIVILITY_TEST_SOURCES.items():
        rows = corpus.split("test", source=source)
        if len(rows):
            splits.append(EvalSplit(f"{source}:test", description, tuple(rows["text"]),
                                    _frame_targets(rows, INCIVILITY_LABELS)))
    return splits


def incivility_training_rows(data_dir: Path) -> TrainingRows:
    corpus = _incivility_corpus(Path(data_dir))
    train, validation = corpus.split("train"), corpus.split("validation")
    return TrainingRows(tuple(train["text"]), _frame_targets(train, INCIVILITY_LABELS),
                        tuple(validation["text"]), _frame_targets(validation, INCIVILITY_LABELS))


def _cdcp_targets(rows: pd.DataFrame) -> dict[Label, NDArray[np.float64]]:
    targets = {Label.UNSUPPORTED_CLAIM: rows["unsupported_claim"].to_numpy(dtype=np.float64)}
    for label in CLAIM_TYPE_LABELS:
        claim_type = ClaimType(label.value.removeprefix("claim_"))
        if claim_type is not ClaimType.NONE:
            targets[label] = (rows["claim_type"] == claim_type.value).to_numpy(dtype=np.float64)
    return targets


def claims_test_splits(data_dir: Path) -> list[EvalSplit]:
    from moderation.data.c3_claims import load_c3_claims
    from moderation.data.cdcp import load_cdcp

    cdcp = load_cdcp(data_dir)
    test = cdcp[cdcp["split"] == "test"]
    c3 = load_c3_claims(data_dir)
    c3_test = c3[(c3["split"] == "test") & c3["evidence_proxy"].notna()]
    return [
        EvalSplit("cdcp:test", "CDCP official test (propositions in their comment)", tuple(test["text"]),
                  _cdcp_targets(test), tuple(test["group"])),
        EvalSplit("c3_evidence:test", "C3 evidence proxy (test articles)", tuple(c3_test["text"]),
                  {Label.UNSUPPORTED_CLAIM: c3_test["evidence_proxy"].to_numpy(dtype=np.float64)}),
        *_optional(new_claims_test_splits, data_dir, []),
    ]


def new_claims_test_splits(data_dir: Path) -> list[EvalSplit]:
    """UKP test (claim_none = no argument) and IBM evidence sentences test (unsupported_claim = not
    evidence): each sentence scored alone. `bench/claims_eval.py` reports these and more side by side."""
    from moderation.data.ibm_evidence import load_ibm_evidence
    from moderation.data.ukp_am import load_ukp

    ukp = load_ukp(data_dir)
    ukp = ukp[ukp["split"] == "test"]
    ibm = load_ibm_evidence(data_dir)
    ibm = ibm[ibm["split"] == "test"]
    return [
        EvalSplit("ukp_am:test", "UKP sentential argument mining test (claim_none = no argument)",
                  tuple(ukp["text"]), {Label.CLAIM_NONE: 1.0 - ukp["argument"].to_numpy(dtype=np.float64)}),
        EvalSplit("ibm_evidence:test", "IBM evidence sentences test (unsupported_claim = not evidence)",
                  tuple(ibm["text"]), {Label.UNSUPPORTED_CLAIM: 1.0 - ibm["evidence"].to_numpy(dtype=np.float64)}),
    ]


def claims_training_rows(data_dir: Path) -> TrainingRows:
    from moderation.data.cdcp import load_cdcp

    cdcp = load_cdcp(data_dir)
    train = cdcp[cdcp["split"] == "train"]
    return TrainingRows(tuple(train["text"]), _cdcp_targets(train))


def _optional(loader: Callable[[Path], list[EvalSplit]], data_dir: Path, notes: list[str]) -> list[EvalSplit]:
    try:
        return loader(data_dir)
    except (DataUnavailable, ImportError) as exc:
        notes.append(f"{loader.__name__} skipped: {exc}")
        return []


def all_test_splits(data_dir: Path, notes: list[str]) -> list[EvalSplit]:
    """Every test split whose corpus is present; a missing claims corpus is a note, not a failure."""
    splits = incivility_test_splits(data_dir)
    return splits + _optional(claims_test_splits, data_dir, notes)
