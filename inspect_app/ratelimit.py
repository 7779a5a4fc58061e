"""Rate limits shared by every worker process (rows in the database, not process memory)."""

from datetime import datetime, timedelta

from sqlalchemy import Index, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db


class RateEvent(db.Model):
    """One counted event (a wrong code, an answer sent) in a bucket, for a key."""

    __tablename__ = "rate_event"
    __table_args__ = (Index("ix_rate_event_bucket_key_at", "bucket", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def count_events(bucket: str, key: str, window: timedelta) -> int:
    """Events in the bucket for the key within the window."""
    since = utcnow() - window
    query = (
        select(func.count())
        .select_from(RateEvent)
        .where(RateEvent.bucket == bucket, RateEvent.key == key, RateEvent.at >= since)
    )
    return db.session.scalar(query)


def is_limited(bucket: str, key: str, limit: int, window: timedelta) -> bool:
    return count_events(bucket, key, window) >= limit


def record_event(bucket: str, key: str) -> None:
    """Count one event (flushed; the caller commits, even when the request is refused)."""
    db.session.add(RateEvent(bucket=bucket, key=key[:128]))
    db.session.flush()


def clear_events(bucket: str, key: str) -> None:
    db.session.execute(delete(RateEvent).where(RateEvent.bucket == bucket, RateEvent.key == key))
