"""Certificate status at the day boundaries, and the assessment flag."""

from datetime import date, timedelta

import pytest

from inspect_app.extensions import db
from inspect_app.subjects.queries import problem_summary
from inspect_app.subjects.rules import (
    EXPIRING_WITHIN_DAYS,
    CertificateStatus,
    add_months,
    certificate_status,
    default_expiry,
    needs_assessment,
    review_due,
)
from tests import factories

ISSUED = date(2022, 3, 1)
EVERYONE = 1000  # list and count every person with a problem
EXPIRES = date(2028, 3, 1)


def status(day, kind="electrician", reviewed=None, expires=EXPIRES):
    return certificate_status(kind, ISSUED, expires, reviewed, day)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (EXPIRES, CertificateStatus.EXPIRING),  # still good on its last day
        (EXPIRES + timedelta(days=1), CertificateStatus.EXPIRED),
        (EXPIRES - timedelta(days=60), CertificateStatus.EXPIRING),
        (EXPIRES - timedelta(days=61), CertificateStatus.VALID),
    ],
)
def test_expiry_boundaries(day, expected):
    assert status(day, reviewed=date(2025, 3, 1)) == expected


def test_review_due_three_years_after_issue_then_after_last_review():
    assert review_due(ISSUED, None) == date(2025, 3, 1)
    assert review_due(ISSUED, date(2025, 2, 10)) == date(2028, 2, 10)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 3, 1), CertificateStatus.VALID),  # due day itself is not yet overdue
        (date(2025, 3, 2), CertificateStatus.REVIEW_OVERDUE),
    ],
)
def test_review_boundary_for_special_operations(day, expected):
    assert status(day) == expected


def test_reviewed_certificate_is_not_overdue():
    assert status(date(2025, 6, 1), reviewed=date(2025, 2, 20)) == CertificateStatus.VALID


def test_assessment_certificates_need_no_three_year_review():
    assert status(date(2026, 1, 1), kind="safety_assessment") == CertificateStatus.VALID


def test_expired_wins_over_review_overdue():
    assert status(EXPIRES + timedelta(days=1)) == CertificateStatus.EXPIRED


def test_special_operation_default_validity_is_six_years():
    assert default_expiry("welding", date(2020, 2, 29)) == date(2026, 2, 28)
    assert default_expiry("safety_assessment", ISSUED) is None


def test_add_months_clamps_to_month_end():
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2023, 11, 15), 3) == date(2024, 2, 15)


@pytest.fixture
def high_risk_principal(app):
    region = factories.make_region("R1")
    subject = factories.make_subject(region, industry="hazardous_chemicals")
    return factories.make_person(subject, position="principal", appointed_on=date(2024, 1, 15))


@pytest.mark.parametrize(
    ("position", "high_risk", "expected"),
    [
        ("principal", True, True),
        ("safety_manager", True, True),
        ("principal", False, False),
        ("special_operator", True, False),
        ("worker", True, False),
    ],
)
def test_only_managers_of_high_risk_units_need_the_assessment(position, high_risk, expected):
    assert needs_assessment(position, high_risk) is expected


def test_high_risk_principal_flagged_after_six_months(high_risk_principal):
    person = high_risk_principal
    assert person.assessment_deadline() == date(2024, 7, 15)
    assert not person.assessment_overdue_on(date(2024, 7, 15))
    assert person.assessment_overdue_on(date(2024, 7, 16))
    assert person.has_problem_on(date(2024, 7, 16))


def test_passed_assessment_clears_the_flag(high_risk_principal):
    person = high_risk_principal
    factories.make_certificate(
        person, kind="safety_assessment", issued_on=date(2024, 5, 1), expires_on=date(2027, 5, 1)
    )
    assert not person.assessment_overdue_on(date(2024, 9, 1))


def test_not_flagged_outside_high_risk_or_for_workers(app):
    region = factories.make_region("R2")
    ordinary = factories.make_subject(region, industry="manufacturing")
    principal = factories.make_person(ordinary, position="principal", appointed_on=date(2020, 1, 1))
    risky = factories.make_subject(region, industry="mining")
    worker = factories.make_person(risky, position="worker", appointed_on=date(2020, 1, 1))
    assert not principal.assessment_overdue_on(date(2025, 1, 1))
    assert not worker.assessment_overdue_on(date(2025, 1, 1))


def _boundary_days(person) -> set[date]:
    """The days on which this person's problems may change, and the days either side."""
    edges = set()
    for c in person.certificates:
        edges |= {c.issued_on, c.expires_on, c.expires_on - timedelta(days=EXPIRING_WITHIN_DAYS)}
        edges.add(review_due(c.issued_on, c.reviewed_on))
    if person.assessment_deadline():
        edges.add(person.assessment_deadline())
    return {edge + timedelta(days=step) for edge in edges for step in (-1, 0, 1)}


def test_problem_people_narrowed_in_sql_finds_exactly_whom_the_rules_flag(app):
    """The database narrows the people to candidates; on every day where a certificate, a
    review or an assessment turns, the list equals the rules applied to everyone."""
    region = factories.make_region("R3")
    risky = factories.make_subject(region, industry="mining")
    ordinary = factories.make_subject(region, industry="manufacturing")
    people = [
        factories.make_person(risky, position="principal", appointed_on=date(2023, 8, 31)),
        factories.make_person(risky, position="principal", appointed_on=date(2022, 8, 31)),
        factories.make_person(risky, position="safety_manager", appointed_on=date(2024, 2, 29)),
        factories.make_person(ordinary, position="principal", appointed_on=date(2023, 8, 31)),
    ]
    factories.make_certificate(
        people[1],
        kind="safety_assessment",
        issued_on=date(2024, 9, 30),
        expires_on=date(2027, 9, 30),
    )
    for issued, reviewed, kind in (
        (date(2021, 2, 28), None, "electrician"),
        (date(2020, 2, 29), date(2024, 2, 29), "welding"),
        (date(2022, 8, 31), None, "work_at_height"),
        (date(2022, 8, 31), None, "safety_assessment"),
    ):
        holder = factories.make_person(ordinary)
        factories.make_certificate(holder, kind=kind, issued_on=issued, reviewed_on=reviewed)
        people.append(holder)
    db.session.commit()
    days = set().union(*(_boundary_days(p) for p in people))
    assert len(days) > 30
    for day in sorted(days):
        expected = [p.id for p in sorted(people, key=lambda p: p.id) if p.problems_on(day)]
        found = [
            item.person_id for item in problem_summary([region.id], day, EVERYONE, EVERYONE).people
        ]
        assert sorted(found) == expected, day
    assert any(problem_summary([region.id], day, EVERYONE, EVERYONE).count for day in days)
