"""Certificate rules: categories, validity and review periods, derived status."""

import calendar
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Protocol

# 特种作业目录 (Special Operations Catalogue): the eleven categories.
SPECIAL_OPERATION_KINDS = (
    "electrician",
    "welding",
    "work_at_height",
    "refrigeration",
    "coal_mine",
    "metal_mine",
    "oil_gas",
    "metallurgy",
    "hazardous_chemicals",
    "fireworks",
    "other_special",
)
ASSESSMENT_KIND = "safety_assessment"
CERTIFICATE_KINDS = (*SPECIAL_OPERATION_KINDS, ASSESSMENT_KIND)

SPECIAL_OPERATION_VALID_YEARS = 6
REVIEW_INTERVAL_YEARS = 3
EXPIRING_WITHIN_DAYS = 60


class Position(StrEnum):
    PRINCIPAL = "principal"
    SAFETY_MANAGER = "safety_manager"
    SPECIAL_OPERATOR = "special_operator"
    WORKER = "worker"


# 主要负责人和安全生产管理人员: assessed on their safety knowledge and management ability.
ASSESSED_POSITIONS = (Position.PRINCIPAL, Position.SAFETY_MANAGER)


def needs_assessment(position: str, high_risk: bool) -> bool:
    """Principals and safety managers of high-risk units must pass the safety assessment."""
    return position in ASSESSED_POSITIONS and high_risk


class CertificateStatus(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    REVIEW_OVERDUE = "review_overdue"


def is_special_operation(kind: str) -> bool:
    return kind in SPECIAL_OPERATION_KINDS


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Aug + 6 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def default_expiry(kind: str, issued_on: date) -> date | None:
    """Special-operation certificates are valid six years from issue."""
    if is_special_operation(kind):
        return add_years(issued_on, SPECIAL_OPERATION_VALID_YEARS)
    return None


def review_due(issued_on: date, reviewed_on: date | None) -> date:
    """Three years after the last review, or after issue when never reviewed."""
    return add_years(reviewed_on or issued_on, REVIEW_INTERVAL_YEARS)


def certificate_status(
    kind: str, issued_on: date, expires_on: date, reviewed_on: date | None, day: date
) -> CertificateStatus:
    """A certificate is good through its expiry day; a review is due through its due day."""
    if day > expires_on:
        return CertificateStatus.EXPIRED
    if is_special_operation(kind) and day > review_due(issued_on, reviewed_on):
        return CertificateStatus.REVIEW_OVERDUE
    if (expires_on - day).days <= EXPIRING_WITHIN_DAYS:
        return CertificateStatus.EXPIRING
    return CertificateStatus.VALID


ASSESSMENT_GRACE_MONTHS = 6
ASSESSMENT_OVERDUE = "assessment_overdue"
PROBLEM_ORDER = (
    CertificateStatus.EXPIRED,
    CertificateStatus.REVIEW_OVERDUE,
    CertificateStatus.EXPIRING,
)


class CertificateFacts(Protocol):
    """What the rules read of a certificate: a Certificate, or a row with these columns."""

    kind: str
    issued_on: date
    expires_on: date
    reviewed_on: date | None


def assessment_deadline(appointed_on: date) -> date:
    """Six months after appointment (month ends clamped)."""
    return add_months(appointed_on, ASSESSMENT_GRACE_MONTHS)


def assessment_overdue(
    needs_assessment: bool, appointed_on: date | None, certificates, day: date
) -> bool:
    """No passed assessment on file once six months from appointment are over."""
    if not needs_assessment or appointed_on is None:
        return False
    if day <= assessment_deadline(appointed_on):
        return False
    return not any(c.kind == ASSESSMENT_KIND and c.issued_on <= day for c in certificates)


def person_problems(
    certificates: Iterable[CertificateFacts], assessment_is_overdue: bool, day: date
) -> list[str]:
    """Each certificate status other than valid, worst first, and an overdue assessment."""
    statuses = {
        certificate_status(c.kind, c.issued_on, c.expires_on, c.reviewed_on, day)
        for c in certificates
    } - {CertificateStatus.VALID}
    problems = [s.value for s in PROBLEM_ORDER if s in statuses]
    if assessment_is_overdue:
        problems.append(ASSESSMENT_OVERDUE)
    return problems
