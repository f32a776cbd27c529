"""The feedback store on SQLite and on a real PostgreSQL server: migrations, idempotent upserts,
durability across processes, and the read API retraining uses."""

from __future__ import annotations

import dataclasses
import multiprocessing
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from test_api_feedback import postgres_url

from moderation.errors import InvalidInput
from moderation.feedback import Feedback, FeedbackStore, iter_feedback
from moderation.types import Decision, Label

VERDICT = Feedback(
    "c1", "alice", "What an idiot.", Decision.REJECT, site_id="daily", labels={Label.INSULT: 1.0}
)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/sub/feedback.db"
    return postgres_url()


@pytest.fixture()
def store(url):
    s = FeedbackStore(url)
    yield s
    s.close()


def test_migrations_create_the_schema_on_first_use(store, url):
    assert store.count() == 0
    from sqlalchemy import inspect

    tables = set(inspect(store.engine).get_table_names())
    assert {"feedback", "alembic_version"} <= tables
    again = FeedbackStore(url)
    try:
        assert again.count() == 0
    finally:
        again.close()


def test_sqlite_runs_in_wal_mode(tmp_path):
    store = FeedbackStore(f"sqlite:///{tmp_path}/wal.db")
    store.upsert(VERDICT)
    store.close()
    assert sqlite3.connect(tmp_path / "wal.db").execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_upsert_is_idempotent_and_latest_verdict_wins(store):
    first = store.upsert(VERDICT)
    repeat = store.upsert(VERDICT)
    assert (first.created, first.changed) == (True, True)
    assert (repeat.created, repeat.changed) == (False, False)
    assert repeat.feedback.updated_at == first.feedback.updated_at
    changed = store.upsert(dataclasses.replace(VERDICT, decision=Decision.REVIEW, labels=None))
    assert (changed.created, changed.changed) == (False, True)
    assert changed.feedback.created_at == first.feedback.created_at
    assert changed.feedback.updated_at > first.feedback.updated_at
    assert store.count() == 1
    assert store.get("daily", "c1", "alice").decision == Decision.REVIEW


def test_key_is_site_comment_and_moderator(store):
    store.upsert(VERDICT)
    store.upsert(dataclasses.replace(VERDICT, moderator_id="bob"))
    store.upsert(dataclasses.replace(VERDICT, site_id="weekly"))
    store.upsert(dataclasses.replace(VERDICT, comment_id="c2"))
    store.upsert(dataclasses.replace(VERDICT, site_id=""))
    assert store.count() == 5
    assert store.count(site="daily") == 3


def test_iter_feedback_filters_by_time_and_site_oldest_first(store):
    store.upsert(VERDICT)
    middle = datetime.now(UTC)
    store.upsert(dataclasses.replace(VERDICT, comment_id="c2"))
    store.upsert(dataclasses.replace(VERDICT, comment_id="c3", site_id="weekly"))
    assert [f.comment_id for f in store.iter_feedback()] == ["c1", "c2", "c3"]
    assert [f.comment_id for f in store.iter_feedback(since=middle)] == ["c2", "c3"]
    assert [f.comment_id for f in store.iter_feedback(since=middle, site="daily")] == ["c2"]
    naive = middle.replace(tzinfo=None)
    assert [f.comment_id for f in store.iter_feedback(since=naive)] == ["c2", "c3"]
    assert list(store.iter_feedback(since=middle + timedelta(hours=1))) == []
    row = next(store.iter_feedback())
    assert row.created_at.tzinfo is not None and row.labels == {Label.INSULT: 1.0}


def test_module_level_iter_feedback_reads_a_url(url):
    store = FeedbackStore(url)
    store.upsert(VERDICT)
    store.close()
    assert [f.comment_id for f in iter_feedback(url, site="daily")] == ["c1"]


def _write_many(url: str, worker: int, n: int) -> None:
    store = FeedbackStore(url)
    for i in range(n):
        store.upsert(Feedback(f"c{i}", f"m{worker}", "text", Decision.APPROVE, site_id="s"))
        store.upsert(Feedback(f"c{i}", f"m{worker}", "text", Decision.APPROVE, site_id="s"))
    store.close()


@pytest.mark.slow
def test_concurrent_writers_in_separate_processes_lose_nothing(url):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(url, w, 10)) for w in range(3)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(60)
    assert [p.exitcode for p in workers] == [0, 0, 0]
    store = FeedbackStore(url)
    try:
        assert store.count() == 30
    finally:
        store.close()


@pytest.mark.parametrize("bad_url", ["not a url", "mysql://u@h/db"], ids=["garbage", "unsupported-backend"])
def test_bad_database_urls_are_invalid_input(bad_url):
    with pytest.raises(InvalidInput):
        FeedbackStore(bad_url).count()
