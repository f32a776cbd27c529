"""`moderation retrain` and `moderation models list|show|history|rollback` (parse, call, print; no logic).

Exit codes: 0 promoted (or listed/shown/rolled back), 1 the gate refused the candidate, 2 bad input or
an artifact/data problem (one line on stderr, see `moderation.cli.main`).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from moderation.errors import InvalidInput

models_app = typer.Typer(help="Trained artifacts, the models/current pointer and its history.",
                         no_args_is_help=True, rich_markup_mode=None)


def parse_time(value: str, option: str) -> datetime | None:
    """ISO date or date-time (UTC when no zone is given); '' means not set."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{option} {value!r} is not an ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS).") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def _models_dir(value: str) -> Path:
    from moderation.config import get_settings

    return Path(value) if value else get_settings().models_dir


def retrain_command(
    feedback: str = typer.Option("", "--feedback", help="Feedback DATABASE_URL (default: MODERATION_DATABASE_URL)."),
    since: str = typer.Option("", "--since", help="Only verdicts changed at or after this date (ISO)."),
    site: str = typer.Option("", "--site", help="Only this site's verdicts (a per-site model: use its own --out)."),
    data_dir: str = typer.Option("", "--data-dir", help="Shared corpora (default: MODERATION_DATA_DIR)."),
    out: str = typer.Option("", "--out", help="Models folder with the current pointer (default: models dir)."),
    feedback_weight: float | None = typer.Option(None, "--feedback-weight", min=0,
                                          help="Weight of a verdict vs a corpus row (default: config, 5)."),
    tolerance: float | None = typer.Option(None, "--tolerance", min=0,
                                           help="Largest allowed frozen-metric drop (default 0.01)."),
    min_gain: float | None = typer.Option(None, "--min-gain", min=0,
                                          help="Required held-out feedback AUC gain (default 0.005)."),
    holdout_since: str = typer.Option("", "--holdout-since", help="Fixed held-out cutoff (default: latest 30%)."),
    as_of: str = typer.Option("", "--as-of", help="Time written into the card (default: latest verdict read)."),
    name: str = typer.Option("moderator", "--name", help="Artifact name prefix."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Measure and gate only; write and move nothing."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show the progress bar."),
    json_out: bool = typer.Option(False, "--json", help="Print the full result as JSON."),
) -> None:
    """Retrain from moderators' verdicts; promote only if the gate passes (exit 1 and reasons if not)."""
    from dataclasses import replace

    from moderation.config import get_settings
    from moderation.retrain.config import get_gate_config
    from moderation.retrain.job import RetrainOptions, retrain

    gate = get_gate_config()
    overrides = {key: value for key, value in (("feedback_weight", feedback_weight), ("tolerance", tolerance),
                                               ("min_gain", min_gain)) if value is not None}
    result = retrain(RetrainOptions(
        feedback_url=feedback or get_settings().database_url, since=parse_time(since, "--since"),
        site=site or None, data_dir=Path(data_dir) if data_dir else None, models_dir=Path(out) if out else None,
        name=name, gate=replace(gate, **overrides), holdout_since=parse_time(holdout_since, "--holdout-since"),
        as_of=parse_time(as_of, "--as-of"), dry_run=dry_run, progress=progress,
    ))
    if json_out:
        print(json.dumps({"promote": result.decision.promote, "current": result.current, "promoted": result.promoted,
                          "seconds": result.seconds, "retraining": result.retraining,
                          "candidate_metrics": result.measured["candidate"]}, indent=2))
    else:
        print(summary(result))
    if not result.decision.promote:
        raise typer.Exit(1)


def summary(result: Any) -> str:
    """What happened, in a few lines: the decision, then every failed check (or the key numbers)."""
    feedback = result.retraining["feedback"]
    head = (f"{feedback['train_rows']} verdicts trained on, {feedback['held_out_rows']} held out "
            f"(from {feedback['cutoff']}); {result.seconds:.0f} s")
    if result.decision.promote:
        verb = "would promote (dry run)" if result.promoted is None else f"promoted {result.promoted}"
        first = f"{verb}; models/current was {result.current}"
    else:
        first = f"refused: keeping {result.current}"
    lines = [first, head]
    for check in result.decision.checks:
        if not check.passed or check.name.startswith("feedback:held_out incivility") or check.name.startswith("fairness"):
            mark = "ok " if check.passed else "NO "
            now = "–" if check.current is None else f"{check.current:.4f}"
            new = "–" if check.candidate is None else f"{check.candidate:.4f}"
            lines.append(f"  {mark}{check.name}: {now} -> {new} ({check.rule})")
    return "\n".join(lines)


@models_app.command("list")
def models_list(models_dir: str = typer.Option("", "--models-dir", help="Default: MODERATION_MODELS_DIR.")) -> None:
    """Every artifact in the models folder; '*' marks the one models/current names."""
    from moderation.retrain.registry import list_artifacts

    for info in list_artifacts(_models_dir(models_dir)):
        parent = f"  (retrained from {info.parent})" if info.parent else ""
        print(f"{'*' if info.current else ' '} {info.stem}  {info.trained_at or '?'}{parent}")


@models_app.command("show")
def models_show(
    name: str = typer.Argument(..., help="Artifact stem (see `moderation models list`)."),
    models_dir: str = typer.Option("", "--models-dir", help="Default: MODERATION_MODELS_DIR."),
    json_out: bool = typer.Option(False, "--json", help="Print the whole JSON model card."),
) -> None:
    """An artifact's card: when, data, thresholds, test metrics, fairness, retraining gate and history."""
    from moderation.retrain.registry import read_card, read_history

    folder = _models_dir(models_dir)
    card = read_card(folder, name)
    if json_out:
        print(json.dumps(card, indent=2))
        return
    print(f"{card.get('artifact')}  trained {card.get('trained_at')}  sha256 {str(card.get('sha256'))[:16]}…")
    print(f"labels: {', '.join(card.get('labels', []))}")
    for split, labels in card.get("metrics", {}).get("ours", {}).items():
        auc = labels.get("incivility", {}).get("roc_auc")
        if auc is not None:
            print(f"  {split:<22} incivility ROC-AUC {auc:.4f}")
    fairness = card.get("fairness", {}).get("after_mitigation", {})
    if fairness:
        print(f"  fairness min BPSN {fairness.get('min_bpsn_auc')}  min subgroup {fairness.get('min_subgroup_auc')}")
    gate = card.get("retraining", {}).get("gate")
    if gate:
        print(f"retrained from {card['retraining']['parent']}: {'; '.join(gate['reasons'])}")
    for entry in read_history(folder):
        if card.get("artifact") in (entry.get("to"), entry.get("from")):
            print(f"  history {entry.get('when')} {entry.get('who')} {entry.get('action')} "
                  f"{entry.get('from')} -> {entry.get('to')}")


@models_app.command("history")
def models_history(models_dir: str = typer.Option("", "--models-dir", help="Default: MODERATION_MODELS_DIR.")) -> None:
    """Promotions, refusals and rollbacks, oldest first (models/history.jsonl)."""
    from moderation.retrain.registry import read_history

    for entry in read_history(_models_dir(models_dir)):
        print(f"{entry.get('when')} {entry.get('who')} {entry.get('action'):<8} {entry.get('from')} -> "
              f"{entry.get('to')}  data {str(entry.get('data_hash') or '-')[:12]}")


@models_app.command("rollback")
def models_rollback(
    name: str = typer.Argument("", help="Artifact to make current (default: the one the current replaced)."),
    models_dir: str = typer.Option("", "--models-dir", help="Default: MODERATION_MODELS_DIR."),
    reason: str = typer.Option("", "--reason", help="Why (kept in the history)."),
) -> None:
    """Move models/current back (atomically, after verifying the artifact) and record it in the history."""
    from moderation.retrain.registry import rollback

    previous, current = rollback(_models_dir(models_dir), name or None, reason)
    print(f"models/current: {previous} -> {current}", file=sys.stdout)
