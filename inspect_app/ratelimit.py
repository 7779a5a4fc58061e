"""Rate limits shared by every worker process (rows in the database, not process memory)."""

import math
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Delay:
    """A progressive delay instead of a lockout: after `free` events in the window, each further
    attempt must wait twice as long as the last (1 s, 2 s, 4 s …), never longer than `cap`."""

    bucket: str
    free: int
    cap: timedelta
    window: timedelta


def seconds_to_wait(delay: Delay, key: str) -> int:
    """How long the key must still wait before its next attempt (0: it may try now)."""
    since = utcnow() - delay.window
    query = select(func.count(), func.max(RateEvent.at)).where(
        RateEvent.bucket == delay.bucket, RateEvent.key == key[:128], RateEvent.at >= since
    )
    count, last = db.session.execute(query).one()
    if count < delay.free or last is None:
        return 0
    step = min(timedelta(seconds=2 ** min(count - delay.free, 30)), delay.cap)
    return max(0, math.ceil((last + step - utcnow()).total_seconds()))


def clear_events(bucket: str, key: str) -> None:
    db.session.execute(delete(RateEvent).where(RateEvent.bucket == bucket, RateEvent.key == key))
