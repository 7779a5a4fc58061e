"""Rectification orders, overdue display, changes to issued records, and who may do what."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.findings import services
from inspect_app.findings.models import Finding, RectificationOrder
from inspect_app.inspections.errors import CaseError
from inspect_app.issuing.services import issue_record
from tests import factories
from tests.findings.helpers import audit_entry, count, non_compliant, textarea
from tests.inspections.helpers import make_ready
from tests.pages import parse
from tests.signatures.helpers import issue_correction


def day(offset: int) -> date:
    """make_inspection's inspection day (China Standard Time) plus `offset` days."""
    return factories.inspection_day() + timedelta(days=offset)


def _url(case, rest: str = "findings") -> str:
    return f"/inspections/{case.id}/{rest}"


def _finding(case, user, key: str = "f1", code: str = "PU-4") -> Finding:
    finding = services.record_finding(case, user, f"问题 {key}", code, client_key=key)
    db.session.commit()
    return finding


def _order_form(*findings, **overrides) -> dict:
    data = {
        "finding_ids": [str(f.id) for f in findings],
        "requirement": "7 日内补齐签到表和培训照片",
        "deadline": day(15).isoformat(),
        "client_key": "k-order-1",
    }
    data.update(overrides)
    return data


def _badge(client, case, order) -> str:
    page = parse(client.get(_url(case)))
    return page.select_one(f"#order-{order.id} .badge")["class"][1]


def test_order_form_defaults_and_issue(client, client_request, world, login):
    case = factories.make_inspection(world)
    first, second = _finding(case, world.inspector_a, "a"), _finding(case, world.inspector_a, "b")
    login(world.inspector_a)
    form = client_request.get(_url(case, "orders/new"))
    assert form.find(id="deadline")["value"] == day(15).isoformat()  # inspection date + 15 days
    assert day(0).isoformat() in form.find(id="deadline-hint").get_text()
    ticked = [i["value"] for i in form.select("input[name=finding_ids][checked]")]
    assert ticked == [str(first.id), str(second.id)]

    response = client.post(_url(case, "orders/new"), data=_order_form(first, second))
    assert response.status_code == 302
    order = db.session.scalar(select(RectificationOrder))
    assert [f.id for f in order.findings] == [first.id, second.id]
    assert order.deadline == day(15) and order.status == "open"
    assert response.headers["Location"].endswith(f"#order-{order.id}")
    entry = audit_entry(case, "issue_order")
    assert entry.details["findings"] == [first.id, second.id]
    assert entry.details["deadline"] == day(15).isoformat()


def test_double_tap_issues_one_order(client, world, login):
    case = factories.make_inspection(world)
    finding = _finding(case, world.inspector_a)
    login(world.inspector_a)
    for _ in range(2):
        assert client.post(_url(case, "orders/new"), data=_order_form(finding)).status_code == 302
    assert count(RectificationOrder, inspection_id=case.id) == 1


def test_order_needs_a_finding_of_the_same_case(client, world, login):
    case = factories.make_inspection(world)
    other = factories.make_inspection(world)
    own, foreign = _finding(case, world.inspector_a, "a"), _finding(other, world.inspector_a, "b")
    login(world.inspector_a)

    response = client.post(_url(case, "orders/new"), data=_order_form())
    assert response.status_code == 422
    assert parse(response).find(id="finding_ids-error").get_text(strip=True)

    response = client.post(_url(case, "orders/new"), data=_order_form(own, foreign))
    assert response.status_code == 422
    page = parse(response)
    assert page.find(id="finding_ids-error").get_text(strip=True)
    assert textarea(page, "requirement") == "7 日内补齐签到表和培训照片"
    assert count(RectificationOrder) == 0


def test_deadline_before_inspection_date_refused(client, world, login):
    case = factories.make_inspection(world)
    finding = _finding(case, world.inspector_a)
    login(world.inspector_a)
    response = client.post(
        _url(case, "orders/new"), data=_order_form(finding, deadline=day(-1).isoformat())
    )
    assert response.status_code == 422
    page = parse(response)
    assert day(0).isoformat() in page.find(id="deadline-error").get_text()
    assert page.find(id="deadline")["aria-invalid"] == "true"
    assert count(RectificationOrder) == 0
    same_day = _order_form(finding, deadline=day(0).isoformat())
    assert client.post(_url(case, "orders/new"), data=same_day).status_code == 302


def test_service_refuses_an_early_deadline_on_its_own(world, app):
    case = factories.make_inspection(world)
    finding = _finding(case, world.inspector_a)
    with pytest.raises(services.FieldError) as refused:
        services.issue_order(case, world.inspector_a, [finding.id], "整改", day(-1))
    assert refused.value.field == "deadline" and day(0).isoformat() in str(refused.value.message)
    db.session.rollback()
    assert count(RectificationOrder) == 0


def test_requirement_required(client, world, login):
    case = factories.make_inspection(world)
    finding = _finding(case, world.inspector_a)
    login(world.inspector_a)
    response = client.post(_url(case, "orders/new"), data=_order_form(finding, requirement=" "))
    assert response.status_code == 422
    assert parse(response).find(id="requirement-error") is not None
    assert count(RectificationOrder) == 0


def test_overdue_is_an_open_order_past_its_deadline_day(client, world, login, clock):
    case = factories.make_inspection(world)
    finding = _finding(case, world.inspector_a)
    deadline = day(15)
    order = services.issue_order(case, world.inspector_a, [finding.id], "整改", deadline, "k")
    db.session.commit()
    clock.set_today(deadline, time(23, 59))  # the last minute of the deadline day
    login(world.inspector_a)
    assert _badge(client, case, order) == "badge-open"
    clock.set_today(deadline + timedelta(days=1), time(0, 1))
    assert _badge(client, case, order) == "badge-overdue"

    order.status = "rectified"
    db.session.commit()
    assert _badge(client, case, order) == "badge-rectified"


def test_stale_order_edit_refused(client, client_request, world, login):
    case = factories.make_inspection(world)
    first, second = _finding(case, world.inspector_a, "a"), _finding(case, world.inspector_a, "b")
    login(world.inspector_a)
    client.post(_url(case, "orders/new"), data=_order_form(first))
    order = db.session.scalar(select(RectificationOrder))
    edit = _url(case, f"orders/{order.id}/edit")
    version = client_request.get(edit).find(id="version")["value"]

    changed = _order_form(first, second, version=version)
    assert client.post(edit, data=changed).status_code == 302
    db.session.expire_all()
    assert [f.id for f in order.findings] == [first.id, second.id]

    stale = client.post(
        edit, data=_order_form(first, version=version, deadline=day(30).isoformat())
    )
    assert stale.status_code == 409
    db.session.expire_all()
    assert order.deadline == day(15) and len(order.findings) == 2
    assert audit_entry(case, "update_order").details["before"]["findings"] == [first.id]


def test_reinspected_order_cannot_be_edited(world, app):
    case = factories.make_inspection(world)
    finding = _finding(case, world.inspector_a)
    order = services.issue_order(case, world.inspector_a, [finding.id], "整改", day(11))
    order.status = "rectified"
    db.session.commit()
    with pytest.raises(CaseError):
        services.update_order(order, world.inspector_a, [finding.id], "改", day(19), None)
    db.session.rollback()
    assert db.session.get(RectificationOrder, order.id).requirement == "整改"


def test_changes_to_an_issued_record_need_a_reason_and_make_a_revision(client, world, login):
    case = factories.make_inspection(world)
    make_ready(case, world.inspector_a)
    issue_record(case, world.inspector_a)
    db.session.commit()
    login(world.inspector_a)
    data = {"description": "补记：培训档案造假", "item_code": "PU-8", "client_key": "late"}
    data |= {"answer_seen": "PU-8", "answer_non_compliant": "y"}  # PU-8 was answered compliant

    refused = client.post(_url(case, "findings/new"), data=data)
    assert refused.status_code == 422
    assert parse(refused).select_one(".reason-field input[name=reason]") is not None
    assert count(Finding, inspection_id=case.id) == 0
    assert case.revision == 1

    saved = client.post(_url(case, "findings/new"), data={**data, "reason": "现场遗漏"})
    assert saved.status_code == 302
    db.session.expire_all()
    assert (case.revision, case.pending_correction) == (1, ["现场遗漏"])
    issue_correction(case, world.inspector_a)
    assert case.revision == 2
    revision = case.revisions[-1]
    assert revision.number == 2 and revision.reason == "现场遗漏"
    assert [f["description"] for f in revision.snapshot["findings"]] == ["补记：培训档案造假"]
    pu8 = next(i for i in revision.snapshot["checklist"] if i["code"] == "PU-8")
    assert (pu8["result"], pu8["note"]) == ("non_compliant", "补记：培训档案造假")


def test_first_order_on_an_issued_record_starts_rectifying(world, app):
    case = factories.make_inspection(world)
    make_ready(case, world.inspector_a)
    issue_record(case, world.inspector_a)
    finding = services.record_finding(
        case, world.inspector_a, "问题", "PU-4", reason="补记", answer_non_compliant=True
    )
    services.issue_order(case, world.inspector_a, [finding.id], "整改", day(11), "", "补")
    db.session.commit()
    assert case.status == "rectifying" and case.pending_correction == ["补记", "补"]
    issue_correction(case, world.inspector_a)
    assert case.revision == 2 and case.revisions[-1].reason == "补记；补"
    assert case.revisions[-1].snapshot["orders"][0]["deadline"] == day(11).isoformat()


def test_supervisor_reads_but_cannot_change(client, client_request, world, login):
    case = factories.make_inspection(world)
    non_compliant(case, world.inspector_a, "PU-4")
    finding = _finding(case, world.inspector_a, "a", "PU-5")
    login(world.supervisor_a)
    page = client_request.get(_url(case))
    assert page.find(id=f"finding-{finding.id}") is not None
    assert page.select(".suggestion") == [] and page.select("#findings .actions") == []
    assert client.get(_url(case, "findings/new")).status_code == 403
    assert client.post(_url(case, "findings/new"), data={"description": "x"}).status_code == 403
    edit = _url(case, f"findings/{finding.id}/edit")
    assert client.post(edit, data={"description": "x"}).status_code == 403
    assert client.post(_url(case, f"findings/{finding.id}/delete")).status_code == 403
    assert client.post(_url(case, "orders/new"), data=_order_form(finding)).status_code == 403
    assert count(Finding, inspection_id=case.id) == 1 and count(RectificationOrder) == 0


def test_out_of_scope_cases_and_rows_are_404(client, world, login):
    case = factories.make_inspection(world)
    own = _finding(case, world.inspector_a, "a")
    theirs = _finding(world.inspection_b, world.inspector_b, "b")
    login(world.inspector_a)
    assert client.get(_url(world.inspection_b)).status_code == 404
    assert client.post(_url(world.inspection_b, "findings/new")).status_code == 404
    assert client.get(_url(case, f"findings/{theirs.id}/edit")).status_code == 404
    other = factories.make_inspection(world)
    assert client.get(_url(other, f"findings/{own.id}/edit")).status_code == 404
