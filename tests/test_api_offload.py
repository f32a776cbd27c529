"""Small scoring requests run on the event loop, big or unsized ones on the thread pool."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from starlette.requests import Request

from api.budget import RequestCancelled, checkpoint
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


def _request_with(receive) -> Request:
    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"content-length", b"100000")]}
    return Request(scope, receive)


def _spin(stop_after: float) -> float:
    """Work that checks for cancellation between chunks, as the service does; returns how long it ran."""
    started = time.monotonic()
    while time.monotonic() - started < stop_after:
        checkpoint()
        time.sleep(0.005)
    return time.monotonic() - started


def test_work_stops_soon_after_the_client_disconnects() -> None:
    disconnect_at = time.monotonic() + 0.2
    stopped: list[float] = []

    async def receive() -> dict[str, object]:  # as uvicorn's: a disconnect is there at once, or never yet
        if time.monotonic() < disconnect_at:
            await asyncio.sleep(60)
        return {"type": "http.disconnect"}

    def work() -> float:
        try:
            return _spin(10.0)
        finally:
            stopped.append(time.monotonic())

    with pytest.raises(RequestCancelled, match="disconnected"):
        asyncio.run(run_scoring(_request_with(receive), work))
    assert stopped and stopped[0] - disconnect_at < 0.5  # not the 10 s the work would have taken


def test_work_past_its_deadline_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("api.offload.DEFAULT_SECONDS", 0.2)

    async def never() -> dict[str, object]:
        await asyncio.sleep(60)
        return {"type": "http.disconnect"}

    started = time.monotonic()
    with pytest.raises(RequestCancelled, match="budget"):
        asyncio.run(run_scoring(_request_with(never), _spin, 10.0))
    assert time.monotonic() - started < 1.0


def test_checkpoint_outside_a_request_is_a_no_op() -> None:
    checkpoint()
