"""Self-checks (自查自改, 附件1): one per production unit and campaign, with its six items."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db
from inspect_app.regions.models import Region
from inspect_app.subjects.models import Subject

ITEM_NUMBERS = (1, 2, 3, 4, 5, 6)


class SelfCheckStatus(StrEnum):
    DRAFT = "draft"  # sent; the enterprise may save and come back
    SUBMITTED = "submitted"  # read-only from now on


class SelfCheck(db.Model):
    """The enterprise's self-check form, reached through a revocable personal link."""

    __tablename__ = "self_check"
    __table_args__ = (
        UniqueConstraint("subject_id", "campaign", name="uq_self_check_subject_campaign"),
        CheckConstraint("status IN ('draft', 'submitted')", name="status"),
        Index("ix_self_check_region_submitted", "region_id", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    campaign: Mapped[str] = mapped_column(String(64))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    deadline: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), default=SelfCheckStatus.DRAFT.value)
    responsible_name: Mapped[str] = mapped_column(String(64), default="")
    filled_on: Mapped[date | None]
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    sent_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    subject: Mapped[Subject] = relationship()
    region: Mapped[Region] = relationship()
    entered_by: Mapped[User | None] = relationship(foreign_keys=[entered_by_id])
    sent_by: Mapped[User] = relationship(foreign_keys=[sent_by_id])
    items: Mapped[list["SelfCheckItem"]] = relationship(
        back_populates="self_check", order_by="SelfCheckItem.number", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_submitted(self) -> bool:
        return self.status == SelfCheckStatus.SUBMITTED

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class SelfCheckItem(db.Model):
    """One of the six items: the problem found (or none), its rectification and deadline."""

    __tablename__ = "self_check_item"
    __table_args__ = (
        UniqueConstraint("self_check_id", "number", name="uq_self_check_item_number"),
        CheckConstraint("number BETWEEN 1 AND 6", name="number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    self_check_id: Mapped[int] = mapped_column(ForeignKey("self_check.id"), index=True)
    number: Mapped[int]
    has_problem: Mapped[bool | None]  # None until the enterprise answers
    problem: Mapped[str] = mapped_column(Text, default="")
    rectification: Mapped[str] = mapped_column(Text, default="")
    rectify_by: Mapped[date | None]
    rectified: Mapped[bool] = mapped_column(default=False)

    self_check: Mapped[SelfCheck] = relationship(back_populates="items")
