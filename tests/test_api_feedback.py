"""`POST /v1/feedback` on SQLite and on a real PostgreSQL server: durable, idempotent, keyed."""

from __future__ import annotations

import logging
import os

import pytest
from api_fakes import FakeModerator, make_keys, make_settings
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from api.errors import STORE_FULL, STORE_UNAVAILABLE
from api.main import create_app
from moderation.feedback import FeedbackStore

VERDICT = {
    "comment_id": "c-1",
    "text": "What an idiot.",
    "decision": "reject",
    "labels": {"insult": 1, "incivility": 1},
    "moderator_id": "alice",
    "site_id": "daily",
}


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def postgres_url() -> str:
    """A real server from scripts/_postgres.sh; skipped locally without one, a failure in CI."""
    url = os.environ.get("MODERATION_TEST_POSTGRES_URL")
    if not url:
        message = "MODERATION_TEST_POSTGRES_URL is not set (scripts/test starts a server)"
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS feedback, pending_comments, queue_actions, alembic_version"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/feedback.db"
    return postgres_url()


@pytest.fixture()
def keys(tmp_path) -> dict[str, str]:
    return make_keys(tmp_path / "api_keys.json")


@pytest.fixture()
def client(tmp_path, database_url, keys):
    app = create_app(make_settings(tmp_path, database_url=database_url), loader=FakeModerator)
    with TestClient(app) as test_client:
        yield test_client


def _post(client, body, key):
    return client.post("/v1/feedback", json=body, headers={"X-API-Key": key})


def test_feedback_is_stored_and_readable_by_retraining(client, keys, database_url):
    response = _post(client, VERDICT, keys["feedback"])
    assert response.status_code == 201, response.text
    assert response.json()["created"] is True and response.json()["changed"] is True
    store = FeedbackStore(database_url)
    try:
        rows = list(store.iter_feedback(site="daily"))
    finally:
        store.close()
    assert len(rows) == 1
    assert (
        rows[0].decision == "reject" and rows[0].text == "What an idiot." and rows[0].moderator_id == "alice"
    )
    assert {label.value: v for label, v in rows[0].labels.items()} == {"insult": 1.0, "incivility": 1.0}


def test_feedback_is_idempotent_per_site_comment_and_moderator(client, keys, database_url):
    first = _post(client, VERDICT, keys["feedback"])
    again = _post(client, VERDICT, keys["feedback"])
    assert again.status_code == 200
    assert again.json()["created"] is False and again.json()["changed"] is False
    assert again.json()["updated_at"] == first.json()["updated_at"]
    changed = _post(client, {**VERDICT, "decision": "approve", "labels": None}, keys["feedback"])
    assert changed.status_code == 200 and changed.json()["changed"] is True
    other_moderator = _post(client, {**VERDICT, "moderator_id": "bob"}, keys["feedback"])
    other_site = _post(client, {**VERDICT, "site_id": "weekly"}, keys["feedback"])
    assert other_moderator.status_code == 201 and other_site.status_code == 201
    store = FeedbackStore(database_url)
    try:
        assert store.count() == 3
        alice = store.get("daily", "c-1", "alice")
    finally:
        store.close()
    assert alice is not None and alice.decision == "approve" and alice.labels is None


def test_admin_keys_may_write_feedback(client, keys):
    assert _post(client, VERDICT, keys["admin"]).status_code == 201


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"X-API-Key": "mk_not_a_key"}, 401), ("read", 403)],
    ids=["no-key", "wrong-key", "read-scope"],
)
def test_feedback_needs_a_feedback_key(client, keys, headers, status):
    if headers == "read":
        headers = {"X-API-Key": keys["read"]}
    response = client.post("/v1/feedback", json=VERDICT, headers=headers)
    assert response.status_code == status
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "change",
    [
        {"decision": "maybe"},
        {"labels": {"not_a_label": 1}},
        {"labels": {"insult": 2}},
        {"comment_id": ""},
        {"moderator_id": None},
        {"text": ""},
        {"text": "x" * (20 * 1024 + 1)},
        {"site_id": "s" * 300},
    ],
    ids=[
        "bad-decision",
        "unknown-label",
        "label-out-of-range",
        "empty-comment-id",
        "no-moderator",
        "empty-text",
        "text-too-long",
        "site-id-too-long",
    ],
)
def test_bad_feedback_is_422_and_nothing_is_stored(client, keys, change, database_url):
    response = _post(client, {**VERDICT, **change}, keys["feedback"])
    assert response.status_code == 422
    store = FeedbackStore(database_url)
    try:
        assert store.count() == 0
    finally:
        store.close()


def test_unreachable_database_is_503_not_500(tmp_path, keys, caplog):
    """503 with a fixed sentence: the driver's message (host, port, user) is logged, never answered."""
    bad_url = "postgresql+psycopg://nobody:secret@127.0.0.1:1/nodb"
    app = create_app(make_settings(tmp_path, database_url=bad_url), loader=FakeModerator)
    with caplog.at_level(logging.ERROR, logger="moderation.api"), TestClient(app) as client:
        posted = _post(client, VERDICT, keys["feedback"])
        listed = client.get("/v1/feedback", headers={"X-API-Key": keys["feedback"]})
    for response in (posted, listed):
        assert response.status_code == 503 and response.headers["retry-after"] == "5"
        assert response.json() == {"detail": STORE_UNAVAILABLE}
        for leak in ("127.0.0.1", "port", ":1", "postgres", "psycopg", "nobody", "secret", "nodb", "connection"):
            assert leak not in response.text.lower(), leak
    logged = "\n".join(r.getMessage() for r in caplog.records if "verdict store unavailable" in r.getMessage())
    assert "127.0.0.1" in logged and "/v1/feedback" in logged  # the detail stays on the server


@pytest.mark.parametrize(
    ("driver_message", "detail"),
    [("database or disk is full", STORE_FULL), ("database is locked", STORE_UNAVAILABLE)],
    ids=["disk-full", "other"],
)
def test_a_store_failure_answers_one_of_two_fixed_sentences(tmp_path, keys, monkeypatch, driver_message, detail):
    """Full or not is all a client learns; the driver's own words (with paths, hosts) stay in the log."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from moderation.feedback.store import StoreUnavailable

    def failing_upsert(self, feedback):
        orig = sqlite3.OperationalError(f"{driver_message} at /srv/secret/feedback.db")
        try:
            raise OperationalError("INSERT INTO feedback", {}, orig)
        except OperationalError as exc:
            raise StoreUnavailable(f"The feedback database did not accept the write: {exc.orig}") from exc

    monkeypatch.setattr(FeedbackStore, "upsert", failing_upsert)
    app = create_app(make_settings(tmp_path), loader=FakeModerator)
    with TestClient(app) as client:
        response = _post(client, VERDICT, keys["feedback"])
    assert response.status_code == 503 and response.json() == {"detail": detail}
    assert "/srv/secret" not in response.text
