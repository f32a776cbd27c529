"""The moderators' workspace pages: login, the queues, one comment, the model, the verdict history.

Server-rendered HTML with plain forms (POST, then redirect back), so every action works without
JavaScript; `static/workspace.js` only adds the keys a/r/j/k/u. Every page needs a live moderator
session (a key with the `feedback` scope), every form its CSRF token, and verdicts go through
`QueueStore.decide`, i.e. through `FeedbackStore.upsert` like `POST /v1/feedback`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import StateDep
from api.ui.render import render
from api.ui.session import NotLoggedIn, UiSession, check_csrf, moderator_key
from moderation.errors import InvalidInput
from moderation.queue import QUEUES, QueueFilter
from moderation.types import Decision, Label

router = APIRouter(include_in_schema=False)
QUEUE_TITLES = {"pending": "Pending review", "reported": "Reported", "rejected": "Rejected", "approved": "Approved"}
HISTORY_PAGE = 50


def read_session(request: Request) -> UiSession:
    return request.app.state.ui_sessions.read(request)  # type: ignore[no-any-return]


SessionDep = Annotated[UiSession, Depends(read_session)]


class Workspace:
    """What every logged-in page needs: the session, the moderator's name and the service state."""

    def __init__(self, request: Request, state: StateDep, session: SessionDep) -> None:
        self.request, self.state, self.session = request, state, session
        self.moderator = moderator_key(session, state.keys).name

    def page(self, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        counts = {q: self.state.queue.list(QueueFilter(queue=q, per_page=1))[1] for q in QUEUES}
        last = self.state.queue.last_action(self.moderator)
        loaded = self.state.loaded
        thresholds = {Label(k).value: float(v) for k, v in loaded.moderator.thresholds.items()} if loaded else {}
        common = {
            "moderator": self.moderator, "csrf": self.session.csrf, "counts": counts, "titles": QUEUE_TITLES,
            "last_action": last, "thresholds": thresholds,
        }
        return render(self.request, template, {**common, **context}, status_code)


WorkspaceDep = Annotated[Workspace, Depends(Workspace)]


def _safe_next(target: str | None, default: str = "/queue") -> str:
    """Only same-site paths: a crafted `next` must not turn the login into an open redirect."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return default


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name} must be a date like 2026-12-01, got {value!r}.") from None


@router.get("/")
async def home() -> RedirectResponse:
    return RedirectResponse("/queue", status_code=303)


@router.get("/login")
async def login_form(request: Request, session: SessionDep, next: str = "/queue") -> HTMLResponse:
    response = render(request, "login.html", {"csrf": session.csrf, "next": _safe_next(next), "error": None})
    if session.changed:
        request.app.state.ui_sessions.write(response, session)
    return response


@router.post("/login")
async def login(
    request: Request,
    state: StateDep,
    session: SessionDep,
    key: Annotated[str, Form(max_length=512)] = "",
    csrf_token: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form(max_length=2048)] = "/queue",
) -> Response:
    check_csrf(session, None if session.changed else csrf_token)
    found = state.keys.verify(key.strip())
    if found is None or not found.allows("feedback"):
        client = request.client.host if request.client else "unknown"
        wait = state.limiter.acquire(f"ip:{client}")
        error = "Too many attempts; wait a moment." if wait > 0 else (
            "That key is not valid." if found is None else "That key lacks the feedback scope moderators need."
        )
        context = {"csrf": session.csrf, "next": _safe_next(next), "error": error}
        return render(request, "login.html", context, status_code=429 if wait > 0 else 401)
    fresh = UiSession(key_sha256=found.sha256, moderator=found.name, changed=True)
    response = RedirectResponse(_safe_next(next), status_code=303)
    request.app.state.ui_sessions.write(response, fresh)
    return response


@router.post("/logout")
async def logout(request: Request, session: SessionDep, csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(session, csrf_token)
    response = RedirectResponse("/login", status_code=303)
    request.app.state.ui_sessions.write(response, UiSession())
    return response


@router.get("/queue")
def queue_page(
    ws: WorkspaceDep,
    queue: str = "pending",
    site: str = "",
    label: str = "",
    decision: str = "",
    since: str = "",
    until: str = "",
    page: int = 1,
) -> HTMLResponse:
    query = QueueFilter(
        queue=queue, site=site or None, label=label or None, decision=decision or None,
        since=_date(since, "since"), until=_date(until, "until"), page=page,
    )
    entries, total = ws.state.queue.list(query)
    params = {"queue": queue, "site": site, "label": label, "decision": decision, "since": since, "until": until}
    return ws.page(
        "queue.html", entries=entries, total=total, query=query, params=params, sites=ws.state.queue.sites(),
        labels=[label.value for label in Label], decisions=[d.value for d in Decision],
        pages=max(1, -(-total // query.per_page)), here=str(ws.request.url.path) + _qs(ws.request),
    )


@router.get("/queue/{entry_id}")
def comment_page(ws: WorkspaceDep, entry_id: int) -> HTMLResponse:
    entry = ws.state.queue.get(entry_id)
    if entry is None:
        return ws.page("error.html", status_code=404, message=f"No queued comment {entry_id}.")
    verdict = ws.state.store.get(entry.site_id, entry.comment_id, ws.moderator)
    return ws.page("comment.html", entry=entry, verdict=verdict, here=f"/queue/{entry_id}")


@router.post("/queue/undo")
def undo(ws: WorkspaceDep, csrf_token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "") -> Response:
    check_csrf(ws.session, csrf_token)
    ws.state.queue.undo(ws.moderator)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/queue/{entry_id}/verdict")
def verdict(
    ws: WorkspaceDep,
    entry_id: int,
    decision: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
    edit_labels: Annotated[str, Form()] = "",
    labels: Annotated[list[str] | None, Form()] = None,
) -> Response:
    check_csrf(ws.session, csrf_token)
    if decision not in ("approve", "reject"):
        raise InvalidInput("A queue verdict is approve or reject.")
    corrected = None
    if edit_labels:
        chosen = set(labels or [])
        corrected = {Label(name): 1.0 if name in chosen else 0.0 for name in _editable_labels()}
    ws.state.queue.decide(entry_id, Decision(decision), ws.moderator, corrected)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.get("/model")
def model_page(ws: WorkspaceDep) -> HTMLResponse:
    loaded = ws.state.loaded
    if loaded is None:
        return ws.page("model.html", model=None, thresholds={}, card_json="", scalars={})
    card = dict(loaded.moderator.card)
    scalars = {k: v for k, v in card.items() if isinstance(v, str | int | float | bool)}
    thresholds = {Label(k).value: float(v) for k, v in loaded.moderator.thresholds.items()}
    return ws.page(
        "model.html", model=loaded.moderator, thresholds=thresholds, scalars=scalars, pointer=loaded.pointer,
        card_json=json.dumps(card, indent=2, sort_keys=True, default=str),
    )


@router.get("/history")
def history_page(ws: WorkspaceDep, moderator: str = "", site: str = "", page: int = 1) -> HTMLResponse:
    page = max(1, page)
    rows, total = ws.state.store.page(
        site=site or None, moderator=moderator or None, limit=HISTORY_PAGE, offset=(page - 1) * HISTORY_PAGE
    )
    return ws.page(
        "history.html", rows=rows, total=total, page=page, pages=max(1, -(-total // HISTORY_PAGE)),
        params={"moderator": moderator, "site": site},
    )


def _editable_labels() -> tuple[str, ...]:
    from api.ui.highlight import SHOWN_LABELS

    return (*SHOWN_LABELS, Label.UNSUPPORTED_CLAIM.value)


def _qs(request: Request) -> str:
    return "?" + request.url.query if request.url.query else ""


def not_logged_in(request: Request, _: NotLoggedIn) -> Response:
    if request.method == "GET":
        target = str(request.url.path) + _qs(request)
        return RedirectResponse("/login" + (f"?next={_quote(target)}" if target != "/queue" else ""), 303)
    return render(request, "error.html", {"message": "Log in first: this needs a moderator session."}, 401)


def csrf_refused(request: Request, _: Exception) -> Response:
    message = "The form's security token is missing or out of date; reload the page and try again."
    return render(request, "error.html", {"message": message}, 403)


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="/")
