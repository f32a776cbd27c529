"""Crash safety: SIGKILL the real server while feedback streams in; every 2xx verdict is stored exactly once.

Four client threads post distinct verdicts to a `moderation serve` subprocess without pause; each
client retries a verdict until it gets a 2xx (at-least-once delivery, as a CMS would), so a verdict
whose commit landed just before the kill is sent again after the restart. The server is killed
with SIGKILL mid-stream, restarted on the same port, killed again, and the database is then read
directly (SQLite's WAL recovered by a fresh reader; PostgreSQL). Every acknowledged verdict must be
there exactly once, with the decision that was acknowledged, and nothing unacknowledged may
appear twice. No model is installed (empty models folder): feedback does not need one, and the
server starts in about a second.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from api_fakes import make_keys
from live_server import LiveServer
from sqlalchemy import create_engine, text
from test_api_feedback import postgres_url
from verdict_sender import VerdictSender

SITE = "crash-test"
THREADS = 4


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/feedback.db"
    return postgres_url()


@dataclass
class Sender(VerdictSender):
    """Counts its attempts and the ones that got no 2xx (refused, or no answer at all)."""

    failures: int = 0
    attempts: int = 0

    def attempted(self) -> None:
        self.attempts += 1

    def lost(self, comment_id: str, exc: httpx.HTTPError) -> None:
        self.failures += 1

    def refused(self, comment_id: str, response: httpx.Response) -> None:
        self.failures += 1


def _acked_count(senders: list[Sender]) -> int:
    return sum(len(s.acked) for s in senders)


def _wait_for_acks(senders: list[Sender], at_least: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while _acked_count(senders) < at_least:
        assert time.monotonic() < deadline, f"only {_acked_count(senders)} verdicts acknowledged"
        time.sleep(0.05)


def _stored(database_url: str) -> dict[str, list[str]]:
    """comment_id -> decisions of every stored row for the test site, read by a fresh connection."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT comment_id, decision FROM feedback WHERE site_id = :site"), {"site": SITE}
            ).all()
    finally:
        engine.dispose()
    stored: dict[str, list[str]] = {}
    for comment_id, decision in rows:
        stored.setdefault(comment_id, []).append(decision)
    return stored


@pytest.mark.slow
def test_acknowledged_feedback_survives_sigkill_exactly_once(tmp_path: Path, database_url: str) -> None:
    keys = make_keys(tmp_path / "api_keys.json")
    (tmp_path / "no-models").mkdir()
    env = {
        "MODERATION_DATABASE_URL": database_url,
        "MODERATION_API_KEYS_FILE": str(tmp_path / "api_keys.json"),
        "MODERATION_MODELS_DIR": str(tmp_path / "no-models"),
        "MODERATION_RATE_LIMIT_PER_SECOND": "0",
    }
    server = LiveServer(tmp_path, env).start()
    stop = threading.Event()
    senders = [Sender(server.base_url, keys["feedback"], f"t{i}", stop, SITE) for i in range(THREADS)]
    threads = [threading.Thread(target=s.run, daemon=True) for s in senders]
    try:
        for thread in threads:
            thread.start()
        _wait_for_acks(senders, 100)
        server.kill()  # mid-stream: four clients are sending
        before_restart = _acked_count(senders)
        time.sleep(0.3)
        server.start()
        _wait_for_acks(senders, before_restart + 100)
        server.kill()  # and once more, so the final read is of a database nobody closed
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
        server.kill()

    acked = {cid: decision for s in senders for cid, decision in s.acked.items()}
    failures = sum(s.failures for s in senders)
    print(f"acknowledged {len(acked)}, attempts {sum(s.attempts for s in senders)}, failed {failures}")
    assert failures > 0, "the kill did not interrupt the stream; the test proved nothing"
    stored = _stored(database_url)
    missing = sorted(set(acked) - set(stored))
    assert not missing, f"{len(missing)} acknowledged verdicts lost, e.g. {missing[:5]}"
    duplicated = {cid: rows for cid, rows in stored.items() if len(rows) != 1}
    assert not duplicated, f"stored more than once: {list(duplicated.items())[:5]}"
    wrong = {cid: (acked[cid], stored[cid][0]) for cid in acked if stored[cid][0] != acked[cid]}
    assert not wrong, f"stored decision differs from the acknowledged one: {list(wrong.items())[:5]}"
    unacked = set(stored) - set(acked)
    assert len(unacked) <= THREADS, f"more in-flight verdicts stored than clients: {sorted(unacked)}"
