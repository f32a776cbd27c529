"""Run every system on every test split, the identity-term set and the obfuscation check, in one run.

Side by side in one process on the same rows is the only comparison that means anything: the
numbers of our model, the baseline, VADER and the peers all come from the same `EvalSplit` objects.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from tqdm import tqdm

from moderation.evaluation.claim_types import claim_type_macro_f1s
from moderation.evaluation.fairness import TermBias, summarise, term_biases
from moderation.evaluation.metrics import LabelMetrics, label_metrics
from moderation.evaluation.obfuscate import Obfuscator
from moderation.evaluation.robustness import RobustnessRow, obfuscation_robustness, robustness_texts
from moderation.evaluation.splits import EvalSplit
from moderation.evaluation.systems import System, SystemFailed
from moderation.types import Label

Curve = tuple[NDArray[np.float64], NDArray[np.float64]]


@dataclass(frozen=True)
class MetricRow:
    split: str
    label: Label
    system: str
    metrics: LabelMetrics


@dataclass
class Evaluation:
    """All results of one run; `curves[(split, label)][system]` keeps (y, score) for the plots."""

    systems: dict[str, bool] = field(default_factory=dict)
    splits: dict[str, str] = field(default_factory=dict)
    rows: list[MetricRow] = field(default_factory=list)
    curves: dict[tuple[str, Label], dict[str, Curve]] = field(default_factory=dict)
    fairness: dict[str, list[TermBias]] = field(default_factory=dict)
    fairness_rows: int = 0
    robustness: list[RobustnessRow] = field(default_factory=list)
    claim_type_f1: dict[str, dict[str, float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    context: dict[str, object] = field(default_factory=dict)

    def fairness_summary(self) -> dict[str, dict[str, float | str | None]]:
        return {system: summarise(biases) for system, biases in self.fairness.items()}


def _bar(total: int, description: str) -> tqdm:
    return tqdm(total=total, desc=description, unit="step", file=sys.stderr, disable=not sys.stderr.isatty())


def safe_score(evaluation: Evaluation, system: System,
               split: EvalSplit | Sequence[str]) -> dict[Label, NDArray[np.float64]]:
    """The system's scores, or none (and a note) when it fails: one broken peer must not sink the run.

    Grouped units (CDCP propositions) go to `score_grouped` when the system has one.
    """
    try:
        if isinstance(split, EvalSplit) and split.groups is not None and hasattr(system, "score_grouped"):
            grouped: dict[Label, NDArray[np.float64]] = system.score_grouped(split.texts, split.groups)
            return grouped
        return system.score(split.texts if isinstance(split, EvalSplit) else split)
    except SystemFailed as exc:
        evaluation.notes.append(f"{system.name}: {exc}")
        return {}


def score_splits(evaluation: Evaluation, systems: Sequence[System], splits: Sequence[EvalSplit]) -> None:
    """Every label a system covers and a split annotates with both classes: metrics at the system's threshold."""
    with _bar(len(systems) * len(splits), "scoring test splits") as bar:
        for split in splits:
            evaluation.splits[split.name] = split.description
            for system in systems:
                bar.set_postfix_str(f"{system.name} on {split.name}")
                shared = [label for label in system.labels if label in split.targets]
                scores = safe_score(evaluation, system, split) if shared else {}
                for label in (label for label in shared if label in scores):
                    y, p = split.targets[label], scores[label]
                    known = y[~np.isnan(y)]
                    if not 0 < (known >= 0.5).sum() < known.size:
                        continue
                    metrics = label_metrics(y, p, system.thresholds.get(label, 0.5))
                    evaluation.rows.append(MetricRow(split.name, label, system.name, metrics))
                    evaluation.curves.setdefault((split.name, label), {})[system.name] = (y, p)
                for variant, macro in claim_type_macro_f1s(split.targets, scores).items():
                    evaluation.claim_type_f1.setdefault(f"{split.name}{variant}", {})[system.name] = macro
                bar.update(1)


def score_fairness(evaluation: Evaluation, systems: Sequence[System], templates: pd.DataFrame) -> None:
    evaluation.fairness_rows = len(templates)
    texts = list(templates["text"])
    with _bar(len(systems), "identity-term bias") as bar:
        for system in systems:
            scores = safe_score(evaluation, system, texts) if Label.INCIVILITY in system.labels else {}
            if Label.INCIVILITY in scores:
                evaluation.fairness[system.name] = term_biases(texts, templates["toxic"], scores[Label.INCIVILITY])
            bar.update(1)


def score_robustness(evaluation: Evaluation, systems: Sequence[System], splits: Sequence[EvalSplit],
                     per_group: int, seed: int) -> None:
    groups = robustness_texts(list(splits), per_group, seed)
    evaluation.robustness = obfuscation_robustness(list(systems), groups, Obfuscator(seed=seed),
                                                   evaluation.notes)


def run_evaluation(systems: Sequence[System], splits: Sequence[EvalSplit], templates: pd.DataFrame | None,
                   robustness_per_group: int = 300, seed: int = 0) -> Evaluation:
    """The whole comparison; `templates` None skips the identity-term section (noted in the report)."""
    evaluation = Evaluation(systems={system.name: system.calibrated for system in systems})
    score_splits(evaluation, systems, splits)
    if templates is not None:
        score_fairness(evaluation, systems, templates)
    else:
        evaluation.notes.append("identity-term templates not found: fairness section skipped")
    score_robustness(evaluation, systems, splits, robustness_per_group, seed)
    return evaluation
