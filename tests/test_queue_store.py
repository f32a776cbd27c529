"""The moderators' queue store: queueing, sorting and filters, verdicts through the feedback store,
undo, retention, and `moderation queue import` (all or nothing)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from api_fakes import FakeModerator
from sqlalchemy import inspect, text, update
from test_api_feedback import postgres_url

from moderation.errors import InvalidInput
from moderation.feedback import FeedbackStore
from moderation.policy import Policy
from moderation.queue import QueuedComment, QueueFilter, QueueStore
from moderation.queue.importer import import_file
from moderation.queue.models import PendingRow
from moderation.types import Decision, Label


def _analysis(insult: float, decision: str = "review", claim: float = 0.1) -> dict:
    return {
        "decision": decision,
        "reasons": [],
        "scores": {"insult": insult, "incivility": insult, "unsupported_claim": claim},
        "spans": {},
        "sentences": [],
        "model_version": "fake-1",
    }


@pytest.fixture(params=["sqlite", "postgresql"])
def feedback(request, tmp_path):
    url = f"sqlite:///{tmp_path}/queue.db" if request.param == "sqlite" else postgres_url()
    store = FeedbackStore(url)
    yield store
    store.close()


@pytest.fixture()
def queue(feedback) -> QueueStore:
    q = QueueStore(feedback, retention_days=30)
    q.add([
        QueuedComment("mild", "You may be wrong.", _analysis(0.1, "approve"), site_id="daily"),
        QueuedComment("rude", "What an idiot.", _analysis(0.95, "reject"), site_id="daily", reports=2),
        QueuedComment("claim", "Everyone knows it.", _analysis(0.2, "review", claim=0.8), site_id="weekly"),
    ])
    return q


def _ids(store: QueueStore, **filters) -> list[str]:
    entries, _ = store.list(QueueFilter(**filters))
    return [e.comment_id for e in entries]


def test_pending_queue_is_sorted_by_risk(queue):
    assert _ids(queue) == ["rude", "claim", "mild"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"site": "weekly"}, ["claim"]),
        ({"label": "insult"}, ["rude"]),
        ({"label": "unsupported_claim"}, ["claim"]),
        ({"decision": "approve"}, ["mild"]),
        ({"queue": "reported"}, ["rude"]),
        ({"since": datetime.now(UTC).date() + timedelta(days=1)}, []),
        ({"until": datetime.now(UTC).date()}, ["rude", "claim", "mild"]),
        ({"per_page": 2, "page": 2}, ["mild"]),
    ],
    ids=["site", "label", "claim-label", "model-decision", "reported", "since-tomorrow", "until-today", "page-2"],
)
def test_filters_and_paging(queue, filters, expected):
    assert _ids(queue, **filters) == expected


def test_a_verdict_is_stored_like_post_feedback_and_moves_the_comment(queue, feedback):
    rude = queue.list(QueueFilter())[0][0]
    queue.decide(rude.id, Decision.REJECT, "alice", {Label.INSULT: 1.0})
    assert _ids(queue) == ["claim", "mild"] and _ids(queue, queue="rejected") == ["rude"]
    stored = feedback.get("daily", "rude", "alice")
    assert stored is not None and stored.decision == "reject" and stored.labels == {Label.INSULT: 1.0}
    assert stored.text == "What an idiot." and stored.model_version == "fake-1"
    queue.decide(rude.id, Decision.REJECT, "alice", {Label.INSULT: 1.0})  # the same again: one row
    assert feedback.count(site="daily") == 1


def test_undo_restores_the_earlier_verdict_or_removes_a_first_one(queue, feedback):
    rude = queue.list(QueueFilter())[0][0]
    queue.decide(rude.id, Decision.APPROVE, "alice")
    queue.decide(rude.id, Decision.REJECT, "alice")
    queue.undo("alice")
    assert feedback.get("daily", "rude", "alice").decision == "approve"
    assert _ids(queue, queue="approved") == ["rude"]
    queue.undo("alice")
    assert feedback.get("daily", "rude", "alice") is None
    assert _ids(queue)[0] == "rude"
    assert queue.undo("alice") is None and queue.last_action("alice") is None


def test_undo_is_per_moderator(queue, feedback):
    entries = queue.list(QueueFilter())[0]
    queue.decide(entries[0].id, Decision.REJECT, "alice")
    queue.decide(entries[1].id, Decision.APPROVE, "bob")
    queue.undo("alice")
    assert feedback.get("weekly", "claim", "bob") is not None
    assert feedback.get("daily", "rude", "alice") is None


def test_requeueing_refreshes_scores_but_keeps_the_verdict(queue):
    rude = queue.list(QueueFilter())[0][0]
    queue.decide(rude.id, Decision.REJECT, "alice")
    queue.add([QueuedComment("rude", "What an idiot.", _analysis(0.5, "reject"), site_id="daily")])
    again = queue.get(rude.id)
    assert again.status == "rejected" and again.risk == pytest.approx(0.5)


def test_retention_purges_old_comments(queue, feedback):
    with feedback.engine.begin() as conn:
        old = datetime.now(UTC) - timedelta(days=31)
        conn.execute(update(PendingRow).where(PendingRow.comment_id == "mild").values(created_at=old))
    assert queue.purge_expired(force=True) == 1
    assert "mild" not in _ids(queue)


def test_the_migration_creates_the_queue_tables(feedback):
    feedback.ping()
    with feedback.engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        tables = set(inspect(conn).get_table_names())
    assert version == "0002_queue" and {"feedback", "pending_comments", "queue_actions"} <= tables


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("c.csv", "id,text,author,title,reports\nc1,What an idiot.,Ann,Budget vote,3\nc2,Fair point.,Bo,Budget vote,0\n"),
        ("c.jsonl", json.dumps({"id": "c1", "text": "What an idiot.", "author": "Ann", "reports": 3}) + "\n"
         + json.dumps({"id": "c2", "text": "Fair point."}) + "\n"),
    ],
    ids=["csv", "jsonl"],
)
def test_import_scores_and_queues_a_file(tmp_path, feedback, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    moderator = FakeModerator()
    queue = QueueStore(feedback, thresholds=moderator.thresholds)
    result = import_file(path, queue, moderator, Policy.from_thresholds(moderator.thresholds), site_id="daily")
    assert result.queued == 2
    entries, _ = queue.list(QueueFilter(site="daily"))
    assert [e.comment_id for e in entries] == ["c1", "c2"]
    assert entries[0].author == "Ann" and entries[0].reports == 3 and "insult" in entries[0].flagged
    assert entries[0].analysis["spans"]["insult"][0]["text"] == "idiot"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.csv", "id,text\nc1,fine\nc2,\n", "line 3"),
        ("bad.jsonl", '{"text": "fine"}\n{not json\n', "line 2"),
        ("bad.txt", "text\nhello\n", "neither .csv nor .jsonl"),
        ("bad2.csv", "id,text,reports\nc1,fine,many\n", "reports must be a whole number"),
    ],
    ids=["empty-text", "broken-json", "wrong-suffix", "bad-reports"],
)
def test_a_bad_file_queues_nothing(tmp_path, feedback, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    moderator = FakeModerator()
    queue = QueueStore(feedback)
    with pytest.raises(InvalidInput, match=message):
        import_file(path, queue, moderator, Policy.from_thresholds(moderator.thresholds))
    assert queue.list(QueueFilter())[1] == 0
