"""Tip-offs and what became of them. The informant's contact is never shown on the public side."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db
from inspect_app.regions.models import Region
from inspect_app.subjects.models import Subject


class TipChannel(StrEnum):
    HOTLINE = "hotline_12350"
    LETTER = "letter"
    WEBSITE = "website"
    PUBLIC_FORM = "public_form"


class TipStatus(StrEnum):
    RECEIVED = "received"  # registered, not yet put to a task or a case
    VERIFYING = "verifying"  # a task or a case checks it
    CLOSED = "closed"  # the outcome is recorded


class TipOutcome(StrEnum):
    SUBSTANTIATED = "substantiated"
    PARTLY = "partly"
    UNSUBSTANTIATED = "unsubstantiated"


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class Tip(db.Model):
    """One tip-off: who it is about, what is alleged, and how it was verified and answered."""

    __tablename__ = "tip"
    __table_args__ = (
        CheckConstraint(_in("channel", TipChannel), name="channel"),
        CheckConstraint(_in("status", TipStatus), name="status"),
        Index("ix_tip_region_status", "region_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    channel: Mapped[str] = mapped_column(String(16))
    received_on: Mapped[date]
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subject.id"))
    subject_name: Mapped[str] = mapped_column(String(128), default="")  # a unit not registered
    allegation: Mapped[str] = mapped_column(Text)
    contact: Mapped[str] = mapped_column(String(128), default="")  # never public, never logged
    query_code: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=TipStatus.RECEIVED.value)
    verified_by_task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    verified_by_case_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id"))
    verifying_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    region: Mapped[Region] = relationship()
    subject: Mapped[Subject | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def about(self) -> str:
        """The unit the tip is about: the registered subject, else the name as given."""
        return self.subject.name if self.subject is not None else self.subject_name

    @property
    def has_contact(self) -> bool:
        return bool(self.contact.strip())

    @property
    def awaits_answer(self) -> bool:
        """Closed, the informant left a contact, and nobody has answered yet."""
        return self.status == TipStatus.CLOSED and self.has_contact and self.answered_at is None
