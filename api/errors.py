"""Exception handlers: every error leaves as JSON with a `detail` (Google's envelope on /v1alpha1).

Library errors map to statuses by meaning: `InvalidInput` is the caller's fault (422), an
unavailable store or artifact is ours (503). Validation errors never echo the submitted text back,
and an unexpected error is logged with its frames and exception types but not its messages: those
may quote the request (a SQL error lists its parameters), and `doNotStore` text must not reach logs.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from api.budget import RequestCancelled
from api.google import PerspectiveError, google_error_response, is_perspective_path
from moderation.errors import ArtifactError, DataUnavailable, InvalidInput
from moderation.feedback.store import StoreUnavailable

log = logging.getLogger("moderation.api")

_EMPTY_COMMENT_TYPES = {"string_too_short", "value_error", "missing"}
INTERNAL_ERROR = "Internal error; the failure was logged on the server."
STORE_UNAVAILABLE = "The feedback database is unavailable; retry after the Retry-After seconds."
ARTIFACT_UNAVAILABLE = "The model artifact could not be loaded on this server; its log says why."
DATA_UNAVAILABLE = "A data file this request needs is missing on this server; its log says which."
STORE_FULL = "The feedback database is full; retry after the Retry-After seconds, once space has been freed."
_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def _error_response(
    request: Request, status: int, detail: Any, headers: dict[str, str] | None = None
) -> JSONResponse:
    if is_perspective_path(request.url.path):
        message = detail if isinstance(detail, str) else _first_message(detail)
        return google_error_response(status, message, headers=headers)
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _first_message(errors: Any) -> str:
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return f"Invalid value at '{where}': {first.get('msg', 'invalid')}"
    return "Invalid request."


def _clean(errors: Any) -> list[dict[str, Any]]:
    """Validation errors without the offending input (it may be 20 KB of someone's comment)."""
    return [
        {"type": e.get("type"), "loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg"))}
        for e in errors
    ]


async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = _clean(exc.errors())
    if is_perspective_path(request.url.path):
        text_errors = [e for e in errors if e["loc"][-2:] == ["comment", "text"]]
        if (
            text_errors
            and text_errors[0]["type"] in _EMPTY_COMMENT_TYPES
            and "bytes" not in text_errors[0]["msg"]
        ):
            empty = PerspectiveError("Comment must be non-empty.", "COMMENT_EMPTY")
            return google_error_response(400, empty.message, empty.details)
        return google_error_response(400, _first_message(errors))
    return JSONResponse({"detail": errors}, status_code=422)


async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    headers = getattr(exc, "headers", None)
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": allowed_methods(request)}
    return _error_response(request, exc.status_code, exc.detail, headers)


def allowed_methods(request: Request) -> str:
    """Every method the path answers, for a 405's `Allow` header (RFC 9110).

    Starlette names only the methods of the first route whose path matched, so `OPTIONS /v1/feedback`
    said `Allow: POST` although the same path also answers GET. Each method is tried against the
    router as it would route it, which also sees routes inside included routers.
    """
    allowed = []
    for method in _METHODS:
        probe = {**request.scope, "method": method}
        if any(route.matches(probe)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return ", ".join(allowed)


async def _perspective(request: Request, exc: PerspectiveError) -> JSONResponse:
    return google_error_response(exc.code, exc.message, exc.details)


async def _invalid_input(request: Request, exc: InvalidInput) -> JSONResponse:
    return _error_response(request, 422, str(exc))


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    """A fixed sentence per kind: the exception's message names server paths (logged here instead)."""
    log.error("service unavailable on %s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
    detail = ARTIFACT_UNAVAILABLE if isinstance(exc, ArtifactError) else DATA_UNAVAILABLE
    return _error_response(request, 503, detail, {"Retry-After": "5"})


async def _store_unavailable(request: Request, exc: StoreUnavailable) -> JSONResponse:
    """A fixed sentence: the driver's message names the database's host and port (logged here instead)."""
    log.error("verdict store unavailable on %s %s: %s", request.method, request.url.path, exc)
    detail = STORE_FULL if exc.disk_full else STORE_UNAVAILABLE
    return _error_response(request, 503, detail, {"Retry-After": "5"})


async def _cancelled(request: Request, exc: RequestCancelled) -> JSONResponse:
    log.warning("request to %s stopped: %s", request.url.path, exc.reason)
    detail = f"The request was stopped: {exc.reason}. Send fewer comments per request."
    return _error_response(request, 503, detail, {"Retry-After": "1"})


def redacted_traceback(exc: BaseException) -> str:
    """Where it failed (frames, exception types, causes first) without any exception's message."""
    chain: list[traceback.TracebackException] = []
    current: traceback.TracebackException | None = traceback.TracebackException.from_exception(exc)
    while current is not None and len(chain) < 20:
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\n".join(
        "".join(te.stack.format()) + f"{te.exc_type.__qualname__ if te.exc_type else '?'}: (message withheld)"
        for te in reversed(chain)
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error(
        "unexpected error on %s %s: %s\n%s",
        request.method,
        request.url.path,
        type(exc).__qualname__,
        redacted_traceback(exc),
    )
    return _error_response(request, 500, INTERNAL_ERROR)


def add_exception_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(PerspectiveError, _perspective)  # type: ignore[arg-type]
    app.add_exception_handler(InvalidInput, _invalid_input)  # type: ignore[arg-type]
    app.add_exception_handler(RequestCancelled, _cancelled)  # type: ignore[arg-type]
    app.add_exception_handler(StoreUnavailable, _store_unavailable)  # type: ignore[arg-type]
    for unavailable in (ArtifactError, DataUnavailable):
        app.add_exception_handler(unavailable, _unavailable)
    app.add_exception_handler(Exception, _unexpected)
