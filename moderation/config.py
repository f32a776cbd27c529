"""All configuration in one place, read from the environment once per process.

The library stays free of pydantic (the API layer has its own settings object that starts from
this one), so this is a plain frozen dataclass.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _path(env: str, default: Path) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser().resolve() if value else default.resolve()


@dataclass(frozen=True)
class Settings:
    """Where data, models, reports and the feedback database live.

    `data_dir` points at the shared, never-committed corpora (`../shared/data` beside the clone by
    default); `models_dir` holds the committed, trained artifacts.
    """

    data_dir: Path
    models_dir: Path
    reports_dir: Path
    database_url: str
    policy_file: Path | None
    seed: int = 20251122
    queue_retention_days: float | None = 30.0

    @classmethod
    def from_env(cls) -> Settings:
        policy = os.environ.get("MODERATION_POLICY_FILE")
        default_db = PROJECT_ROOT / "var" / "feedback.db"
        return cls(
            data_dir=_path("MODERATION_DATA_DIR", PROJECT_ROOT.parent / "shared" / "data"),
            models_dir=_path("MODERATION_MODELS_DIR", PROJECT_ROOT / "models"),
            reports_dir=_path("MODERATION_REPORTS_DIR", PROJECT_ROOT / "reports"),
            database_url=os.environ.get("MODERATION_DATABASE_URL", f"sqlite:///{default_db}"),
            policy_file=Path(policy).expanduser().resolve() if policy else None,
            queue_retention_days=_retention(os.environ.get("MODERATION_QUEUE_RETENTION_DAYS")),
        )


def _retention(value: str | None) -> float | None:
    """Days a queued comment is kept (default 30); "0" or "none" keeps them until reviewed and purged by hand."""
    if value is None or not value.strip():
        return 30.0
    if value.strip().lower() in {"0", "none", "forever"}:
        return None
    try:
        days = float(value)
    except ValueError:
        raise ValueError(f"MODERATION_QUEUE_RETENTION_DAYS must be a number of days, got {value!r}.") from None
    if days < 0:
        raise ValueError(f"MODERATION_QUEUE_RETENTION_DAYS must not be negative, got {value!r}.")
    return days


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()


def fast_path_enabled() -> bool:
    """False when `MODERATION_FAST_PATH=0`: components score through scikit-learn instead of their exact
    fast paths (compiled incivility kernel, stacked claims heads), to compare the two. Read on every call,
    not cached with `Settings`, so a bench or test can switch paths within one process."""
    return os.environ.get("MODERATION_FAST_PATH", "1") != "0"


def encoder_threads() -> int:
    """Threads one ONNX Runtime session may use (`MODERATION_ENCODER_THREADS`, default 1).

    One per process is right for the service, whose workers already use every core; offline jobs
    (evaluation, batch scoring on a machine of their own) may raise it."""
    value = os.environ.get("MODERATION_ENCODER_THREADS", "1")
    try:
        threads = int(value)
    except ValueError as exc:
        raise ValueError(f"MODERATION_ENCODER_THREADS must be a whole number, got {value!r}.") from exc
    if threads < 1:
        raise ValueError(f"MODERATION_ENCODER_THREADS must be at least 1, got {threads}.")
    return threads
