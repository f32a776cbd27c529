"""The service's settings: one pydantic-settings object that starts from the library's settings.

Everything the library already knows (models dir, database URL, policy file) defaults to
`moderation.config.get_settings()`; the service adds what only an HTTP server needs. All of it is
read from `MODERATION_*` environment variables.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from api.budget import RequestBudget
from moderation.config import get_settings as get_library_settings
from moderation.keys import default_keys_file

_lib = get_library_settings
log = logging.getLogger("moderation.api")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MODERATION_", extra="ignore")

    models_dir: Path = Field(default_factory=lambda: _lib().models_dir)
    model_path: Path | None = Field(
        None, description="A specific artifact; default: what models/current names."
    )
    database_url: str = Field(default_factory=lambda: _lib().database_url)
    policy_file: Path | None = Field(default_factory=lambda: _lib().policy_file)
    api_keys_file: Path = Field(default_factory=default_keys_file)
    read_requires_key: bool = Field(
        False, description="Require a key with the `read` scope on scoring routes."
    )
    max_body_bytes: int = Field(32 * 1024 * 1024, ge=1024, description="Larger request bodies get a 413.")
    rate_limit_per_second: float = Field(
        1000.0, ge=0, description="Token refill per key (or client); 0 = off."
    )
    rate_limit_burst: int = Field(2000, ge=1)
    coral_signing_secrets: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list, description="Comma-separated Coral phase signing secrets (rotation: several)."
    )
    model_poll_seconds: float = Field(
        2.0, ge=0, description="How often to look for a newly promoted model; 0 = never."
    )
    load_in_background: bool = Field(True, description="Start serving (readyz 503) while the model loads.")
    # The per-request cost budget (api/budget.py); defaults from the costs measured in bench/HOSTILE.md.
    budget_text_max_bytes: int = Field(
        1_000_000, ge=1024, description="Comment text per request; more is a 413 before any scoring."
    )
    budget_body_max_bytes: int = Field(
        4 * 1024 * 1024, ge=1024,
        description="Body of a scoring request; larger is a 413 from Content-Length, before reading it.",
    )
    budget_explain_max_comments: int = Field(100, ge=0, description="Explain at most this many comments.")
    budget_explain_max_bytes: int = Field(
        32 * 1024, ge=0, description="Explain comments while their text adds up to at most this."
    )
    budget_article_max_chars: int = Field(
        100_000, ge=1000, description="Article context is built from this many characters at most."
    )
    budget_page_max_chars: int = Field(
        1_500_000, ge=1000,
        description="Longer pages get a 413 from /v1/pages:moderate (a 1.1 MB page of 100,000 nested divs must pass)."
    )
    budget_seconds: float = Field(
        15.0, gt=0, description="Work still running after this is stopped (503); so is an abandoned request's."
    )
    body_read_seconds: float = Field(
        10.0, gt=0, description="A request body not fully received by then gets a 408 and the connection closes."
    )

    log_level: str = Field("INFO", pattern="(?i)^(debug|info|warning|error)$", description="JSON log level.")
    heavy_lane: bool = Field(
        True, description="Score requests over 8 KB in a niced helper process per worker (api/lane.py)."
    )
    heavy_lane_nice: int = Field(10, ge=0, le=19, description="The helper's nice value.")

    def budget(self) -> RequestBudget:
        return RequestBudget(
            text_max_bytes=self.budget_text_max_bytes,
            explain_max_comments=self.budget_explain_max_comments,
            explain_max_bytes=self.budget_explain_max_bytes,
            article_max_chars=self.budget_article_max_chars,
            page_max_chars=self.budget_page_max_chars,
            seconds=self.budget_seconds,
        )
    queue_retention_days: float | None = Field(
        default_factory=lambda: _lib().queue_retention_days, ge=0,
        description="Days a queued comment is kept; empty = until purged by hand.",
    )
    session_secret: SecretStr | None = Field(
        None, description="Signs moderator sessions; default: a random secret kept beside the key file."
    )
    session_max_age_seconds: int = Field(12 * 3600, ge=60, description="A moderator logs in again after this.")
    session_cookie_secure: bool = Field(False, description="Send the session cookie over HTTPS only.")

    @field_validator("coral_signing_secrets", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        return signing_secrets(value) if isinstance(value, str) else value


def signing_secrets(value: str) -> list[str]:
    """Comma-separated secrets, or a JSON list of strings (what pydantic-settings users write for a list).

    `'["x"]'` used to become the one secret `["x"]` (brackets and quotes included), so every Coral
    request failed its signature check with no hint why. Anything else that looks like JSON or carries
    quotes is refused or warned about at start-up rather than taken literally in silence."""
    text = value.strip()
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError:
            parsed = None
        if not isinstance(parsed, list) or not all(isinstance(item, str) for item in parsed):
            raise ValueError(
                'starts with "[" but is not a JSON list of strings; '
                'write secret1,secret2 or ["secret1", "secret2"].'
            )
        return [item.strip() for item in parsed if item.strip()]
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if any(part[0] in "\"'" or part[-1] in "\"'" for part in parts):
        log.warning("MODERATION_CORAL_SIGNING_SECRETS: a secret starts or ends with a quote, which is kept as "
                    "part of the secret; remove the quotes unless Coral's secret really has them.")
    return parts


def check_settings() -> Settings:
    """The settings, or one sentence saying which variable is wrong (for `moderation serve`, before workers)."""
    from pydantic import ValidationError

    from moderation.errors import InvalidInput

    get_settings.cache_clear()
    try:
        return get_settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "MODERATION_" + "_".join(str(part) for part in first["loc"][:1]).upper()
        raise InvalidInput(f"{name}: {first['msg'].removeprefix('Value error, ')}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()  # type: ignore[call-arg]  # every field has a default
