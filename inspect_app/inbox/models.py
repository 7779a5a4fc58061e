"""What the inbox keeps of its own: which entries a user has read, which reminders went out, and
where a user wants reminders sent. The entries themselves are computed from the features' data."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db


class InboxRead(db.Model):
    """A user opened (or dismissed) an inbox entry."""

    __tablename__ = "inbox_read"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_inbox_read_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    key: Mapped[str] = mapped_column(String(96))
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReminderDelivery(db.Model):
    """A reminder sent to a user through a channel: each goes out once."""

    __tablename__ = "reminder_delivery"
    __table_args__ = (
        UniqueConstraint("user_id", "key", "channel", name="uq_reminder_delivery_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    key: Mapped[str] = mapped_column(String(96))
    channel: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReminderContact(db.Model):
    """Where a user's reminders go; empty means the in-app inbox only."""

    __tablename__ = "reminder_contact"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    mobile: Mapped[str] = mapped_column(String(32), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
