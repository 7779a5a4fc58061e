"""Database plumbing shared by every feature: UTC timestamps, SQLite pragmas and locking.

On SQLite one writer holds the database at a time. So that no save fails because another is
slow, a request that may write (any method but GET/HEAD/OPTIONS) opens its transaction at its
first write with BEGIN IMMEDIATE, which waits for the lock up to BUSY_TIMEOUT_MS; the driver's
default (a deferred BEGIN) could instead fail at once when another writer got in first. Reads
stay unblocked under WAL. What still meets a lock is retried by `retry_contended`.
"""

import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from flask import has_request_context, request
from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.types import TypeDecorator

# Longer than the slowest write this app makes (issuing a record with many photos).
BUSY_TIMEOUT_MS = 60_000
# FULL: a commit is on disk (WAL synced) before it is acknowledged; see the README.
SYNCHRONOUS = "FULL"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
T = TypeVar("T")


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC; returns aware UTC datetimes on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """busy_timeout first, so the switch to WAL itself can wait for a lock."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    mode = cursor.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if mode.lower() not in ("wal", "memory"):
        raise RuntimeError(f"SQLite refused WAL mode (got {mode})")
    cursor.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection) -> None:
    """A request that may write begins its transaction as a writer (the driver says BEGIN
    before the first write), so it waits for the lock rather than failing on an upgrade."""
    if connection.dialect.name != "sqlite":
        return
    writing = has_request_context() and request.method not in READ_METHODS
    connection.connection.dbapi_connection.isolation_level = "IMMEDIATE" if writing else ""


def is_contended(error: OperationalError) -> bool:
    """SQLite's 'database is locked' / 'busy': another writer held on longer than we waited."""
    text = str(error.orig).lower()
    return "locked" in text or "busy" in text


def retry_contended(work: Callable[[], T], session, attempts: int = 4) -> T:
    """Run `work` (which commits); on a contended lock roll back and run it again."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except OperationalError as error:
            session.rollback()
            if not is_contended(error) or attempt == attempts:
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")


def revive_session() -> None:
    """Roll back the request's session if a failed write left it unusable, so that an error
    page or a response hook can still read (the user, for one) instead of failing again."""
    from inspect_app.extensions import db

    if not db.session.is_active:
        db.session.rollback()
