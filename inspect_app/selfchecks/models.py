"""Self-checks (自查自改): one per subject and campaign, with its items and its problem list.

A production unit answers the six items of 附件1; a training institution the four TI items and an
exam institution or site the six EX items, with the period it reviewed and a 自查报告. Every item
answered with a problem is a line of the problem list (清单管理): a measure, a time limit, a
responsible person and a status the subject moves forward after submission, with photos, until
the town closes the self-check.
"""

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
KIND_NUMBERS = {"production_unit": ITEM_NUMBERS, "training_institution": (1, 2, 3, 4)}
KIND_NUMBERS["exam_site"] = ITEM_NUMBERS


class SelfCheckStatus(StrEnum):
    DRAFT = "draft"  # sent; the enterprise may save and come back
    SUBMITTED = "submitted"  # read-only from now on, but for the problem list's progress


class Progress(StrEnum):
    """Where one listed problem stands; `rectified` is final."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RECTIFIED = "rectified"


class SelfCheck(db.Model):
    """The enterprise's self-check form, reached through a revocable personal link."""

    __tablename__ = "self_check"
    __table_args__ = (
        UniqueConstraint("subject_id", "campaign", name="uq_self_check_subject_campaign"),
        CheckConstraint("status IN ('draft', 'submitted')", name="status"),
        CheckConstraint(
            "kind IN ('production_unit', 'training_institution', 'exam_site')", name="kind"
        ),
        Index("ix_self_check_region_submitted", "region_id", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    campaign: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(
        String(24), default="production_unit", server_default="production_unit"
    )
    token: Mapped[str] = mapped_column(String(64), unique=True)
    deadline: Mapped[date]
    expires_on: Mapped[date | None]  # the last day (local) the link opens; None: never
    status: Mapped[str] = mapped_column(String(16), default=SelfCheckStatus.DRAFT.value)
    responsible_name: Mapped[str] = mapped_column(String(64), default="")
    filled_on: Mapped[date | None]
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    sent_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    # Institutions only: the period reviewed and the written self-check report (自查报告).
    review_from: Mapped[date | None]
    review_to: Mapped[date | None]
    report_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    report_pdf_key: Mapped[str | None] = mapped_column(String(200))
    report_pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    report_pdf_bytes: Mapped[int | None]
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    subject: Mapped[Subject] = relationship()
    region: Mapped[Region] = relationship()
    entered_by: Mapped[User | None] = relationship(foreign_keys=[entered_by_id])
    sent_by: Mapped[User] = relationship(foreign_keys=[sent_by_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
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

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_institution(self) -> bool:
        return self.kind != "production_unit"

    @property
    def numbers(self) -> tuple[int, ...]:
        return KIND_NUMBERS[self.kind]

    @property
    def problems(self) -> list["SelfCheckItem"]:
        """The problem list: every item answered with a problem."""
        return [item for item in self.items if item.has_problem]

    def is_expired(self, today: date) -> bool:
        return self.expires_on is not None and today > self.expires_on


class SelfCheckItem(db.Model):
    """One item: the problem found (or none), its measure, time limit, responsible person and
    progress; `rectified_at` is when it was marked rectified (附件2 counts from then on)."""

    __tablename__ = "self_check_item"
    __table_args__ = (
        UniqueConstraint("self_check_id", "number", name="uq_self_check_item_number"),
        CheckConstraint("number BETWEEN 1 AND 6", name="number"),
        CheckConstraint("progress IN ('open', 'in_progress', 'rectified')", name="progress"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    self_check_id: Mapped[int] = mapped_column(ForeignKey("self_check.id"), index=True)
    number: Mapped[int]
    has_problem: Mapped[bool | None]  # None until the enterprise answers
    problem: Mapped[str] = mapped_column(Text, default="")
    rectification: Mapped[str] = mapped_column(Text, default="")
    rectify_by: Mapped[date | None]
    rectified: Mapped[bool] = mapped_column(default=False)  # mirrors progress == rectified
    responsible: Mapped[str] = mapped_column(String(64), default="", server_default="")
    progress: Mapped[str] = mapped_column(String(16), default="open", server_default="open")
    progress_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    rectified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    self_check: Mapped[SelfCheck] = relationship(back_populates="items")
    photos: Mapped[list["SelfCheckPhoto"]] = relationship(
        back_populates="item", order_by="SelfCheckPhoto.id", cascade="all, delete-orphan"
    )


class SelfCheckPhoto(db.Model):
    """A photo the subject sent as evidence of a problem's rectification (the photo pipeline's
    files: the received bytes kept, display and thumbnail copies derived)."""

    __tablename__ = "self_check_photo"
    __table_args__ = (UniqueConstraint("item_id", "sha256", name="uq_self_check_photo_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("self_check_item.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    original_key: Mapped[str] = mapped_column(String(200))
    display_key: Mapped[str] = mapped_column(String(200))
    thumb_key: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(8))
    width: Mapped[int]
    height: Mapped[int]
    size_bytes: Mapped[int]
    trailing_bytes: Mapped[int] = mapped_column(default=0)
    captured_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    gps_lat: Mapped[float | None]
    gps_lon: Mapped[float | None]
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[SelfCheckItem] = relationship(back_populates="photos")

    @property
    def thumb_size(self) -> tuple[int, int]:
        scale = min(1.0, 320 / max(self.width, self.height, 1))
        return max(1, round(self.width * scale)), max(1, round(self.height * scale))
