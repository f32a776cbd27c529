"""Coral Talk's external moderation phase: verify Coral's signature, answer in Coral's terms.

Signature (coralproject/talk `models/settings` `generateSignatures`, WEBHOOKS.md): the header
`X-Coral-Signature` holds one or more comma-separated `sha256=<hex>` values, each the HMAC-SHA256
of the raw request body under one of the phase's signing secrets (several while a secret is being
rotated). We accept the request when any value matches any configured secret, compared in
constant time.

Decision mapping: reject -> `status: REJECTED` plus a FLAG per kind of reason, so moderators see
why; review -> a FLAG per kind of reason and the site's `coral.review_status` (`PREMOD` by default:
the comment waits in Coral's pre-moderation queue instead of being published); approve -> no
status, so Coral's later phases still run. Every review trigger sends a FLAG, including one caused
only by `unsupported_claim` (Coral has no reason for it: `COMMENT_REPORTED_OTHER` with the finding in
`additionalDetails`, or the reason the site's policy names). Coral waits for the phase's configured timeout
and skips the phase when it passes; one comment is scored in well under that (see bench/api_load.py).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

from api.schemas.coral import CoralAction, CoralModerationRequest, CoralModerationResponse
from api.state import Loaded
from moderation.policy import CoralSettings, Trigger
from moderation.types import INCIVILITY_LABELS, Decision

SIGNATURE_HEADER = "X-Coral-Signature"
_TOXIC_LABELS = {label.value for label in INCIVILITY_LABELS}


class SignatureError(Exception):
    def __init__(self, status_code: int, detail: str) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.detail = detail


def sign(body: bytes, secret: str) -> str:
    """The header value Coral sends for `body` (used by tests and by anyone replaying Coral)."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, header: str | None, secrets: Sequence[str]) -> None:
    if not secrets:
        raise SignatureError(
            403, "Coral integration is not configured (set MODERATION_CORAL_SIGNING_SECRETS)."
        )
    if not header:
        raise SignatureError(401, f"Missing {SIGNATURE_HEADER} header; configure a signing secret in Coral.")
    presented = [
        v.strip() for p, _, v in (e.strip().partition("=") for e in header.split(",")) if p == "sha256"
    ]
    expected = [hmac.new(s.encode("utf-8"), body, hashlib.sha256).hexdigest() for s in secrets]
    matched = False
    for value in presented:
        for digest in expected:
            matched |= hmac.compare_digest(value.encode("ascii", "replace"), digest.encode("ascii"))
    if not matched:
        raise SignatureError(403, f"{SIGNATURE_HEADER} does not match the body under any configured secret.")


def comment_text(body: str) -> str:
    """Coral sends HTML when the phase's format is HTML; score the words, not the tags."""
    if "<" not in body or ">" not in body:
        return body
    from selectolax.parser import HTMLParser

    text = HTMLParser(body).text(separator=" ").strip()
    return text or body


def moderate(loaded: Loaded, request: CoralModerationRequest) -> CoralModerationResponse:
    text = comment_text(request.comment.body)
    [scores] = loaded.moderator.score([text], explain=False)
    site = loaded.policy.for_site(request.site.id)
    triggers = site.triggers(scores, text)
    decision = triggers[0].decision if triggers else Decision.APPROVE
    return CoralModerationResponse(
        actions=_flags(triggers, site.coral),
        status=_status(decision, site.coral),
        metadata={
            "moderation": {
                "decision": decision.value,
                "reasons": [str(t) for t in triggers],
                "modelVersion": loaded.moderator.version,
            }
        },
    )


def _status(decision: Decision, settings: CoralSettings) -> str | None:
    if decision == Decision.REJECT:
        return "REJECTED"
    if decision == Decision.REVIEW and settings.review_status != "NONE":
        return settings.review_status
    return None


def _flags(triggers: Sequence[Trigger], settings: CoralSettings) -> list[CoralAction]:
    actions: dict[str, list[str]] = {}
    for trigger in triggers:
        reason = settings.reason_for(trigger.subject) or _flag_reason(trigger)
        if reason:
            actions.setdefault(reason, []).append(str(trigger))
    return [
        CoralAction(reason=reason, additionalDetails="; ".join(details))  # type: ignore[arg-type]
        for reason, details in actions.items()
    ]


def _flag_reason(trigger: Trigger) -> str | None:
    if trigger.rule == "banned_word":
        return "COMMENT_DETECTED_BANNED_WORD"
    if trigger.rule == "suspect_word":
        return "COMMENT_DETECTED_SUSPECT_WORD"
    if trigger.rule == "threat_phrase":
        return "COMMENT_DETECTED_TOXIC"
    if trigger.subject in _TOXIC_LABELS:
        return "COMMENT_DETECTED_TOXIC"
    return None
