"""Does an obfuscated insult still score as an insult, and does an obfuscated civil comment stay civil?

Takes uncivil and civil comments from the test splits, rewrites them with the seeded `Obfuscator`,
and compares each system's mean incivility before and after. Goals (issue 8): the uncivil mean moves
by at most 0.1; civil comments do not cross the system's threshold because of the obfuscation.
`evasion_table` disguises only the words people marked toxic, one trick at a time, and compares detection at
the shipped threshold with the clean detection (issue 13 goal: each trick keeps >= 90 % of it).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from moderation.evaluation.obfuscate import TRICKS, Obfuscator, obfuscate_spans
from moderation.evaluation.splits import EvalSplit
from moderation.evaluation.systems import System, SystemFailed
from moderation.types import Label

UNCIVIL_DRIFT_GOAL = 0.1


@dataclass(frozen=True)
class RobustnessRow:
    system: str
    group: str
    n: int
    mean_clean: float
    mean_obfuscated: float
    above_threshold_clean: float
    above_threshold_obfuscated: float

    @property
    def drift(self) -> float:
        return self.mean_obfuscated - self.mean_clean


def robustness_texts(splits: list[EvalSplit], per_group: int, seed: int) -> dict[str, list[str]]:
    """Up to `per_group` uncivil and civil test comments (seeded sample, pooled over splits)."""
    pools: dict[str, list[str]] = {"uncivil": [], "civil": []}
    for split in splits:
        values = split.targets.get(Label.INCIVILITY)
        if values is None:
            continue
        for text, value in zip(split.texts, values, strict=True):
            if not np.isnan(value):
                pools["uncivil" if value >= 0.5 else "civil"].append(text)
    rng = np.random.default_rng(seed)
    return {group: [texts[i] for i in sorted(rng.choice(len(texts), size=min(per_group, len(texts)),
                                                          replace=False))]
            for group, texts in pools.items()}


def _row(system: System, group: str, clean: np.ndarray, dirty: np.ndarray) -> RobustnessRow:
    cut = system.thresholds.get(Label.INCIVILITY, 0.5)
    return RobustnessRow(system.name, group, int(clean.size), float(clean.mean()), float(dirty.mean()),
                         float((clean >= cut).mean()), float((dirty >= cut).mean()))


def obfuscation_robustness(systems: list[System], groups: dict[str, list[str]], obfuscator: Obfuscator,
                           notes: list[str]) -> list[RobustnessRow]:
    """Clean and obfuscated texts go to each system in one call (one worker start for a peer)."""
    rows = []
    for group, texts in groups.items():
        if not texts:
            continue
        obfuscated = obfuscator.transform(texts)
        for system in systems:
            if Label.INCIVILITY not in system.labels:
                continue
            try:
                both = system.score([*texts, *obfuscated])[Label.INCIVILITY]
            except SystemFailed as exc:
                notes.append(f"{system.name}: {exc}")
                continue
            rows.append(_row(system, group, both[:len(texts)], both[len(texts):]))
    return rows


EVASION_GOAL = 0.9
"""Every evasion keeps at least 90 % of the clean detection rate at the shipped threshold (issue 13)."""


@dataclass(frozen=True)
class EvasionRow:
    """One evasion type: how many of the uncivil comments detected clean are still detected disguised."""

    trick: str
    n: int
    detected_clean: float
    detected_obfuscated: float

    @property
    def kept(self) -> float:
        return self.detected_obfuscated / self.detected_clean if self.detected_clean else float("nan")

    @property
    def meets_goal(self) -> bool:
        return self.kept >= EVASION_GOAL


def evasion_table(score: Callable[[list[str]], np.ndarray], threshold: float, texts: Sequence[str],
                  ranges: Sequence[Sequence[tuple[int, int]]], seed: int = 0,
                  tricks: Sequence[str] | None = None) -> list[EvasionRow]:
    """Per trick, detection (`score >= threshold`) of `texts` clean and with the words in `ranges` disguised.

    `score(texts) -> incivility probabilities`; `ranges[i]` are the character ranges of text i an evader would
    disguise (ToxicSpans' human spans). All variants go to `score` in one call.
    """
    if len(texts) != len(ranges):
        raise ValueError(f"{len(texts)} texts but {len(ranges)} range lists; give one per text.")
    names = list(tricks) if tricks is not None else list(TRICKS)
    variants = [obfuscate_spans(text, spans, trick, random.Random(seed + i))
                for trick in names for i, (text, spans) in enumerate(zip(texts, ranges))]
    scores = np.asarray(score([*texts, *variants]), dtype=np.float64)
    n = len(texts)
    clean = float((scores[:n] >= threshold).mean())
    return [EvasionRow(trick, n, clean, float((scores[n * (k + 1):n * (k + 2)] >= threshold).mean()))
            for k, trick in enumerate(names)]
