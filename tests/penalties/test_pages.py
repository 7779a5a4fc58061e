"""The penalty pages: list, form, errors kept next to fields, double taps, stale edits, revoking."""

import pytest
from sqlalchemy import func, select

from inspect_app import clock
from inspect_app.audit.models import AuditEntry
from inspect_app.extensions import db
from inspect_app.findings.models import Finding
from inspect_app.inspections.models import Revision
from inspect_app.penalties.models import Penalty
from tests import factories
from tests.pages import parse

FORM = {
    "party": "unit",
    "person_name": "",
    "violation": "培训记录不真实",
    "basis_code": "TR-29",
    "fine_yuan": "20,000",
    "measures": ["order_correction"],
    "decision_no": "",
    "decision_date": "",
    "client_key": "key-0000000000001",
}


def _url(case, tail: str = "") -> str:
    return f"/inspections/{case.id}/penalties{tail}"


def _penalties() -> list[Penalty]:
    return list(db.session.scalars(select(Penalty).order_by(Penalty.id)))


def _actions() -> list[str]:
    query = select(AuditEntry.action).where(AuditEntry.entity == "Penalty").order_by(AuditEntry.id)
    return list(db.session.scalars(query))


@pytest.fixture
def inspector(english, world, login):
    login(world.inspector_a)
    return english


def _create(client, case, **changes):
    return client.post(_url(case, "/new"), data={**FORM, **changes})


def test_out_of_range_fine_shown_next_to_the_field_and_nothing_saved(inspector, case):
    response = _create(inspector, case, fine_yuan="9999", violation="我写的违法事实")
    assert response.status_code == 422
    soup = parse(response)
    error = soup.select_one("#fine_yuan-error").get_text()
    assert "10,000" in error and "30,000" in error and "第二十九条" in error
    assert soup.select_one("#fine_yuan")["value"] == "9999"
    assert soup.select_one("#violation").get_text().strip() == "我写的违法事实"
    assert soup.select_one(".error-summary a[href='#fine_yuan']") is not None
    assert soup.select_one("[data-basis-info=TR-29]").get("hidden") is None
    assert _penalties() == [] and _actions() == []


@pytest.mark.parametrize(
    ("typed", "words"),
    [("1.5", "whole yuan"), ("-100", "negative"), ("一万", "digits"), ("", "enter 0")],
)
def test_fine_that_is_not_whole_yuan_refused_with_a_message(inspector, case, typed, words):
    response = _create(inspector, case, fine_yuan=typed)
    assert response.status_code == 422
    assert words in parse(response).select_one("#fine_yuan-error").get_text()
    assert _penalties() == []


def test_person_without_a_name_refused(inspector, case):
    response = _create(inspector, case, party="person", basis_code="SAFL-94", fine_yuan="20000")
    assert response.status_code == 422
    assert "name" in parse(response).select_one("#party-error").get_text()
    assert _penalties() == []


def test_on_the_spot_limit_shown_on_the_form(inspector, case):
    data = {"basis_code": "SAFL-97-4", "fine_yuan": "3001", "on_the_spot": "y"}
    data |= {"decision_no": "当场 01", "decision_date": clock.today().isoformat()}
    response = _create(inspector, case, **data)
    assert response.status_code == 422
    assert "3,000" in parse(response).select_one("#fine_yuan-error").get_text()
    assert _create(inspector, case, **{**data, "fine_yuan": "3000"}).status_code == 302
    assert [p.procedure for p in _penalties()] == ["simple"]


def test_exam_measure_refused_for_a_production_unit(inspector, case):
    data = {
        "basis_code": "N274-EXAM",
        "fine_yuan": "0",
        "measures": ["exam_qualification_revocation"],
    }
    response = _create(inspector, case, **data)
    assert response.status_code == 422
    assert "exam" in parse(response).select_one("#measures-error").get_text()
    assert _penalties() == []


def test_double_tap_creates_one_penalty(inspector, case):
    first, second = _create(inspector, case), _create(inspector, case)
    assert first.status_code == second.status_code == 302
    assert len(_penalties()) == 1 and _actions() == ["impose_penalty"]


def test_saved_penalty_is_listed_with_basis_fine_and_measures(inspector, case):
    data = {"decision_no": "如应急罚〔2026〕7号", "decision_date": clock.today().isoformat()}
    response = _create(inspector, case, fine_yuan="12345", **data)
    assert response.headers["Location"].endswith(f"#penalty-{_penalties()[0].id}")
    item = parse(inspector.get(_url(case))).select_one(".penalty")
    text = item.get_text(" ", strip=True)
    assert "12,345" in text and "第二十九条" in text and "Order to correct" in text
    assert "如应急罚〔2026〕7号" in text and clock.today().isoformat() in text
    assert item.select_one("a.button")["href"].endswith(f"/penalties/{_penalties()[0].id}/edit")


def test_unlisted_measure_saved_with_a_note(inspector, case):
    response = _create(inspector, case, measures=["police_referral"])
    assert response.status_code == 302
    notes = parse(inspector.get(_url(case))).select(".notice-info")
    assert "Referral to the police" in notes[0].get_text()


def test_show_basis_without_javascript_saves_nothing(inspector, case):
    response = _create(inspector, case, basis_code="SOR-41-1", show_basis="1", fine_yuan="")
    assert response.status_code == 200
    soup = parse(response)
    panel = soup.select_one("[data-basis-info=SOR-41-1]")
    assert panel.get("hidden") is None and "1,000" in panel.get_text()
    assert len(soup.select(".penalty-basis:not([hidden])")) == 1
    assert soup.select_one(".error-summary") is None and _penalties() == []


def test_finding_fills_the_violation_and_suggests_its_primary_basis(inspector, case, world):
    finding = Finding(
        inspection_id=case.id,
        item_code="PU-3",
        description="新员工未经三级安全教育即上岗",
        client_key="finding-key-1",
        created_by_id=world.inspector_a.id,
    )
    db.session.add(finding)
    db.session.commit()
    soup = parse(inspector.get(_url(case, f"/new?finding={finding.id}")))
    assert soup.select_one("#violation").get_text().strip() == "新员工未经三级安全教育即上岗"
    assert soup.select_one("#basis_code option[selected]")["value"] == "SAFL-97-3"


def test_edit_changes_the_penalty_and_audits_what_changed(inspector, case):
    _create(inspector, case)
    penalty = _penalties()[0]
    data = {**FORM, "fine_yuan": "25000", "version": str(penalty.version)}
    assert inspector.post(_url(case, f"/{penalty.id}/edit"), data=data).status_code == 302
    assert _penalties()[0].fine_yuan == 25000
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "update_penalty")
    ).one()
    assert entry.details["changes"] == {"fine_yuan": [20000, 25000]}


def test_stale_edit_refused_and_nothing_overwritten(inspector, case):
    _create(inspector, case)
    penalty = _penalties()[0]
    edit = _url(case, f"/{penalty.id}/edit")
    newer = {**FORM, "fine_yuan": "25000", "version": "1"}
    assert inspector.post(edit, data=newer).status_code == 302
    stale = {**FORM, "fine_yuan": "30000", "version": "1"}
    response = inspector.post(edit, data=stale)
    assert response.status_code == 409
    assert "changed this" in parse(response).select_one(".error-summary").get_text()
    assert parse(response).select_one("#fine_yuan")["value"] == "30000"
    assert _penalties()[0].fine_yuan == 25000


def test_revoke_keeps_the_row_and_marks_it(inspector, case):
    _create(inspector, case)
    _create(inspector, case, client_key="key-0000000000002", fine_yuan="10000")
    penalty = _penalties()[0]
    revoke = _url(case, f"/{penalty.id}/revoke")
    refused = inspector.post(revoke, data={"version": penalty.version, "reason": " "})
    assert refused.status_code == 422 and _penalties()[0].revoked_at is None
    assert parse(refused).select_one("#revoke-reason-error") is not None
    data = {"version": penalty.version, "reason": "当事人已在规定期限内改正，经集体讨论撤销"}
    assert inspector.post(revoke, data=data).status_code == 302
    kept = _penalties()[0]
    assert kept.revoked_at is not None and kept.revoke_reason.startswith("当事人")
    soup = parse(inspector.get(_url(case)))
    revoked = soup.select_one(f"#penalty-{kept.id}")
    assert "penalty-revoked" in revoked["class"] and revoked.select_one(".badge-revoked")
    assert revoked.select_one("a.button") is None
    assert "10,000" in soup.select_one(".penalty-total").get_text()
    assert _actions() == ["impose_penalty", "impose_penalty", "revoke_penalty"]
    edit = inspector.post(_url(case, f"/{kept.id}/edit"), data={**FORM, "version": "2"})
    assert edit.status_code == 302 and _penalties()[0].fine_yuan == 20000


def test_issued_record_needs_a_reason_and_makes_no_revision(inspector, case):
    _create(inspector, case)
    case.status = "issued"
    db.session.commit()
    penalty = _penalties()[0]
    data = {**FORM, "fine_yuan": "15000", "version": str(penalty.version)}
    edit = _url(case, f"/{penalty.id}/edit")
    response = inspector.post(edit, data=data)
    assert response.status_code == 422 and _penalties()[0].fine_yuan == 20000
    assert inspector.post(edit, data={**data, "reason": "罚款金额笔误"}).status_code == 302
    revisions = list(db.session.scalars(select(Revision.reason)))  # not part of the record
    assert revisions == [] and _penalties()[0].fine_yuan == 15000


def test_supervisor_reads_but_cannot_change(english, login, world, case, impose):
    penalty = impose(case)
    db.session.commit()
    login(world.supervisor_a)
    soup = parse(english.get(_url(case)))
    assert soup.select_one(".penalty") is not None
    assert soup.select("a[href*='/new'], a[href*='/edit']") == []
    assert english.get(_url(case, "/new")).status_code == 403
    assert english.post(_url(case, "/new"), data=FORM).status_code == 403
    assert english.post(_url(case, f"/{penalty.id}/edit"), data=FORM).status_code == 403
    revoke = {"version": "1", "reason": "x"}
    assert english.post(_url(case, f"/{penalty.id}/revoke"), data=revoke).status_code == 403
    assert len(_penalties()) == 1 and _penalties()[0].revoked_at is None


def test_out_of_scope_cases_and_other_cases_penalties_are_404(inspector, world, case, impose):
    other_town = impose(
        world.inspection_b, user=world.inspector_b, basis_code="TR-29", fine_yuan=10000
    )
    db.session.commit()
    for tail in ("", "/new", f"/{other_town.id}/edit"):
        assert inspector.get(_url(world.inspection_b, tail)).status_code == 404
    assert inspector.post(_url(world.inspection_b, "/new"), data=FORM).status_code == 404
    second_case = factories.make_inspection(world)
    elsewhere = impose(second_case)
    db.session.commit()
    assert inspector.get(_url(case, f"/{elsewhere.id}/edit")).status_code == 404
    revoke = {"version": "1", "reason": "x"}
    assert inspector.post(_url(case, f"/{elsewhere.id}/revoke"), data=revoke).status_code == 404
    count = select(func.count()).select_from(Penalty)
    assert db.session.scalar(count) == 2
