"""The models folder as a registry: artifacts, the `current` pointer, and `history.jsonl`.

Promotion writes the artifact and its cards first, then moves the pointer with a temp file and
`os.replace` (`moderation.artifact.set_current`), so a reader (the service polls the pointer) sees either
the old name or the new one, never half a name or a name without its files. Every promotion, refusal and
rollback appends one JSON line to `history.jsonl` (who, when, from, to, data hash, metrics, decision);
lines are appended under an exclusive lock and fsynced, so concurrent jobs cannot interleave them.
"""

from __future__ import annotations

import fcntl
import getpass
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from moderation.artifact import CURRENT_FILE, load_artifact, save_artifact, set_current
from moderation.errors import ArtifactError, InvalidInput
from moderation.model import Moderator

HISTORY_FILE = "history.jsonl"


@dataclass(frozen=True)
class ArtifactInfo:
    stem: str
    trained_at: str | None
    sha256: str | None
    size_bytes: int | None
    current: bool
    parent: str | None


def operator() -> str:
    """Who is acting: MODERATION_OPERATOR, else the login name."""
    return os.environ.get("MODERATION_OPERATOR") or getpass.getuser()


def current_stem(models_dir: Path) -> str | None:
    try:
        return (models_dir / CURRENT_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def read_card(models_dir: Path, stem: str) -> dict[str, Any]:
    path = models_dir / f"{Path(stem).name.removesuffix('.joblib').removesuffix('.json')}.json"
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise ArtifactError(f"No model card {path.name} in {models_dir}; `moderation models list` names them.") from None
    except ValueError as exc:
        raise ArtifactError(f"Model card {path} is unreadable ({exc}).") from exc


def list_artifacts(models_dir: Path) -> list[ArtifactInfo]:
    """Every artifact with a card in the folder, oldest name first, the current one marked."""
    current = current_stem(models_dir)
    out = []
    for joblib_path in sorted(models_dir.glob("*.joblib")):
        stem = joblib_path.stem
        try:
            card = read_card(models_dir, stem)
        except ArtifactError:
            continue
        parent = card.get("retraining", {}).get("parent")
        out.append(ArtifactInfo(stem, card.get("trained_at"), card.get("sha256"), card.get("size_bytes"),
                                stem == current, parent))
    return out


def append_history(models_dir: Path, entry: dict[str, Any]) -> dict[str, Any]:
    """Append one line (with `when` and `who` filled in when missing) and return it."""
    line = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "who": operator(), **entry}
    models_dir.mkdir(parents=True, exist_ok=True)
    with open(models_dir / HISTORY_FILE, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.write(json.dumps(line, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    return line


def read_history(models_dir: Path) -> list[dict[str, Any]]:
    path = models_dir / HISTORY_FILE
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def promote(moderator: Moderator, models_dir: Path, name: str, date: str, entry: dict[str, Any]) -> str:
    """Save the artifact + cards, verify it loads, move `current` to it, record the promotion."""
    previous = current_stem(models_dir)
    stem = save_artifact(moderator.payload(), moderator.card, models_dir, name, date=date)
    load_artifact(stem, models_dir=models_dir)
    moderator.version = stem
    set_current(models_dir, stem)
    append_history(models_dir, {**entry, "action": "promote", "from": previous, "to": stem})
    return stem


def _previous(models_dir: Path, current: str | None) -> str:
    for entry in reversed(read_history(models_dir)):
        if entry.get("action") in ("promote", "rollback") and entry.get("to") == current and entry.get("from"):
            return str(entry["from"])
    raise InvalidInput(f"The history in {models_dir / HISTORY_FILE} names no model before {current}; "
                       "pass the artifact to roll back to (see `moderation models list`).")


def rollback(models_dir: Path, target: str | None = None, reason: str = "") -> tuple[str | None, str]:
    """Point `current` at `target` (default: the model the current one replaced); returns (from, to).

    The target is verified (card, sha256, scikit-learn version) before the pointer moves.
    """
    current = current_stem(models_dir)
    stem = Path(target).name.removesuffix(".joblib").removesuffix(".json") if target else _previous(models_dir, current)
    if stem == current:
        raise InvalidInput(f"{stem} is already the current model.")
    load_artifact(stem, models_dir=models_dir)
    set_current(models_dir, stem)
    append_history(models_dir, {"action": "rollback", "from": current, "to": stem, "decision": "rollback",
                                "reason": reason})
    return current, stem
