"""Request-body guards that run before FastAPI parses anything (size, content type, UTF-8), and the
last-resort handler that turns an unexpected exception into a JSON 500 without logging its message.

A pure ASGI middleware reads the body once (at most `max_body_bytes`, counted while streaming, so
a lying or missing Content-Length does not help), answers 413 / 415 / 400 JSON itself, and hands
the buffered body on. Buffering costs nothing extra: FastAPI reads the whole body anyway. A body
that has not fully arrived within `body_read_seconds` gets a 408 with `Connection: close`, so a
client trickling bytes cannot hold a connection (and its buffer) open.
"""

from __future__ import annotations

import asyncio
import logging

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import INTERNAL_ERROR, redacted_traceback
from api.google import google_error_response, is_perspective_path
from api.ui.forms import is_workspace_form
from moderation.memory import LARGE_BODY_BYTES, trim_heap

log = logging.getLogger("moderation.api")

_BODY_METHODS = {"POST", "PUT", "PATCH"}


class BodyGuardMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        body_read_seconds: float = 10.0,
        scoring_body_bytes: int | None = None,
        scoring_paths: frozenset[str] = frozenset(),
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_read_seconds = body_read_seconds
        self.scoring_body_bytes = scoring_body_bytes or max_body_bytes
        self.scoring_paths = scoring_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        limit = self._limit(scope.get("path", ""))
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self._reject(scope, send, 413, self._too_large(limit))
            return
        try:
            body, too_large = await asyncio.wait_for(self._read(receive, limit), self.body_read_seconds)
        except TimeoutError:
            detail = f"The request body did not arrive within {self.body_read_seconds:g} s; send it at once."
            await self._reject(scope, send, 408, detail, {"Connection": "close"})
            return
        if too_large:
            await self._reject(scope, send, 413, self._too_large(limit))
            return
        problem = None
        if not is_workspace_form(scope.get("path", ""), headers.get("content-type")):  # moderators' forms
            problem = _content_problem(headers.get("content-type"), body)
        if problem:
            await self._reject(scope, send, *problem)
            return
        await self.app(scope, _replay(body, receive), send)
        if len(body) >= LARGE_BODY_BYTES:
            trim_heap()  # a large batch's freed heap back to the OS once it is answered (worker RSS)

    def _limit(self, path: str) -> int:
        """Scoring routes have the cost budget's body limit: refused from Content-Length, before any read."""
        return min(self.max_body_bytes, self.scoring_body_bytes) if path in self.scoring_paths else self.max_body_bytes

    async def _read(self, receive: Receive, limit: int) -> tuple[bytes, bool]:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return b"", True
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks), False

    def _too_large(self, limit: int) -> str:
        which = "the per-request budget for scoring" if limit < self.max_body_bytes else "the limit"
        return (
            f"Request body is larger than {limit} bytes ({which}); "
            "send the comments in several smaller requests."
        )

    async def _reject(
        self, scope: Scope, send: Send, status: int, detail: str, headers: dict[str, str] | None = None
    ) -> None:
        path = scope.get("path", "")
        response = (
            google_error_response(status, detail, headers=headers)
            if is_perspective_path(path)
            else JSONResponse({"detail": detail}, status, headers=headers)
        )
        await response(scope, _noop_receive, send)


def _content_problem(content_type: str | None, body: bytes) -> tuple[int, str] | None:
    if not body:
        return None
    media = (content_type or "").split(";")[0].strip().lower()
    if media != "application/json" and not (media.startswith("application/") and media.endswith("+json")):
        shown = media or "none"
        return 415, f"Content-Type must be application/json (got {shown}); send the request as JSON."
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return 400, f"Request body is not valid UTF-8 (byte {exc.start}); JSON must be sent as UTF-8."
    return None


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _noop_receive() -> Message:
    return {"type": "http.disconnect"}


class UnexpectedErrorMiddleware:
    """Any exception that escaped the routes becomes a JSON 500, logged without exception messages.

    Starlette's own last-resort handler answers and then re-raises, and uvicorn logs the traceback
    with the message; a message may quote the request (a SQL error lists its parameters, a library
    error the text), and `doNotStore` text must never reach a log. So this middleware, which sits
    inside Starlette's, answers and stops the exception here.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # noqa: BLE001 - the last resort: every failure answers, none leaks
            log.error(
                "unexpected error on %s %s: %s\n%s",
                scope.get("method"),
                scope.get("path"),
                type(exc).__qualname__,
                redacted_traceback(exc),
            )
            if started:  # the status line is out; uvicorn closes the connection
                return
            path = scope.get("path", "")
            response = (
                google_error_response(500, INTERNAL_ERROR)
                if is_perspective_path(path)
                else JSONResponse({"detail": INTERNAL_ERROR}, 500)
            )
            await response(scope, _noop_receive, send)
