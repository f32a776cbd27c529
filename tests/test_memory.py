"""`moderation.memory`: the heap trim (glibc's malloc_trim; a no-op elsewhere), and that the service
calls it after answering large request bodies only."""

from __future__ import annotations

import asyncio
import json
import platform

import pytest

from api import middleware
from moderation import memory


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_trim_heap_runs_on_glibc() -> None:
    assert memory.trim_heap() is True


async def _ok(scope, receive, send) -> None:
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


@pytest.mark.parametrize(("size", "trimmed"), [(10, False), (memory.LARGE_BODY_BYTES - 100, False),
                                               (memory.LARGE_BODY_BYTES, True)])
def test_service_trims_after_large_bodies_only(monkeypatch: pytest.MonkeyPatch, size: int, trimmed: bool) -> None:
    calls: list[bool] = []
    monkeypatch.setattr(middleware, "trim_heap", lambda: calls.append(True) or True)
    body = json.dumps({"t": "x" * max(0, size - 9)}).encode()
    guard = middleware.BodyGuardMiddleware(_ok, max_body_bytes=10 * 2**20)
    scope = {"type": "http", "method": "POST", "path": "/v1/comments:moderate",
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]}
    messages = iter([{"type": "http.request", "body": body, "more_body": False}])
    sent: list[dict] = []

    async def receive() -> dict:
        return next(messages)

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(guard(scope, receive, send))
    assert sent[0]["status"] == 200
    assert calls == ([True] if trimmed else [])


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only")
@pytest.mark.parametrize(("env", "applied"), [(None, True), ("4", False)], ids=["default", "operator-set"])
def test_limit_arenas_respects_the_environment(monkeypatch: pytest.MonkeyPatch, env: str | None,
                                               applied: bool) -> None:
    if env is None:
        monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    else:
        monkeypatch.setenv("MALLOC_ARENA_MAX", env)
    assert memory.limit_arenas(8) is applied
