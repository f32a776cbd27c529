"""Where a scoring route runs its work: on the event loop when the request is small, on the thread pool
when it is not.

Why: FastAPI runs a plain `def` route, and then the validation of its response, on the thread pool --
two thread hand-offs per request, which cost about as much CPU as scoring one short comment. Scoring is
CPU-bound Python, so a thread buys no parallelism (the GIL); it only keeps the event loop free to answer
health checks and other requests' I/O during a long job. So the scoring routes are `async def`: a request
whose body is at most `INLINE_BYTES` (a few comments: a few milliseconds of work) is scored inline, and
anything bigger -- or of unknown length -- goes to the pool as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi import Request
from starlette.concurrency import run_in_threadpool

T = TypeVar("T")
INLINE_BYTES = 8_192


def is_small(request: Request) -> bool:
    declared = request.headers.get("content-length", "")
    return declared.isdigit() and int(declared) <= INLINE_BYTES


async def run_scoring(request: Request, work: Callable[..., T], /, *args: object, **kwargs: object) -> T:
    """`work(*args, **kwargs)`, inline for a small request, on the thread pool otherwise."""
    if is_small(request):
        return work(*args, **kwargs)
    return await run_in_threadpool(work, *args, **kwargs)
