"""Rendering the workspace pages: one autoescaping Jinja2 environment and the headers every page gets.

Autoescape is on for every template, so comment text, author names and article titles are shown as
text whatever they contain. The Content-Security-Policy allows only this server's own scripts and
styles (no inline script), which also stops an injected `<script>` even if escaping ever failed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from api.ui.highlight import SHOWN_LABELS, segments

TEMPLATES = Path(__file__).resolve().parent / "templates"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined)
_env.globals.update(segments=segments, shown_labels=SHOWN_LABELS)


def _query(base: dict[str, Any], **changes: Any) -> str:
    merged = {k: v for k, v in {**base, **changes}.items() if v not in (None, "")}
    return "?" + urlencode(merged) if merged else ""


_env.globals["qs"] = _query


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    body = _env.get_template(template).render(request=request, **context)
    return HTMLResponse(body, status_code=status_code, headers=SECURITY_HEADERS)
