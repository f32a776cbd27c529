"""Small scoring requests run on the event loop, big or unsized ones on the thread pool."""

from __future__ import annotations

import asyncio
import threading

import pytest
from starlette.requests import Request

from api.offload import INLINE_BYTES, is_small, run_scoring


def _request(headers: dict[str, str]) -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    return Request({"type": "http", "method": "POST", "path": "/", "headers": raw})


@pytest.mark.parametrize(("headers", "small"), [
    ({"content-length": "120"}, True),
    ({"content-length": str(INLINE_BYTES)}, True),
    ({"content-length": str(INLINE_BYTES + 1)}, False),
    ({}, False),
    ({"content-length": "abc"}, False),
    ({"content-length": "-5"}, False),
], ids=["tiny", "limit", "over", "chunked", "garbage", "negative"])
def test_is_small(headers: dict[str, str], small: bool) -> None:
    assert is_small(_request(headers)) is small


@pytest.mark.parametrize(("length", "inline"), [(100, True), (INLINE_BYTES * 4, False)])
def test_run_scoring_thread(length: int, inline: bool) -> None:
    async def main() -> tuple[int, int]:
        loop_thread = threading.get_ident()
        worker = await run_scoring(_request({"content-length": str(length)}), threading.get_ident)
        return loop_thread, worker

    loop_thread, worker = asyncio.run(main())
    assert (loop_thread == worker) is inline
