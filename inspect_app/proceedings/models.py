"""A penalty proceeding from filing (立案) to closing (结案), statements, referrals and
exam-site measures.

A proceeding is opened from one or more findings of a case. Each step leaves a document
(documents.models.Document); the fields here are what the steps decided, so pages and reports
read them without opening the documents.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db

proceeding_finding = Table(
    "proceeding_finding",
    db.metadata,
    Column("proceeding_id", ForeignKey("proceeding.id"), primary_key=True),
    Column("finding_id", ForeignKey("finding.id"), primary_key=True),
)

proceeding_photo = Table(
    "proceeding_photo",
    db.metadata,
    Column("proceeding_id", ForeignKey("proceeding.id"), primary_key=True),
    Column("photo_id", ForeignKey("photo.id"), primary_key=True),
)

referral_photo = Table(
    "referral_photo",
    db.metadata,
    Column("referral_id", ForeignKey("referral.id"), primary_key=True),
    Column("photo_id", ForeignKey("photo.id"), primary_key=True),
)


class ProceedingStatus(StrEnum):
    """Where a proceeding stands; hearing and collective discussion happen while NOTIFIED."""

    REQUESTED = "requested"  # filing asked for, awaiting a supervisor's approval
    REFUSED = "refused"  # the supervisor did not approve the filing (不予立案)
    FILED = "filed"  # 立案: investigation, then the notice
    NOTIFIED = "notified"  # 告知书 made: the statement (and hearing) period runs
    DECIDED = "decided"  # 决定书 made, to be served
    SERVED = "served"  # served: the fine is to be paid
    CLOSED = "closed"  # 结案


OPEN_STATUSES = (
    ProceedingStatus.REQUESTED,
    ProceedingStatus.FILED,
    ProceedingStatus.NOTIFIED,
    ProceedingStatus.DECIDED,
    ProceedingStatus.SERVED,
)


class Proceeding(db.Model):
    """行政处罚案件 against the unit or a named person, opened from findings of a case."""

    __tablename__ = "proceeding"
    __table_args__ = (
        CheckConstraint("party IN ('unit', 'person')", name="party"),
        CheckConstraint("proposed_fine_yuan >= 0", name="proposed_fine"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    # 案号: the filing approval's number, given at filing (unique within the region).
    number: Mapped[str | None] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), default=ProceedingStatus.REQUESTED, index=True)
    party: Mapped[str] = mapped_column(String(8))
    person_name: Mapped[str | None] = mapped_column(String(64))
    facts: Mapped[str] = mapped_column(Text)  # 违法事实
    basis_code: Mapped[str] = mapped_column(String(32))
    basis_law: Mapped[str] = mapped_column(String(128), default="")
    basis_article: Mapped[str] = mapped_column(String(64), default="")
    proposed_fine_yuan: Mapped[int] = mapped_column(default=0)
    proposed_measures: Mapped[list] = mapped_column(JSON, default=list)
    # 立案
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filed_on: Mapped[date | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    # 告知书: statements until statement_due; a hearing may be asked for until hearing_due
    notified_on: Mapped[date | None]
    statement_due: Mapped[date | None]
    hearing_offered: Mapped[bool] = mapped_column(default=False)
    hearing_due: Mapped[date | None]
    hearing_requested: Mapped[bool] = mapped_column(default=False)
    hearing_held_on: Mapped[date | None]
    hearing_summary: Mapped[str] = mapped_column(Text, default="")
    # 集体讨论 (major cases)
    major: Mapped[bool] = mapped_column(default=False)
    discussed_on: Mapped[date | None]
    discussion_members: Mapped[str] = mapped_column(Text, default="")
    discussion_conclusion: Mapped[str] = mapped_column(Text, default="")
    # 送达
    served_on: Mapped[date | None]
    service_method: Mapped[str] = mapped_column(String(16), default="")
    served_to: Mapped[str] = mapped_column(String(64), default="")
    # 缴纳 / 催缴
    paid_on: Mapped[date | None]
    paid_yuan: Mapped[int | None]
    reminded_on: Mapped[date | None]
    # 结案
    closed_on: Mapped[date | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    closing_note: Mapped[str] = mapped_column(Text, default="")
    client_key: Mapped[str] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(default=1)

    findings: Mapped[list["Finding"]] = relationship(  # noqa: F821
        secondary=proceeding_finding, order_by="Finding.id"
    )
    evidence: Mapped[list["Photo"]] = relationship(  # noqa: F821
        secondary=proceeding_photo, order_by="Photo.id"
    )
    statements: Mapped[list["Statement"]] = relationship(
        back_populates="proceeding", order_by="Statement.id"
    )
    # 决定书: the penalty decided (Penalty.proceeding_id), with the decision's number and date.
    penalty: Mapped["Penalty | None"] = relationship(  # noqa: F821
        primaryjoin="Penalty.proceeding_id == Proceeding.id", viewonly=True, uselist=False
    )
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class StatementSource(StrEnum):
    PUBLIC = "public"  # sent by the party from the case's public page, with its code
    PAPER = "paper"  # given on paper or orally, recorded by an inspector (陈述申辩笔录)


class Statement(db.Model):
    """陈述申辩: what the party says against the intended penalty, within the notice's days."""

    __tablename__ = "statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    proceeding_id: Mapped[int] = mapped_column(ForeignKey("proceeding.id"), index=True)
    source: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    hearing_requested: Mapped[bool] = mapped_column(default=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    client_key: Mapped[str] = mapped_column(String(64), unique=True)

    proceeding: Mapped[Proceeding] = relationship(back_populates="statements")
    recorded_by: Mapped[User | None] = relationship()


class AgencyKind(StrEnum):
    POLICE = "police"  # 公安机关
    MARKET = "market"  # 市场监管部门
    OTHER = "other"  # 其他部门


class Referral(db.Model):
    """案件移送: a matter handed to another agency, and the result it reports back."""

    __tablename__ = "referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    proceeding_id: Mapped[int | None] = mapped_column(ForeignKey("proceeding.id"))
    agency_kind: Mapped[str] = mapped_column(String(8))
    agency_name: Mapped[str] = mapped_column(String(128))
    referred_on: Mapped[date] = mapped_column(index=True)
    facts: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list] = mapped_column(JSON, default=list)  # listed items, as sent
    result: Mapped[str] = mapped_column(Text, default="")
    result_on: Mapped[date | None]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    client_key: Mapped[str] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(default=1)

    photos: Mapped[list["Photo"]] = relationship(  # noqa: F821
        secondary=referral_photo, order_by="Photo.id"
    )
    created_by: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}


class ExamMeasureKind(StrEnum):
    SUSPENSION = "suspension"  # 暂停考试资格
    REVOCATION = "revocation"  # 取消考试资格


class ExamMeasure(db.Model):
    """Suspension or revocation of an exam site's qualification, decided on its own date."""

    __tablename__ = "exam_measure"
    __table_args__ = (CheckConstraint("kind IN ('suspension', 'revocation')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    proceeding_id: Mapped[int | None] = mapped_column(ForeignKey("proceeding.id"))
    kind: Mapped[str] = mapped_column(String(16))
    decision_no: Mapped[str] = mapped_column(String(64))
    decided_on: Mapped[date] = mapped_column(index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]  # a suspension's last day; none for a revocation
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by: Mapped[User] = relationship()

    def in_force_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)
