"""Turn an `Evaluation` into what people read: rich tables on the console, `evaluation.json`, PNG plots.

The JSON holds every number the tables show (and the per-term fairness detail they leave out), with
NaN written as null so any JSON reader can load it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from moderation.evaluation.plots import pr_figure, reliability_figure, roc_figure
from moderation.evaluation.robustness import UNCIVIL_DRIFT_GOAL
from moderation.evaluation.runner import Evaluation, MetricRow
from moderation.types import ALL_LABELS

REPORT_FILE = "evaluation.json"


def _fmt(value: float | str | None, digits: int = 3) -> str:
    if isinstance(value, str):
        return value
    return "—" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def ordered_rows(evaluation: Evaluation) -> list[MetricRow]:
    """Grouped by split (run order), then label (`ALL_LABELS` order), then system (run order)."""
    splits, systems = list(evaluation.splits), list(evaluation.systems)
    return sorted(evaluation.rows, key=lambda r: (splits.index(r.split), ALL_LABELS.index(r.label),
                                                  systems.index(r.system)))


def metrics_table(evaluation: Evaluation) -> Table:
    table = Table(title="Test splits (each system at its own chosen threshold)", show_lines=False)
    for column in ("split", "label", "system", "n (pos)", "ROC-AUC", "AP", "F1", "thr", "ECE"):
        table.add_column(column, justify="left" if column in {"split", "label", "system"} else "right")
    best: dict[tuple[str, str], float] = {}
    for row in evaluation.rows:
        key = (row.split, row.label.value)
        if not math.isnan(row.metrics.roc_auc):
            best[key] = max(best.get(key, -1.0), row.metrics.roc_auc)
    previous: tuple[str, str] | None = None
    for row in ordered_rows(evaluation):
        key, m = (row.split, row.label.value), row.metrics
        if previous is not None and key != previous:
            table.add_section()
        auc = _fmt(m.roc_auc)
        if best.get(key) == m.roc_auc:
            auc = f"[bold]{auc}[/bold]"
        ece = _fmt(m.ece) if evaluation.systems.get(row.system, True) else "n/a"
        table.add_row(*(key if key != previous else ("", "")), row.system, f"{m.n} ({m.positives})", auc,
                      _fmt(m.average_precision), _fmt(m.f1), _fmt(m.threshold, 2), ece)
        previous = key
    return table


def fairness_table(evaluation: Evaluation) -> Table:
    table = Table(title=f"Identity-term bias (Borkan et al. 2019), {evaluation.fairness_rows} template sentences;"
                        " worst term per metric")
    for column in ("system", "min subgroup AUC", "min BPSN AUC", "min BNSP AUC"):
        table.add_column(column)
    for system, summary in evaluation.fairness_summary().items():
        cells = [f"{_fmt(summary[f'min_{m}'])} ({summary[f'min_{m}_term']})"
                 for m in ("subgroup_auc", "bpsn_auc", "bnsp_auc")]
        table.add_row(system, *cells)
    return table


def robustness_table(evaluation: Evaluation) -> Table:
    table = Table(title=f"Obfuscation robustness (mean incivility; goal: uncivil drift within "
                        f"{UNCIVIL_DRIFT_GOAL}, civil stays below threshold)")
    for column in ("system", "comments", "n", "clean", "obfuscated", "drift", "above thr clean", "above thr obf."):
        table.add_column(column, justify="left" if column in {"system", "comments"} else "right")
    for row in evaluation.robustness:
        table.add_row(row.system, row.group, str(row.n), _fmt(row.mean_clean), _fmt(row.mean_obfuscated),
                      f"{row.drift:+.3f}", f"{row.above_threshold_clean:.1%}", f"{row.above_threshold_obfuscated:.1%}")
    return table


def claim_type_table(evaluation: Evaluation) -> Table:
    table = Table(title="Proposition types: macro-F1 of the most probable type")
    for column in ("split", "system", "macro-F1"):
        table.add_column(column)
    for split, by_system in evaluation.claim_type_f1.items():
        for system, value in by_system.items():
            table.add_row(split, system, _fmt(value))
    return table


def print_report(evaluation: Evaluation, console: Console) -> None:
    console.print(metrics_table(evaluation))
    if evaluation.claim_type_f1:
        console.print(claim_type_table(evaluation))
    if evaluation.fairness:
        console.print(fairness_table(evaluation))
    if evaluation.robustness:
        console.print(robustness_table(evaluation))
    for note in evaluation.notes:
        console.print(f"note: {note}", markup=False)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def write_plots(evaluation: Evaluation, out_dir: Path) -> list[Path]:
    """ROC, PR and reliability PNGs per (split, label); the reliability plot shows calibrated systems only."""
    paths = []
    for (split, label), curves in evaluation.curves.items():
        stem, title = f"{_slug(split)}__{label.value}", f"{label.value} on {split}"
        paths.append(roc_figure(curves, title, out_dir / f"{stem}__roc.png"))
        paths.append(pr_figure(curves, title, out_dir / f"{stem}__pr.png"))
        calibrated = {name: c for name, c in curves.items() if evaluation.systems.get(name, True)}
        paths.append(reliability_figure(calibrated, title, out_dir / f"{stem}__reliability.png"))
    return paths


def evaluation_json(evaluation: Evaluation, plots: list[Path]) -> dict[str, Any]:
    data: dict[str, Any] = _json_safe({
        "context": evaluation.context,
        "systems": {name: {"calibrated": calibrated} for name, calibrated in evaluation.systems.items()},
        "splits": evaluation.splits,
        "metrics": [{"split": r.split, "label": r.label.value, "system": r.system, **r.metrics.as_dict()}
                    for r in evaluation.rows],
        "fairness": {
            "template_rows": evaluation.fairness_rows,
            "summary": evaluation.fairness_summary(),
            "terms": {system: [asdict(b) for b in biases] for system, biases in evaluation.fairness.items()},
        },
        "robustness": [asdict(r) | {"drift": r.drift} for r in evaluation.robustness],
        "claim_type_macro_f1": evaluation.claim_type_f1,
        "plots": [p.name for p in plots],
        "notes": evaluation.notes,
    })
    return data


def write_report(evaluation: Evaluation, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    plots = write_plots(evaluation, out_dir)
    path = out_dir / REPORT_FILE
    path.write_text(json.dumps(evaluation_json(evaluation, plots), indent=2) + "\n", encoding="utf-8")
    return path
