"""Versioned model artifacts: save, verify, load, and the model card that travels with them.

An artifact is three same-stem files in the models folder: `<name>-<YYYYMMDD>-<sha8>.joblib` (the fitted
components), `.json` (the machine-readable model card: format, labels, scikit-learn version, sha256 of the
joblib, data and licences, splits, metrics, thresholds) and `.md` (the card for people). joblib is pickle,
so loading runs code: we only load from the configured models folder, and only a file whose sha256 matches
its card, whose format and labels we understand, and that was written by this scikit-learn version.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import sklearn

from moderation.config import get_settings
from moderation.errors import ArtifactError
from moderation.types import ALL_LABELS

FORMAT_VERSION = 1
CURRENT_FILE = "current"


@dataclass(frozen=True)
class LoadedArtifact:
    stem: str
    payload: dict[str, Any]
    card: dict[str, Any]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def set_current(models_dir: Path, stem: str) -> None:
    """Point `models/current` at an artifact stem (temp file + os.replace, so readers never see half a name)."""
    if not (models_dir / f"{stem}.joblib").is_file():
        raise ArtifactError(f"No artifact {stem}.joblib in {models_dir}; train or copy it there first.")
    _write_atomically(models_dir / CURRENT_FILE, stem + "\n")


def save_artifact(payload: dict[str, Any], card: dict[str, Any], out_dir: Path, name: str = "moderator",
                  date: str | None = None) -> str:
    """Write joblib + JSON card + Markdown card; returns the stem. The card gets sha256 and file names."""
    out_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out_dir, prefix=".artifact.", suffix=".joblib.tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        joblib.dump(payload, tmp, compress=3)
        os.chmod(tmp, 0o644)
        digest = sha256_of(tmp)
        stem = f"{name}-{date or datetime.now(UTC).strftime('%Y%m%d')}-{digest[:8]}"
        os.replace(tmp, out_dir / f"{stem}.joblib")
    finally:
        tmp.unlink(missing_ok=True)
    full_card = {**card, "artifact": stem, "format_version": FORMAT_VERSION, "sha256": digest,
                 "sklearn_version": sklearn.__version__, "labels": list(payload["labels"]),
                 "size_bytes": (out_dir / f"{stem}.joblib").stat().st_size}
    _write_atomically(out_dir / f"{stem}.json", json.dumps(full_card, indent=2, sort_keys=False) + "\n")
    _write_atomically(out_dir / f"{stem}.md", render_markdown(full_card))
    return stem


def resolve_artifact(path: str | Path | None, models_dir: Path | None = None) -> Path:
    """The `.joblib` path for `path` (a stem, .joblib or .json path) or for `models/current` when None.

    Refuses anything outside the configured models folder: joblib files are code, never load uploads.
    """
    root = (models_dir or get_settings().models_dir).resolve()
    if path is None:
        current = root / CURRENT_FILE
        if not current.is_file():
            raise ArtifactError(f"No {current}; run `moderation train` or name an artifact in {root}.")
        path = current.read_text(encoding="utf-8").strip()
    candidate = Path(path)
    if candidate.suffix in {".joblib", ".json", ".md"}:
        candidate = candidate.with_suffix("")
    if not candidate.is_absolute() and candidate.parent == Path("."):
        candidate = root / candidate
    # resolve the file itself, not only its folder: a symlink inside the folder may point outside it
    joblib_path = candidate.with_name(candidate.name + ".joblib").resolve()
    if not joblib_path.is_relative_to(root):
        raise ArtifactError(
            f"Refusing to load {joblib_path}: artifacts load only from the models folder {root} "
            "(set MODERATION_MODELS_DIR to change it)."
        )
    if not joblib_path.is_file():
        raise ArtifactError(f"Artifact {joblib_path} does not exist; check models/current or the path given.")
    return joblib_path


def _check_card(card: dict[str, Any], joblib_path: Path) -> None:
    if card.get("format_version") != FORMAT_VERSION:
        raise ArtifactError(
            f"{joblib_path.name} has format version {card.get('format_version')!r}, this code reads "
            f"{FORMAT_VERSION}; retrain with `moderation train` or install the matching release."
        )
    known = {label.value for label in ALL_LABELS}
    unknown = [label for label in card.get("labels", []) if label not in known]
    if unknown or not card.get("labels"):
        raise ArtifactError(
            f"{joblib_path.name} has labels this code does not know ({unknown or 'none'}); retrain it."
        )
    if card.get("sklearn_version") != sklearn.__version__:
        raise ArtifactError(
            f"{joblib_path.name} was written by scikit-learn {card.get('sklearn_version')}, this is "
            f"{sklearn.__version__}; install that version or retrain with `moderation train`."
        )
    if card.get("sha256") != sha256_of(joblib_path):
        raise ArtifactError(
            f"{joblib_path.name} does not match the sha256 in its model card (corrupt or tampered); "
            "restore it from git or retrain."
        )


def load_artifact(path: str | Path | None = None, models_dir: Path | None = None) -> LoadedArtifact:
    """Verify the card, then unpickle. Every refusal is an `ArtifactError` saying what to do."""
    joblib_path = resolve_artifact(path, models_dir)
    card_path = joblib_path.with_suffix(".json")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ArtifactError(f"Model card {card_path} is missing or unreadable ({exc}); retrain or restore it.") from exc
    _check_card(card, joblib_path)
    try:
        payload = joblib.load(joblib_path)
    except Exception as exc:
        raise ArtifactError(f"{joblib_path.name} could not be unpickled ({exc}); retrain it.") from exc
    if not isinstance(payload, dict) or list(payload.get("labels", [])) != list(card["labels"]):
        raise ArtifactError(f"{joblib_path.name} holds different labels than its card; retrain it.")
    return LoadedArtifact(joblib_path.stem, payload, card)


# --- the Markdown card (rendered from the JSON, which stays the source of truth) ---

def _metrics_table(metrics: dict[str, Any]) -> list[str]:
    lines = ["| model | split | label | n | positives | ROC-AUC | AP | F1@thr | ECE |",
             "|---|---|---|---|---|---|---|---|---|"]
    for model, splits in metrics.items():
        for split, labels in splits.items():
            for label, m in labels.items():
                def fmt(key: str) -> str:
                    value = m.get(key)
                    return "–" if value is None else f"{value:.3f}"

                lines.append(f"| {model} | {split} | {label} | {m.get('n', '')} | {m.get('positives', '')} | "
                             f"{fmt('roc_auc')} | {fmt('average_precision')} | {fmt('f1')} | {fmt('ece')} |")
    return lines


def render_markdown(card: dict[str, Any]) -> str:
    lines = [f"# Model card: {card.get('artifact', '?')}", "",
             card.get("summary", ""), "",
             f"- format version {card.get('format_version')}, scikit-learn {card.get('sklearn_version')}, "
             f"seed {card.get('seed')}, trained {card.get('trained_at', '?')}"
             + (f" in {card['training_seconds']:.0f} s" if "training_seconds" in card else "")
             + f", {card.get('size_bytes', 0) / 1e6:.1f} MB",
             f"- sha256 `{card.get('sha256')}`",
             f"- labels: {', '.join(card.get('labels', []))}", "", "## Data, licences and label mapping", ""]
    for name, corpus in card.get("data", {}).items():
        lines.append(f"### {name}: {corpus.get('description', '')}")
        lines.append(f"- licence: {corpus.get('licence', '?')}")
        lines.append(f"- used for: {corpus.get('use', '')}")
        for label, rule in corpus.get("label_mapping", {}).items():
            lines.append(f"- `{label}`: {rule}")
        lines.append("")
    lines += ["## Splits", "", card.get("splits", {}).get("description", ""), ""]
    lines += ["## Thresholds", "", card.get("thresholds_method", ""), "", "| label | threshold | validation F1 |",
              "|---|---|---|"]
    for label, value in card.get("thresholds", {}).items():
        f1 = card.get("threshold_metrics", {}).get(label, {}).get("f1")
        lines.append(f"| {label} | {value:.3f} | {'' if f1 is None else f'{f1:.3f}'} |")
    lines += ["", "## Metrics (held-out; baseline = plain TF-IDF + LR trained on the same rows)", ""]
    lines += _metrics_table(card.get("metrics", {}))
    fairness = card.get("fairness")
    if fairness:
        lines += ["", "## Identity-term bias (evaluation only)", "", fairness.get("description", ""), ""]
        for key, value in fairness.items():
            if key != "description":
                lines.append(f"- {key}: {value}")
    if card.get("claims"):
        from moderation.claims.card import claims_markdown

        lines += claims_markdown(card["claims"])
    if card.get("retraining"):
        from moderation.retrain.card import retraining_markdown

        lines += retraining_markdown(card["retraining"])
    lines += ["", "## Components", ""]
    for name, info in card.get("components", {}).items():
        lines.append(f"- `{name}`: {info}")
    lines += ["", "## Limitations", "", card.get("limitations", ""), ""]
    return "\n".join(lines)
