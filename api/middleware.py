"""Request-body guards that run before FastAPI parses anything (size, content type, UTF-8), and the
last-resort handler that turns an unexpected exception into a JSON 500 without logging its message.

A pure ASGI middleware reads the body once (at most `max_body_bytes`, counted while streaming, so
a lying or missing Content-Length does not help), answers 413 / 415 / 400 JSON itself, and hands
the buffered body on. Buffering costs nothing extra: FastAPI reads the whole body anyway.
"""

from __future__ import annotations

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
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._reject(scope, send, 413, self._too_large())
            return
        body, too_large = await self._read(receive)
        if too_large:
            await self._reject(scope, send, 413, self._too_large())
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

    async def _read(self, receive: Receive) -> tuple[bytes, bool]:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return b"", True
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks), False

    def _too_large(self) -> str:
        return f"Request body is larger than {self.max_body_bytes} bytes; send fewer comments per request."

    async def _reject(self, scope: Scope, send: Send, status: int, detail: str) -> None:
        path = scope.get("path", "")
        response = (
            google_error_response(status, detail)
            if is_perspective_path(path)
            else JSONResponse({"detail": detail}, status)
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
