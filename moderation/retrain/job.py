"""`moderation retrain`: read verdicts, split by time, fit a candidate, measure both models, gate, promote.

Deterministic: the same feedback, corpora, seed and options give the same model weights, the same model
card bytes and the same artifact name (see `moderation.retrain.card`); wall-clock facts (duration, when,
who, the database URL) are recorded only in `models/history.jsonl`.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy.engine import make_url
from tqdm.auto import tqdm

from moderation.artifact import load_artifact
from moderation.config import get_settings
from moderation.data import Corpus, load_incivility
from moderation.data.corpus import LABEL_COLUMNS
from moderation.errors import InvalidInput
from moderation.feedback import iter_feedback
from moderation.model import Moderator
from moderation.retrain import registry
from moderation.retrain.candidate import feedback_frame, fit_candidate, train_options, without_trained_texts
from moderation.retrain.card import candidate_card
from moderation.retrain.config import GateConfig, get_gate_config
from moderation.retrain.gate import GateDecision, decide
from moderation.retrain.measure import evaluation_sets, measure_model
from moderation.retrain.timesplit import TimeSplit, split_by_time
from moderation.retrain.verdicts import Resolution, resolve


@dataclass(frozen=True)
class RetrainOptions:
    """What `retrain` needs. `as_of` fixes the card's time (default: the latest verdict read);
    `holdout_since` fixes the held-out cutoff (default: the latest `gate.holdout_fraction`);
    `dry_run` measures and gates but never writes an artifact, moves the pointer or records history."""

    feedback_url: str
    since: datetime | None = None
    site: str | None = None
    data_dir: Path | None = None
    models_dir: Path | None = None
    name: str = "moderator"
    gate: GateConfig = field(default_factory=get_gate_config)
    holdout_since: datetime | None = None
    as_of: datetime | None = None
    seed: int | None = None
    dry_run: bool = False
    progress: bool = True
    fairness: bool = True
    model_params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RetrainResult:
    decision: GateDecision
    current: str
    promoted: str | None
    measured: dict[str, Any]
    retraining: dict[str, Any]
    seconds: float
    card: dict[str, Any] | None = None
    step_seconds: dict[str, float] = field(default_factory=dict)


def _hash_frame(frame: pd.DataFrame) -> str:
    return hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()).hexdigest()


def data_hash(corpus: Corpus, split: TimeSplit) -> str:
    """sha256 over the base corpus rows (after filtering) and the feedback rows on each side of the cutoff."""
    columns = ["text", "source", "split", *LABEL_COLUMNS]
    parts = {"base": _hash_frame(corpus.frame[columns].astype(str)),
             "feedback_train": _hash_frame(feedback_frame(split.train)[columns].astype(str)),
             "feedback_held_out": _hash_frame(feedback_frame(split.held_out)[columns].astype(str))}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _redacted(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL we cannot parse is reported as such, never echoed with secrets
        return "<unparseable URL>"


def _read(options: RetrainOptions) -> Resolution:
    return resolve(iter_feedback(options.feedback_url, since=options.since, site=options.site))


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat(timespec="seconds")


def retrain(options: RetrainOptions, corpus: Corpus | None = None) -> RetrainResult:
    """The whole loop (module docstring); `corpus` overrides the shared corpora (tests use a tiny one)."""
    settings = get_settings()
    started = time.perf_counter()
    models_dir = (options.models_dir or settings.models_dir).resolve()
    data_dir = options.data_dir or settings.data_dir
    seed = settings.seed if options.seed is None else options.seed
    steps = tqdm(total=6, desc="retrain", unit="step", disable=not options.progress)
    timings: dict[str, float] = {}
    mark = [started]

    def done(step: str) -> None:
        now = time.perf_counter()
        timings[step] = round(now - mark[0], 1)
        mark[0] = now
        steps.update(1)

    steps.set_postfix_str("reading verdicts")
    resolution = _read(options)
    split = split_by_time(resolution.rows, options.gate.holdout_fraction, options.holdout_since)
    if not split.train:
        raise InvalidInput(f"No usable verdicts before the held-out cutoff in the feedback store "
                           f"({resolution.stats}); nothing to retrain on.")
    current = _load_current(models_dir)
    done("read verdicts, load current model")

    steps.set_postfix_str("loading corpora")
    trained = feedback_frame(split.train)
    corpus, removed = without_trained_texts(corpus if corpus is not None else load_incivility(data_dir), trained)
    done("load corpora")

    steps.set_postfix_str(f"fitting on base + {len(trained)} verdicts")
    pipeline = train_options(options.progress, options.model_params)
    candidate = fit_candidate(corpus, current, trained, pipeline, seed, options.gate.feedback_weight)
    done("fit candidate")

    steps.set_postfix_str("measuring the current model")
    sets = evaluation_sets(corpus, feedback_frame(split.held_out))
    fairness_dir = data_dir if options.fairness else None
    measured = {"current": measure_model(current, sets, fairness_dir)}
    done("measure current")
    steps.set_postfix_str("measuring the candidate")
    measured["candidate"] = measure_model(candidate.moderator, sets, fairness_dir)
    done("measure candidate")

    decision = decide(measured["current"], measured["candidate"], options.gate)
    as_of = options.as_of or max(row.time for row in resolution.rows)
    retraining = {
        "parent": current.version,
        "data_hash": data_hash(corpus, split),
        "feedback": {"site": options.site, "since": _iso(options.since), "cutoff": _iso(split.cutoff),
                     "train_rows": len(split.train), "held_out_rows": len(split.held_out),
                     "held_out_repeats_dropped": split.dropped_repeats, "resolution": resolution.stats},
        "feedback_weight": options.gate.feedback_weight,
        "gate_config": {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(options.gate).items()},
        "removed_from_frozen": removed,
        "gate": decision.as_dict(),
        "current_metrics": measured["current"],
    }
    card = candidate_card(current.card, corpus, candidate, replace(pipeline, progress=False), seed,
                          measured["candidate"], retraining, trained_at=_iso(as_of) or "")
    candidate.moderator.card = card
    promoted = None
    seconds = round(time.perf_counter() - started, 1)
    if not options.dry_run:
        entry = {"decision": "promote" if decision.promote else "refused", "data_hash": retraining["data_hash"],
                 "parent": current.version, "feedback_url": _redacted(options.feedback_url),
                 "reasons": list(decision.reasons), "seconds": seconds, "step_seconds": timings,
                 "metrics": {"current": measured["current"], "candidate": measured["candidate"]}}
        if decision.promote:
            steps.set_postfix_str("promoting")
            promoted = registry.promote(candidate.moderator, models_dir, options.name,
                                        as_of.astimezone(UTC).strftime("%Y%m%d"), entry)
        else:
            registry.append_history(models_dir, {**entry, "action": "refuse", "from": current.version,
                                                 "to": current.version})
    done("gate and promote")
    steps.close()
    return RetrainResult(decision, current.version, promoted, measured, retraining, seconds,
                         card if promoted else None, timings)


def _load_current(models_dir: Path) -> Moderator:
    loaded = load_artifact(None, models_dir=models_dir)
    thresholds = loaded.payload.get("thresholds", {})
    return Moderator(loaded.payload["components"], thresholds, loaded.card, loaded.stem)
