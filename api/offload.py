"""Where a scoring route runs its work: on the event loop when the request is small, on the thread pool
when it is not.

Why: FastAPI runs a plain `def` route, and then the validation of its response, on the thread pool --
two thread hand-offs per request, which cost about as much CPU as scoring one short comment. Scoring is
CPU-bound Python, so a thread buys no parallelism (the GIL); it only keeps the event loop free to answer
health checks and other requests' I/O during a long job. So the scoring routes are `async def`: a request
whose body is at most `INLINE_BYTES` (a few comments: a few milliseconds of work) is scored inline, and
anything bigger -- or of unknown length -- goes to the pool as before.

A request sent to the pool carries a cancel token (api/budget.py): while it runs, the event loop
watches for the client's disconnect, and the work stops at its next checkpoint (or at its deadline).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TypeVar

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from api import budget
from api.state import Loaded

T = TypeVar("T")
INLINE_BYTES = 8_192
POLL_SECONDS = 0.05
DEFAULT_SECONDS = 30.0
log = logging.getLogger("moderation.api")


def _seconds(request: Request) -> float:
    app = request.scope.get("app")
    service = getattr(getattr(app, "state", None), "service", None)
    return float(service.budget.seconds) if service is not None else DEFAULT_SECONDS


def for_request(request: Request, loaded: Loaded) -> Loaded:
    """The model to score this request with: in the heavy lane unless the request is small."""
    service = getattr(getattr(request.scope.get("app"), "state", None), "service", None)
    return loaded if is_small(request) or service is None else service.heavy(loaded)  # type: ignore[no-any-return]


def is_small(request: Request) -> bool:
    declared = request.headers.get("content-length", "")
    return declared.isdigit() and int(declared) <= INLINE_BYTES


async def run_scoring(request: Request, work: Callable[..., T], /, *args: object, **kwargs: object) -> T:
    """`work(*args, **kwargs)`, inline for a small request, on the thread pool otherwise."""
    if is_small(request):
        return work(*args, **kwargs)
    token = budget.start(_seconds(request))
    task = asyncio.ensure_future(run_in_threadpool(work, *args, **kwargs))
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=POLL_SECONDS)
            if done:
                return task.result()
            if token.reason is None and await request.is_disconnected():
                token.cancel("the client disconnected")
                log.info("cancelling %s: the client disconnected", request.url.path)
    except asyncio.CancelledError:
        token.cancel("the server is shutting down the request")
        raise
