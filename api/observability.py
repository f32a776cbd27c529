"""Structured JSON logs, one line per request, and Prometheus metrics (`GET /metrics`).

Why: the service's own INFO logs never appeared (the `moderation.api` logger had no handler), and there
was nothing to graph. Every request now logs one JSON object: request id (the client's `X-Request-ID`
or a new one, echoed back), method, route template (not the raw path: no key in a query string, no
unbounded label values), status, latency and the number of comments scored. Comment text is never in
these lines, whatever `doNotStore` says; nothing else in the service logs request text either
(tests/test_api_security.py).

Metrics are per worker process unless `PROMETHEUS_MULTIPROC_DIR` is set (prometheus-client's
multiprocess mode; then `/metrics` aggregates every worker's files in that folder).
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prometheus_multiprocess
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("moderation.api")
REQUEST_ID_HEADER = "x-request-id"
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}

REQUEST_SECONDS = Histogram(
    "moderation_request_seconds", "Request latency by route, method and status.",
    ["route", "method", "status"],
    buckets=(0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 15),
)
COMMENTS = Counter("moderation_comments_total", "Comments scored, by route.", ["route"])
DECISIONS = Counter("moderation_decisions_total", "Decisions made, by decision.", ["decision"])
SCORES = Histogram(
    "moderation_incivility_score", "The incivility probability of each scored comment, by decision.",
    ["decision"], buckets=tuple(i / 10 for i in range(1, 11)),
)
MODEL = Gauge("moderation_model_info", "1 for the model version this worker serves.", ["version"],
              multiprocess_mode="max")


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, and any `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        out.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            out["exception"] = record.exc_info[0].__qualname__ if record.exc_info[0] else None
        return json.dumps(out, default=str, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    """A JSON handler on `moderation.api` (idempotent; tests' caplog still sees records via propagation)."""
    logger = logging.getLogger("moderation.api")
    if not any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
    logger.setLevel(level.upper())


def record_verdict(decision: str, incivility: float | None) -> None:
    DECISIONS.labels(decision).inc()
    if incivility is not None:
        SCORES.labels(decision).observe(incivility)


def set_model(version: str | None, previous: str | None = None) -> None:
    if previous:
        MODEL.labels(previous).set(0)
    if version:
        MODEL.labels(version).set(1)


def count_comments(request: Request, n: int) -> None:
    """The route says how many comments it scored; the request log line and the counter carry it."""
    request.state.comment_count = n


class RequestLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope["headers"])
        given = headers.get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        request_id = given if 0 < len(given) <= 128 and given.isprintable() else uuid.uuid4().hex
        status = 500

        async def tracking_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message["headers"] = [*message.get("headers", []),
                                      (REQUEST_ID_HEADER.encode(), request_id.encode("latin-1"))]
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            seconds = time.perf_counter() - started
            comments = (scope.get("state") or {}).get("comment_count")
            REQUEST_SECONDS.labels(route, scope["method"], str(status)).observe(seconds)
            if comments:
                COMMENTS.labels(route).inc(comments)
            if route != "/metrics":
                log.info("request", extra={
                    "request_id": request_id, "method": scope["method"], "route": route, "status": status,
                    "latency_ms": round(seconds * 1000, 2), "comments": comments,
                })


def metrics_response() -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        body = generate_latest(registry)
    else:
        body = generate_latest()
    return Response(body, media_type=CONTENT_TYPE_LATEST)
