"""`moderation evaluate`: assemble the systems and the data, run the comparison, write the report.

Kept apart from the runner so tests can run the same comparison on a tiny model and tiny splits.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console

from moderation.errors import DataUnavailable
from moderation.evaluation.baselines import TfidfLogRegBaseline
from moderation.evaluation.fairness import load_templates
from moderation.evaluation.report import print_report, write_report
from moderation.evaluation.runner import Evaluation, run_evaluation
from moderation.evaluation.splits import (
    EvalSplit,
    TrainingRows,
    all_test_splits,
    claims_training_rows,
    incivility_training_rows,
)
from moderation.evaluation.systems import BlendPartSystem, ModeratorSystem, System, VaderSystem

PIPE_WIDTH = 150  # rich would squeeze the tables to 80 columns when output goes to a file or a pipe


@dataclass(frozen=True)
class EvaluationOptions:
    data_dir: Path
    out_dir: Path
    model_path: Path | None = None
    peers: bool = True
    max_rows_per_split: int | None = None
    max_train_rows: int | None = None
    fairness_rows: int | None = 10000
    robustness_per_group: int = 300
    seed: int = 0


def training_rows(data_dir: Path, notes: list[str]) -> list[TrainingRows]:
    rows = [incivility_training_rows(data_dir)]
    try:
        rows.append(claims_training_rows(data_dir))
    except DataUnavailable as exc:
        notes.append(f"claims baseline skipped: {exc}")
    return rows


def build_systems(moderator: Any, rows: list[TrainingRows], options: EvaluationOptions,
                  notes: list[str]) -> list[System]:
    """Ours, the baseline on the same training rows, VADER, and the peers when installed."""
    systems: list[System] = [ModeratorSystem(moderator)]
    incivility = getattr(moderator, "components", {}).get("incivility")
    if incivility is not None and hasattr(incivility, "parts"):
        shared: dict[int, tuple[Any, Any]] = {}
        systems += [BlendPartSystem(incivility, "ngram", cache=shared),
                    BlendPartSystem(incivility, "encoder", cache=shared)]
    systems += [TfidfLogRegBaseline(seed=options.seed).fit(*rows), VaderSystem()]
    if options.peers:
        from moderation.evaluation.peer_systems import peer_systems

        systems.extend(peer_systems(rows[0], notes, seed=options.seed))
    return systems


def evaluate(moderator: Any, splits: list[EvalSplit], rows: list[TrainingRows], options: EvaluationOptions,
             notes: list[str] | None = None) -> Evaluation:
    notes = list(notes or [])
    splits = [split.sample(options.max_rows_per_split, options.seed) for split in splits]
    rows = [row_set.sample(options.max_train_rows, options.seed) for row_set in rows]
    systems = build_systems(moderator, rows, options, notes)
    try:
        templates = load_templates(options.data_dir, options.fairness_rows, options.seed)
    except DataUnavailable:
        templates = None
    evaluation = run_evaluation(systems, splits, templates, options.robustness_per_group, options.seed)
    evaluation.notes[:0] = notes
    evaluation.context = {
        "model_version": getattr(moderator, "version", "unknown"),
        "data_dir": str(options.data_dir),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "max_rows_per_split": options.max_rows_per_split,
        "max_train_rows": options.max_train_rows,
        "seed": options.seed,
    }
    return evaluation


def run(options: EvaluationOptions, console: Console | None = None) -> Path:
    """Load the artifact and the data, evaluate, print the tables, write JSON + PNGs; returns the JSON path."""
    from moderation.model import Moderator

    console = console or Console(width=None if sys.stdout.isatty() else PIPE_WIDTH)
    moderator = Moderator.load(options.model_path)
    notes: list[str] = []
    with console.status("loading the test splits and training rows"):
        splits = all_test_splits(options.data_dir, notes)
        rows = training_rows(options.data_dir, notes)
    console.print("fitting the TF-IDF+LR baseline on the training rows, then scoring every system", style="dim")
    evaluation = evaluate(moderator, splits, rows, options, notes)
    with console.status("writing the JSON report and the PNG plots"):
        path = write_report(evaluation, options.out_dir)
    print_report(evaluation, console)
    console.print(f"report: {path} (+ {len(evaluation.curves) * 3} PNG plots)", markup=False, soft_wrap=True)
    return path
