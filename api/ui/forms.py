"""Which requests are the workspace's HTML forms: the only bodies the API takes that are not JSON."""

from __future__ import annotations

FORM_MEDIA = "application/x-www-form-urlencoded"
FORM_PATHS = ("/login", "/logout", "/queue/")


def is_workspace_form(path: str, content_type: str | None) -> bool:
    media = (content_type or "").split(";")[0].strip().lower()
    return media == FORM_MEDIA and (path in FORM_PATHS[:2] or path.startswith(FORM_PATHS[2]))
