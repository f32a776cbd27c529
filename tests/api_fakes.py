"""A tiny stand-in for `moderation.model.Moderator` with the same interface, for fast route tests.

Its scores are keyword rules (not a model): "idiot" is an insult, "hurt you" a threat, "everyone
knows" an unsupported claim; enough to drive every policy branch deterministically.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from moderation.types import (
    ALL_LABELS,
    ClaimType,
    Label,
    Scores,
    Sentence,
    Span,
    Support,
)

_SENTENCE = re.compile(r"[^.!?]+[.!?]*")


class FakeModerator:
    version = "fake-20261122-0000abcd"
    labels = ALL_LABELS
    thresholds = {label: 0.5 for label in ALL_LABELS}
    card: dict[str, Any] = {
        "name": "fake",
        "metrics": {"incivility": {"test": {"roc_auc": 0.9}}},
        "data": [{"corpus": "fake", "licence": "CC0"}],
    }

    def __init__(self, version: str | None = None) -> None:
        if version:
            self.version = version
        self.calls: list[tuple[list[str], bool, Any]] = []

    def score(self, texts: Sequence[str], *, explain: bool = False, context: Any = None) -> list[Scores]:
        self.calls.append((list(texts), explain, context))
        return [self._score(text, explain) for text in texts]

    def explain(self, text: str) -> dict[Label, tuple[Span, ...]]:
        return dict(self._score(text, True).spans)

    def _score(self, text: str, explain: bool) -> Scores:
        low = text.lower()
        probs = {label: 0.05 for label in ALL_LABELS}
        probs[Label.INSULT] = 0.95 if "idiot" in low else 0.05
        probs[Label.THREAT] = 0.7 if "hurt you" in low else 0.02
        probs[Label.INCIVILITY] = max(probs[Label.INSULT], probs[Label.THREAT])
        probs[Label.UNSUPPORTED_CLAIM] = 0.6 if "everyone knows" in low else 0.1
        spans: dict[Label, tuple[Span, ...]] = {}
        if explain and "idiot" in low:
            start = low.index("idiot")
            spans[Label.INSULT] = (Span(start, start + 5, text[start : start + 5], 1.0),)
        sentences = tuple(self._sentence(m, text) for m in _SENTENCE.finditer(text) if m.group(0).strip())
        return Scores(probs, spans, sentences)

    @staticmethod
    def _sentence(match: re.Match[str], text: str) -> Sentence:
        claim = "everyone knows" in match.group(0).lower()
        kind = ClaimType.FACT if claim else ClaimType.NONE
        return Sentence(
            start=match.start(),
            end=match.end(),
            text=match.group(0),
            claim_type=kind,
            type_probabilities={t: (0.9 if t == kind else 0.02) for t in ClaimType},
            support=Support.UNSUPPORTED if claim else Support.NOT_A_CLAIM,
            unsupported_probability=0.8 if claim else 0.05,
        )


CORAL_SECRET = "whsec-test-secret"


def make_settings(tmp_path: Any, **overrides: Any) -> Any:
    """Service settings isolated in `tmp_path`: its own SQLite file, key file and no polling."""
    from api.config import Settings

    values: dict[str, Any] = {
        "database_url": f"sqlite:///{tmp_path}/feedback.db",
        "api_keys_file": tmp_path / "api_keys.json",
        "models_dir": tmp_path / "models",
        "policy_file": None,
        "model_poll_seconds": 0,
        "load_in_background": False,
        "coral_signing_secrets": [CORAL_SECRET],
        "heavy_lane": False,  # in-process, so FakeModerator.calls sees every call; tests/test_api_budget.py forks
    }
    values.update(overrides)
    return Settings(**values)


def make_keys(path: Any) -> dict[str, str]:
    """One key per scope, created through the same code path as `moderation keys create`."""
    from moderation.keys import create_key

    return {scope: create_key(path, f"{scope}-key", [scope]) for scope in ("read", "feedback", "admin")}


def reason(response: Any) -> str:
    """An error response's reason: our `detail`, or Google's `error.message` on the Perspective route."""
    body = response.json()
    if "error" in body:
        assert set(body) == {"error"}, body  # Google's envelope, exactly
        return str(body["error"]["message"])
    return str(body["detail"])
