"""The feedback store: idempotent, durable writes of moderators' verdicts and the read API retraining uses.

Durability: `upsert` returns only after the transaction committed (SQLite in WAL mode with
`synchronous=FULL`, PostgreSQL's default fsync-on-commit), so an API that answers 2xx after it has
not lost the verdict if the process is killed the next instant.

Idempotency: one row per (site_id, comment_id, moderator_id). Re-sending the same verdict changes
nothing (not even `updated_at`); sending a different one replaces it and moves `updated_at`. The
upsert is a single `INSERT ... ON CONFLICT DO UPDATE ... WHERE changed RETURNING`, so concurrent
workers cannot race between a read and a write.
"""

from __future__ import annotations

import fcntl
import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, Table, create_engine, delete, event, func, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from moderation.errors import InvalidInput, ModerationError
from moderation.feedback.models import FeedbackRow
from moderation.types import Decision, Label

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_PG_MIGRATION_LOCK = 7_420_051  # any constant: serialises concurrent migrators on one PostgreSQL db


class StoreUnavailable(ModerationError):
    """The feedback database cannot be reached or written (the API answers 503, never 500)."""

    @property
    def disk_full(self) -> bool:
        """True when the database refused the write for lack of space (SQLite SQLITE_FULL, PostgreSQL 53100)."""
        driver_error = getattr(self.__cause__, "orig", None)
        if driver_error is None:
            return False
        named = getattr(driver_error, "sqlite_errorname", None) == "SQLITE_FULL"
        coded = getattr(driver_error, "sqlstate", None) == "53100"
        said = any(words in str(driver_error) for words in ("disk is full", "No space left on device"))
        return named or coded or said


@dataclass(frozen=True)
class Feedback:
    """One moderator's verdict on one comment, as the retraining job reads it."""

    comment_id: str
    moderator_id: str
    text: str
    decision: Decision
    site_id: str = ""
    labels: Mapping[Label, float] | None = None
    model_version: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class UpsertResult:
    feedback: Feedback
    created: bool
    changed: bool


class FeedbackStore:
    """SQLite file by default, PostgreSQL by URL; migrated to the newest schema on first use."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                engine = _create_engine(self.url)
                try:
                    _migrate(engine, self.url)
                except SQLAlchemyError as exc:
                    engine.dispose()
                    raise StoreUnavailable(
                        f"Cannot migrate the feedback database: {exc.__class__.__name__}: {exc}"
                    ) from exc
                self._engine = engine
            return self._engine

    def upsert(self, feedback: Feedback) -> UpsertResult:
        """Insert or replace this moderator's verdict; committed before returning."""
        now = datetime.now(UTC)
        table = cast(Table, FeedbackRow.__table__)
        insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        base = insert(table).values(**_row_values(feedback, now))
        changed_columns = ("text", "decision", "labels", "model_version")
        upsert = base.on_conflict_do_update(
            index_elements=["site_id", "comment_id", "moderator_id"],
            set_={c: base.excluded[c] for c in (*changed_columns, "updated_at")},
            where=or_(*(table.c[c].is_distinct_from(base.excluded[c]) for c in changed_columns)),
        ).returning(*table.c)
        try:
            with self.engine.begin() as conn:
                row = conn.execute(upsert).mappings().first()
        except OperationalError as exc:
            raise StoreUnavailable(f"The feedback database did not accept the write: {exc.orig}") from exc
        if row is None:  # the same verdict was already stored: nothing written
            stored = self.get(feedback.site_id, feedback.comment_id, feedback.moderator_id)
            if stored is None:
                raise StoreUnavailable("The feedback row vanished right after it was written.")
            return UpsertResult(stored, created=False, changed=False)
        stored = _to_feedback(SimpleNamespace(**row, labels_json=row["labels"]))
        return UpsertResult(stored, created=stored.created_at == now, changed=True)

    def get(self, site_id: str, comment_id: str, moderator_id: str) -> Feedback | None:
        query = select(FeedbackRow).where(
            FeedbackRow.site_id == site_id,
            FeedbackRow.comment_id == comment_id,
            FeedbackRow.moderator_id == moderator_id,
        )
        with self._session() as conn:
            row = conn.execute(query).scalars().first()
            return _to_feedback(row) if row is not None else None

    def iter_feedback(
        self, since: datetime | None = None, site: str | None = None, *, batch_size: int = 1000
    ) -> Iterator[Feedback]:
        """Verdicts last changed at or after `since` (UTC if naive), oldest change first."""
        query = select(FeedbackRow).order_by(FeedbackRow.updated_at, FeedbackRow.id)
        if since is not None:
            query = query.where(FeedbackRow.updated_at >= _utc(since))
        if site is not None:
            query = query.where(FeedbackRow.site_id == site)
        with self._session() as conn:
            for row in conn.execute(query.execution_options(yield_per=batch_size)).scalars():
                yield _to_feedback(row)

    def page(
        self,
        *,
        site: str | None = None,
        moderator: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[list[Feedback], int]:
        """One page of verdicts, newest change first, and how many match in all (for `GET /v1/feedback`)."""
        conditions = []
        if site is not None:
            conditions.append(FeedbackRow.site_id == site)
        if moderator is not None:
            conditions.append(FeedbackRow.moderator_id == moderator)
        if since is not None:
            conditions.append(FeedbackRow.updated_at >= _utc(since))
        if until is not None:
            conditions.append(FeedbackRow.updated_at < _utc(until))
        query = select(FeedbackRow).where(*conditions)
        query = query.order_by(FeedbackRow.updated_at.desc(), FeedbackRow.id.desc()).limit(limit).offset(offset)
        total = select(func.count()).select_from(FeedbackRow).where(*conditions)
        with self._session() as conn:
            rows = [_to_feedback(row) for row in conn.execute(query).scalars()]
            return rows, int(conn.execute(total).scalar_one())

    def delete(self, site_id: str, comment_id: str, moderator_id: str) -> bool:
        """Remove this moderator's verdict (the queue's undo of a first verdict); True if one was there."""
        statement = delete(FeedbackRow).where(
            FeedbackRow.site_id == site_id,
            FeedbackRow.comment_id == comment_id,
            FeedbackRow.moderator_id == moderator_id,
        )
        try:
            with self.engine.begin() as conn:
                return bool(conn.execute(statement).rowcount)
        except OperationalError as exc:
            raise StoreUnavailable(f"The feedback database did not accept the delete: {exc.orig}") from exc

    def count(self, site: str | None = None) -> int:
        query = select(func.count()).select_from(FeedbackRow)
        if site is not None:
            query = query.where(FeedbackRow.site_id == site)
        with self._session() as conn:
            return int(conn.execute(query).scalar_one())

    def ping(self) -> None:
        with self._session() as conn:
            conn.execute(text("SELECT 1"))

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    @contextmanager
    def _session(self) -> Iterator[Any]:
        from sqlalchemy.orm import Session

        try:
            with Session(self.engine) as session:
                yield session
        except OperationalError as exc:
            raise StoreUnavailable(f"The feedback database cannot be read: {exc.orig}") from exc


def iter_feedback(
    database_url: str | None = None, *, since: datetime | None = None, site: str | None = None
) -> Iterator[Feedback]:
    """Read verdicts from `database_url` (default: the configured MODERATION_DATABASE_URL)."""
    from moderation.config import get_settings

    store = FeedbackStore(database_url or get_settings().database_url)
    try:
        yield from store.iter_feedback(since=since, site=site)
    finally:
        store.close()


def _create_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InvalidInput(
            f"{url!r} is not a database URL; use sqlite:///path.db or postgresql://..."
        ) from None
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        return _create_sqlite_engine(parsed)
    if parsed.get_backend_name() != "postgresql":
        raise InvalidInput(
            f"Unsupported feedback database {parsed.get_backend_name()!r}; use SQLite or PostgreSQL."
        )
    return create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def _create_sqlite_engine(parsed: Any) -> Engine:
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def _migrate(engine: Engine, url: str) -> None:
    """Apply every Alembic migration, serialised across processes (file lock / advisory lock)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    with _migration_lock(engine), engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _row_values(feedback: Feedback, now: datetime) -> dict[str, Any]:
    labels = None
    if feedback.labels is not None:
        labels = json.dumps({Label(k).value: float(v) for k, v in feedback.labels.items()}, sort_keys=True)
    return {
        "site_id": feedback.site_id or "",
        "comment_id": feedback.comment_id,
        "moderator_id": feedback.moderator_id,
        "text": feedback.text,
        "decision": Decision(feedback.decision).value,
        "labels": labels,
        "model_version": feedback.model_version,
        "created_at": now,
        "updated_at": now,
    }


def _to_feedback(row: Any) -> Feedback:
    labels = None
    if row.labels_json is not None:
        labels = {Label(k): float(v) for k, v in json.loads(row.labels_json).items()}
    return Feedback(
        comment_id=row.comment_id,
        moderator_id=row.moderator_id,
        text=row.text,
        decision=Decision(row.decision),
        site_id=row.site_id,
        labels=labels,
        model_version=row.model_version,
        created_at=_utc(row.created_at),
        updated_at=_utc(row.updated_at),
    )


def _utc(value: datetime) -> datetime:
    """SQLite hands datetimes back naive; everything here is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
