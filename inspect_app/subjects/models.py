"""Subjects (inspected units), their people and certificates, with derived statuses."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db
from inspect_app.regions.models import Region
from inspect_app.subjects.rules import (
    CertificateStatus,
    Position,
    assessment_deadline,
    assessment_overdue,
    certificate_status,
    is_special_operation,
    needs_assessment,
    person_problems,
)


class SubjectKind(StrEnum):
    PRODUCTION_UNIT = "production_unit"
    TRAINING_INSTITUTION = "training_institution"
    EXAM_SITE = "exam_site"


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class Subject(db.Model):
    __tablename__ = "subject"
    __table_args__ = (
        CheckConstraint(_in("kind", SubjectKind), name="kind"),
        # The register's A-Z order (id breaking ties): alone, under a kind, within a region.
        Index("ix_subject_name_id", "name", "id"),
        Index("ix_subject_kind_name", "kind", "name", "id"),
        Index("ix_subject_region_name", "region_id", "name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(128))
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    address: Mapped[str] = mapped_column(String(256), default="")
    industry: Mapped[str] = mapped_column(String(32), default="other")
    high_risk: Mapped[bool] = mapped_column(default=False)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    contact_name: Mapped[str] = mapped_column(String(64), default="")
    contact_phone: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    region: Mapped[Region] = relationship()
    people: Mapped[list["Person"]] = relationship(
        back_populates="subject", order_by="Person.id", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return self.name


class Person(db.Model):
    __tablename__ = "person"
    __table_args__ = (CheckConstraint(_in("position", Position), name="position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    position: Mapped[str] = mapped_column(String(32))
    id_number: Mapped[str | None] = mapped_column(String(18))
    appointed_on: Mapped[date | None]
    phone: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    subject: Mapped[Subject] = relationship(back_populates="people")
    certificates: Mapped[list["Certificate"]] = relationship(
        back_populates="person", order_by="Certificate.id", cascade="all, delete-orphan"
    )

    @property
    def needs_assessment(self) -> bool:
        return needs_assessment(self.position, self.subject.high_risk)

    def assessment_deadline(self) -> date | None:
        """Six months after appointment, for principals and safety managers of high-risk units."""
        if not self.needs_assessment or self.appointed_on is None:
            return None
        return assessment_deadline(self.appointed_on)

    def assessment_overdue_on(self, day: date) -> bool:
        """No passed assessment on file once the six months are over."""
        return assessment_overdue(self.needs_assessment, self.appointed_on, self.certificates, day)

    def problems_on(self, day: date) -> list[str]:
        """Each certificate status other than valid, worst first, and an overdue assessment."""
        return person_problems(self.certificates, self.assessment_overdue_on(day), day)

    def has_problem_on(self, day: date) -> bool:
        return bool(self.problems_on(day))

    def __str__(self) -> str:
        return self.name


class Certificate(db.Model):
    __tablename__ = "certificate"
    __table_args__ = (CheckConstraint("expires_on >= issued_on", name="dates"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    number: Mapped[str] = mapped_column(String(64))
    issued_on: Mapped[date]
    expires_on: Mapped[date] = mapped_column(index=True)
    reviewed_on: Mapped[date | None]
    verified_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    person: Mapped[Person] = relationship(back_populates="certificates")

    @property
    def is_special_operation(self) -> bool:
        return is_special_operation(self.kind)

    def status_on(self, day: date) -> CertificateStatus:
        """valid / expiring / expired / review overdue on the given day."""
        return certificate_status(self.kind, self.issued_on, self.expires_on, self.reviewed_on, day)
