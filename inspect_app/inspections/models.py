"""Inspection cases, their inspectors, checklist answers, revisions and case counters."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db
from inspect_app.regions.models import Region
from inspect_app.subjects.models import Subject


class Status(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    RECTIFYING = "rectifying"
    CLOSED = "closed"


class Result(StrEnum):
    COMPLIANT = "compliant"
    NON_COMPLIANT = "non_compliant"
    NOT_APPLICABLE = "not_applicable"


class Inspection(db.Model):
    """One case: an on-site inspection of a subject, from draft to closed."""

    __tablename__ = "inspection"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'issued', 'rectifying', 'closed')", name="status"),
        Index("ix_inspection_region_started", "region_id", "started_at"),
        # Cases issued in a month by region, with the status and subject the monthly reports
        # count (distinct subjects of cases not drafts): read from the index alone.
        Index(
            "ix_inspection_region_issued_subject", "region_id", "issued_at", "status", "subject_id"
        ),
        # The case list's order (newest first, id breaking ties), alone and under a status.
        Index("ix_inspection_started", "started_at", "id"),
        Index("ix_inspection_status_started", "status", "started_at", "id"),
        # The dashboard's typical cases, newest issued first: of the county, and (a partial
        # index of the few typical cases) of a town.
        Index("ix_inspection_typical_issued", "typical", "issued_at", "id"),
        Index(
            "ix_inspection_typical_region",
            "region_id",
            "issued_at",
            "id",
            sqlite_where=text("typical = 1"),
            postgresql_where=text("typical = true"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    campaign: Mapped[str] = mapped_column(String(64))
    catalog_version: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default=Status.DRAFT.value, index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(256))
    representative_name: Mapped[str] = mapped_column(String(64))
    representative_position: Mapped[str] = mapped_column(String(64))
    case_number: Mapped[str | None] = mapped_column(String(40), unique=True)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    record_sha256: Mapped[str | None] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(default=0)
    typical: Mapped[bool] = mapped_column(default=False)
    # Reasons for changes made since the last revision: a 更正 awaiting its own signatures.
    pending_correction: Mapped[list] = mapped_column(JSON, default=list)
    public_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The id the offline app gave the case when it opened it on the phone: a replayed opening
    # finds the case instead of making a second one.
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    verification_code: Mapped[str | None] = mapped_column(String(16))
    public_revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    public_revoked_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    subject: Mapped[Subject] = relationship()
    region: Mapped[Region] = relationship()
    created_by: Mapped[User] = relationship()
    inspectors: Mapped[list["CaseInspector"]] = relationship(
        back_populates="inspection", order_by="CaseInspector.position", cascade="all, delete-orphan"
    )
    answers: Mapped[list["ItemAnswer"]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan"
    )
    revisions: Mapped[list["Revision"]] = relationship(
        back_populates="inspection", order_by="Revision.number", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def public_url(self) -> str | None:
        """The address the QR code on the paper record encodes (PUBLIC_BASE_URL + token)."""
        if not self.public_token:
            return None
        from flask import current_app

        return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/c/" + self.public_token

    @property
    def public_link_revoked(self) -> bool:
        return self.public_revoked_at is not None

    def answer_for(self, code: str) -> "ItemAnswer | None":
        return next((a for a in self.answers if a.item_code == code), None)


class CaseInspector(db.Model):
    """An enforcement officer on the case, with the certificate number shown on site."""

    __tablename__ = "case_inspector"
    __table_args__ = (
        UniqueConstraint("inspection_id", "user_id", name="uq_case_inspector_user"),
        Index("ix_case_inspector_user", "user_id", "inspection_id"),  # a user's own cases
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    name: Mapped[str] = mapped_column(String(64))
    cert_no: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(default=0)

    inspection: Mapped[Inspection] = relationship(back_populates="inspectors")
    user: Mapped[User] = relationship()


class ItemAnswer(db.Model):
    """The answer to one check item; saved on its own, versioned against stale phones."""

    __tablename__ = "item_answer"
    __table_args__ = (
        UniqueConstraint("inspection_id", "item_code", name="uq_item_answer_item"),
        CheckConstraint(
            "result IN ('compliant', 'non_compliant', 'not_applicable')", name="result"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"))
    item_code: Mapped[str] = mapped_column(String(16))
    result: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    inspection: Mapped[Inspection] = relationship(back_populates="answers")
    answered_by: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Revision(db.Model):
    """A frozen, hashed snapshot of the record: number 1 at issue, then one per change."""

    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("inspection_id", "number", name="uq_revision_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"))
    number: Mapped[int]
    reason: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    inspection: Mapped[Inspection] = relationship(back_populates="revisions")
    created_by: Mapped[User] = relationship()


class CaseCounter(db.Model):
    """The last case number used per region and year; incremented inside the issuing transaction."""

    __tablename__ = "case_counter"

    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
