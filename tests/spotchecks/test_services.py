"""Spot-check rules: result from shown, number and status on the inspection date; findings."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from inspect_app import clock
from inspect_app.audit.models import AuditEntry
from inspect_app.extensions import db
from inspect_app.findings.models import Finding
from inspect_app.findings.queries import proposed_findings
from inspect_app.inspections.errors import StaleEdit
from inspect_app.spotchecks import services
from inspect_app.spotchecks.models import CertificateCheck
from inspect_app.subjects.rules import add_years
from tests import factories

pytestmark = pytest.mark.usefixtures("request_ctx")


def _record(case, world, person, certificate=None, shown=True, matches=True, **extra):
    arguments = {
        "certificate_id": certificate.id if certificate else None,
        "shown": shown,
        "number_matches": matches if shown else None,
        "platform_verified": False,
        "note": "",
        "version": None,
        "reason": None,
    }
    arguments.update(extra)
    check = services.record_certificate_check(
        case.inspection, world.inspector_a, person, **arguments
    )
    db.session.commit()
    return check


def _certificate(person, status: str, day: date, kind: str = "welding"):
    """A certificate of `kind` with the given status on `day`."""
    if status == "expiring":
        dates = {"issued_on": add_years(day, -5), "expires_on": day + timedelta(days=30)}
        dates["reviewed_on"] = day - timedelta(days=100)
    elif status == "expired":
        dates = {"issued_on": add_years(day, -6), "expires_on": day - timedelta(days=1)}
    elif status == "review_overdue":
        dates = {"issued_on": day - timedelta(days=4 * 365), "expires_on": day + timedelta(900)}
    else:
        dates = {"issued_on": day - timedelta(days=300), "expires_on": day + timedelta(days=900)}
    certificate = factories.make_certificate(person, kind=kind, **dates)
    assert certificate.status_on(day) == status
    return certificate


@pytest.mark.parametrize(
    ("shown", "matches", "status", "result", "problems"),
    [
        (True, True, "valid", "pass", []),
        (True, True, "expiring", "pass", []),
        (True, False, "valid", "fail", ["number_mismatch"]),
        (False, None, "valid", "fail", ["not_shown"]),
        (True, True, "expired", "fail", ["expired"]),
        (True, True, "review_overdue", "fail", ["review_overdue"]),
        (False, None, "expired", "fail", ["not_shown", "expired"]),
    ],
)
def test_result_from_shown_number_and_status(world, case, shown, matches, status, result, problems):
    certificate = _certificate(case.welder, status, case.inspection_day)
    check = _record(case, world, case.welder, certificate, shown=shown, matches=matches)
    assert (check.status, check.result, check.problems) == (status, result, problems)
    assert check.number_matches is (matches if shown else None)


def test_special_operator_without_certificate_fails(world, case):
    check = _record(case, world, case.welder, None, shown=False)
    assert (check.certificate_id, check.status, check.result) == (None, None, "fail")
    assert check.problems == ["no_certificate"]


def test_special_operator_needs_a_special_operation_certificate(world, case):
    assessment = _certificate(case.welder, "valid", case.inspection_day, "safety_assessment")
    check = _record(case, world, case.welder, assessment)
    assert (check.status, check.result, check.problems) == ("valid", "fail", ["wrong_kind"])


def test_high_risk_principal_is_checked_against_the_assessment_certificate(world, case):
    world.subject_a.high_risk = True
    electrician = _certificate(case.principal, "valid", case.inspection_day, "electrician")
    assert _record(case, world, case.principal, electrician).problems == ["wrong_kind"]
    assessment = _certificate(case.principal, "valid", case.inspection_day, "safety_assessment")
    check = _record(case, world, case.principal, assessment, version=1)
    assert (check.result, check.certificate_id) == ("pass", assessment.id)


def test_principal_of_an_ordinary_unit_may_show_any_certificate(world, case):
    electrician = _certificate(case.principal, "valid", case.inspection_day, "electrician")
    assert _record(case, world, case.principal, electrician).result == "pass"


def test_status_is_taken_on_the_inspection_date_in_china_time(world, case):
    # 2026-11-19 23:30 UTC is already 2026-11-20 in China: a certificate good through
    # 2026-11-19 has expired on the inspection date.
    case.inspection.started_at = datetime(2026, 11, 19, 16, 30, tzinfo=UTC)
    certificate = factories.make_certificate(
        case.welder, kind="welding", issued_on=date(2020, 11, 20), expires_on=date(2026, 11, 19)
    )
    assert _record(case, world, case.welder, certificate).status == "expired"


def test_expired_on_the_inspection_date_though_valid_today(world, case):
    today = clock.today()
    certificate = _certificate(case.welder, "valid", today)
    case.inspection.started_at = datetime.combine(add_years(today, 5), datetime.min.time(), UTC)
    check = _record(case, world, case.welder, certificate)
    assert (check.status, check.result) == ("expired", "fail")


def test_valid_on_the_inspection_date_though_expired_today(world, case):
    certificate = factories.make_certificate(
        case.welder, kind="welding", issued_on=date(2019, 1, 1), expires_on=date(2021, 1, 1)
    )
    assert certificate.status_on(clock.today()) == "expired"
    case.inspection.started_at = datetime(2020, 6, 1, 2, 0, tzinfo=UTC)
    check = _record(case, world, case.welder, certificate)
    assert (check.status, check.result) == ("valid", "pass")


def test_certificate_of_another_person_is_refused(world, case):
    other = _certificate(case.principal, "valid", case.inspection_day, "electrician")
    with pytest.raises(services.CertificateNotOfPerson):
        _record(case, world, case.welder, other)


def test_person_of_another_subject_is_refused(world, case):
    with pytest.raises(services.PersonNotInCase):
        _record(case, world, world.person_b, world.certificate_b)


def test_shown_needs_a_certificate_and_a_number_answer(world, case):
    with pytest.raises(services.CheckIncomplete):
        _record(case, world, case.welder, None, shown=True)
    with pytest.raises(services.CheckIncomplete):
        _record(case, world, case.welder, case.welding, shown=True, matches=None)


def test_one_check_per_person_updated_at_its_version(world, case):
    first = _record(case, world, case.welder, case.welding, matches=False)
    again = _record(case, world, case.welder, case.welding, matches=True, version=first.version)
    assert again.id == first.id and (again.result, again.version) == ("pass", 2)
    checks = db.session.scalars(select(CertificateCheck)).all()
    assert len(checks) == 1


def test_stale_version_is_refused_and_nothing_overwritten(world, case):
    _record(case, world, case.welder, case.welding, matches=False)
    _record(case, world, case.welder, case.welding, matches=True, version=1)
    with pytest.raises(StaleEdit):
        _record(case, world, case.welder, case.welding, shown=False, version=1)
    with pytest.raises(StaleEdit):  # a form opened before anyone had checked this person
        _record(case, world, case.welder, case.welding, shown=False, version=None)
    db.session.rollback()
    assert services.check_for(case.inspection, case.welder).result == "pass"


def test_double_tap_saves_once(world, case):
    _record(case, world, case.welder, case.welding)
    _record(case, world, case.welder, case.welding)
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("record_certificate_check") == 1


def test_audit_row_written(world, case):
    check = _record(case, world, case.welder, case.welding, note=" seen ")
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "record_certificate_check")
    )
    assert (entry.entity, entry.entity_id, entry.inspection_id) == (
        "CertificateCheck",
        check.id,
        case.inspection.id,
    )
    assert entry.user_id == world.inspector_a.id
    assert entry.details["result"] == "pass" and entry.details["note"] == "seen"


def test_proposed_findings_list_failed_checks_without_a_finding(world, case):
    expired = _certificate(case.welder, "expired", case.inspection_day)
    failed = _record(case, world, case.welder, expired)
    _record(case, world, case.worker, None, shown=False)  # an ordinary worker needs none
    electrician = _certificate(case.principal, "valid", case.inspection_day, "electrician")
    _record(case, world, case.principal, electrician)  # passes
    proposed = proposed_findings(case.inspection)
    assert [check.person.name for check, _text in proposed] == ["赵建华"]
    assert proposed[0][1] == (
        "Special operator 赵*华 (Welding and thermal cutting) was working without a valid "
        "certificate: certificate expired."
    )
    db.session.add(
        Finding(
            inspection_id=case.inspection.id,
            certificate_check_id=failed.id,
            description=proposed[0][1],
            client_key="finding-1",
            created_by_id=world.inspector_a.id,
        )
    )
    db.session.commit()
    assert proposed_findings(case.inspection) == []


def test_finding_text_for_special_operator_without_certificate(world, case):
    check = _record(case, world, case.welder, None, shown=False)
    assert services.finding_text(check) == (
        "Special operator 赵*华 was working without a valid certificate: no certificate."
    )


def test_add_person_on_site_with_certificate(world, case):
    data = {"name": "王海涛", "position": "special_operator", "id_number": None, "phone": ""}
    data["certificate"] = {"kind": "electrician", "number": "T9", "issued_on": date(2024, 5, 1)}
    data["client_key"] = "key-1"
    person = services.add_person_on_site(case.inspection, world.inspector_a, data)
    db.session.commit()
    assert person.subject_id == world.subject_a.id
    assert [(c.kind, c.expires_on) for c in person.certificates] == [
        ("electrician", date(2030, 5, 1))
    ]
    assert services.person_added_with_key(case.inspection, "key-1").id == person.id
    assert services.person_added_with_key(case.inspection, "key-2") is None
