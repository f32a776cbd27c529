"""Moderator sessions for the queue page: a signed cookie naming the key's hash, and a CSRF token.

The cookie holds no secret a moderator could reuse elsewhere: the sha256 of their key (what the key
file stores), their key's name and a random CSRF token, signed with the server's session secret and
dated. Every request looks the hash up in the live key ring, so a revoked key ends its sessions on
the next click, in every worker. Forms carry the CSRF token (double submit, compared in constant
time); the cookie is HttpOnly and SameSite=Strict besides.

The secret is `MODERATION_SESSION_SECRET`, else a random one created once beside the key file
(mode 0600) and shared by every worker of the host.
"""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from api.config import Settings
from moderation.keys import ApiKey, KeyRing

COOKIE = "moderation_session"
SCOPE = "feedback"


class NotLoggedIn(Exception):
    """No live moderator session; pages answer with a redirect to the login form."""


class CsrfRefused(Exception):
    """A form came without the session's CSRF token."""


@dataclass
class UiSession:
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    key_sha256: str | None = None
    moderator: str | None = None
    changed: bool = False

    def payload(self) -> dict[str, str | None]:
        return {"csrf": self.csrf, "key": self.key_sha256, "name": self.moderator}


class SessionCodec:
    def __init__(self, settings: Settings) -> None:
        secret = settings.session_secret.get_secret_value() if settings.session_secret else None
        self.serializer = URLSafeTimedSerializer(
            secret or _stored_secret(settings.api_keys_file.parent / "session_secret"), salt="moderation-ui"
        )
        self.max_age = settings.session_max_age_seconds
        self.secure = settings.session_cookie_secure

    def read(self, request: Request) -> UiSession:
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                data = self.serializer.loads(raw, max_age=self.max_age)
                return UiSession(csrf=str(data["csrf"]), key_sha256=data.get("key"), moderator=data.get("name"))
            except (BadSignature, KeyError, TypeError):
                pass
        return UiSession(changed=True)

    def write(self, response: Response, session: UiSession) -> None:
        response.set_cookie(
            COOKIE, self.serializer.dumps(session.payload()), max_age=self.max_age, httponly=True,
            samesite="strict", secure=self.secure, path="/",
        )


def moderator_key(session: UiSession, keys: KeyRing) -> ApiKey:
    """The live key behind this session, or `NotLoggedIn` (no login, revoked, or lost the scope)."""
    if not session.key_sha256:
        raise NotLoggedIn()
    key = keys.find(session.key_sha256)
    if key is None or not key.allows(SCOPE):
        raise NotLoggedIn()
    return key


def check_csrf(session: UiSession, presented: str | None) -> None:
    if not presented or not hmac.compare_digest(presented.encode(), session.csrf.encode()):
        raise CsrfRefused()


def _stored_secret(path: Path) -> str:
    """Read the host's session secret, creating it atomically on first use (workers race safely)."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(48) + "\n")
    return path.read_text(encoding="utf-8").strip()
