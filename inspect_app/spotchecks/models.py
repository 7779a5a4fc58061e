"""Certificate spot checks."""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db
from inspect_app.subjects.models import Certificate, Person, Position
from inspect_app.subjects.rules import (
    ASSESSMENT_KIND,
    CertificateStatus,
    is_special_operation,
    needs_assessment,
)


class CheckResult(StrEnum):
    PASS = "pass"
    FAIL = "fail"


class Problem(StrEnum):
    NO_CERTIFICATE = "no_certificate"
    NOT_SHOWN = "not_shown"
    NUMBER_MISMATCH = "number_mismatch"
    WRONG_KIND = "wrong_kind"
    EXPIRED = "expired"
    REVIEW_OVERDUE = "review_overdue"


CHECK_RESULT_LABELS = {"pass": _l("Passed"), "fail": _l("Failed")}

# Phrases that read both as a list entry and inside a finding's sentence.
PROBLEM_LABELS = {
    "no_certificate": _l("no certificate"),
    "not_shown": _l("certificate not shown"),
    "number_mismatch": _l("certificate number does not match"),
    "wrong_kind": _l("certificate of the wrong category"),
    "expired": _l("certificate expired"),
    "review_overdue": _l("certificate review overdue"),
}

GOOD_STATUSES = (CertificateStatus.VALID, CertificateStatus.EXPIRING)


def certificate_required(person: Person) -> bool:
    """Special operators always; principals and safety managers of high-risk units (their
    assessment); an ordinary worker or a manager of an ordinary unit needs no certificate."""
    if person.position == Position.SPECIAL_OPERATOR:
        return True
    return person.needs_assessment


def required_kind_met(position: str, high_risk: bool, kind: str) -> bool:
    """Special operators need a special-operation certificate; principals and safety managers
    of high-risk units need the safety assessment certificate; anyone else any certificate."""
    if position == Position.SPECIAL_OPERATOR:
        return is_special_operation(kind)
    if needs_assessment(position, high_risk):
        return kind == ASSESSMENT_KIND
    return True


def check_problems(
    person: Person,
    certificate: Certificate | None,
    shown: bool,
    number_matches: bool | None,
    status: str | None,
) -> list[Problem]:
    """Everything that makes a spot check fail; empty when it passes."""
    if certificate is None:
        return [Problem.NO_CERTIFICATE] if certificate_required(person) else []
    problems = []
    if not shown:
        problems.append(Problem.NOT_SHOWN)
    elif not number_matches:
        problems.append(Problem.NUMBER_MISMATCH)
    if not required_kind_met(person.position, person.subject.high_risk, certificate.kind):
        problems.append(Problem.WRONG_KIND)
    if status not in GOOD_STATUSES:
        problems.append(Problem(status))
    return problems


class CertificateCheck(db.Model):
    """One person's certificate checked on site: shown, matching, status, platform check."""

    __tablename__ = "certificate_check"
    __table_args__ = (
        UniqueConstraint("inspection_id", "person_id", name="uq_certificate_check_person"),
        CheckConstraint("result IN ('pass', 'fail')", name="result"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"))
    shown: Mapped[bool]
    number_matches: Mapped[bool | None]
    status: Mapped[str | None] = mapped_column(String(16))
    platform_verified: Mapped[bool] = mapped_column(default=False)
    result: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text, default="")
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    person: Mapped[Person] = relationship()
    certificate: Mapped[Certificate | None] = relationship()
    checked_by: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def passed(self) -> bool:
        return self.result == CheckResult.PASS

    @property
    def problems(self) -> list[Problem]:
        """Why the check failed, from what was recorded (status as on the inspection date)."""
        return check_problems(
            self.person, self.certificate, self.shown, self.number_matches, self.status
        )

    @property
    def result_label(self) -> str:
        return str(CHECK_RESULT_LABELS[self.result])

    @property
    def problem_labels(self) -> list[str]:
        return [str(PROBLEM_LABELS[p]) for p in self.problems]
