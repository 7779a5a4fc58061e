"""Certificate rules: categories, validity and review periods, derived status."""

import calendar
from datetime import date
from enum import StrEnum

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
