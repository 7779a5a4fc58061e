"""The proceeding pages: opening from findings, approval by a supervisor, the steps' forms."""

from sqlalchemy import func, select

from inspect_app.audit.models import AuditEntry
from inspect_app.documents.models import Document
from inspect_app.extensions import db
from inspect_app.proceedings.models import Proceeding, ProceedingStatus
from tests.pages import parse
from tests.proceedings.conftest import FORM, findings_of


def _url(case, tail: str = "") -> str:
    return f"/inspections/{case.inspection.id}/proceedings{tail}"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _form(case, **changes) -> dict:
    finding = findings_of(case)[0]
    return {**FORM, "findings": [str(finding.id)], "photo_ids": [str(case.photos[0].id)], **changes}


def test_new_page_preselects_the_findings_of_the_link_and_fills_the_facts(
    english, login, world, case
):
    login(world.inspector_a)
    first, second = findings_of(case)
    page = parse(english.get(_url(case, f"/new?finding={first.id}&finding={second.id}")))
    checked = {box["value"] for box in page.select("input[name=findings][checked]")}
    assert checked == {str(first.id), str(second.id)}
    facts = page.select_one("#facts").get_text()
    assert first.description in facts and second.description in facts
    assert page.select_one("#basis_code option[value=SAFL-97-4]") is not None


def test_opening_twice_with_one_client_key_makes_one_proceeding(english, login, world, case):
    login(world.inspector_a)
    first = english.post(_url(case, "/new"), data=_form(case))
    second = english.post(_url(case, "/new"), data=_form(case))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    proceeding = db.session.scalar(select(Proceeding))
    assert proceeding.status == ProceedingStatus.REQUESTED and _count(Proceeding) == 1
    assert [p.id for p in proceeding.evidence] == [case.photos[0].id]
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "Proceeding"))
    assert list(actions) == ["open_proceeding"]


def test_fine_outside_the_range_of_the_basis_is_refused_next_to_the_field(
    english, login, world, case
):
    login(world.inspector_a)
    response = english.post(_url(case, "/new"), data=_form(case, fine_yuan="150000"))
    assert response.status_code == 422
    assert "100,000" in parse(response).select_one("#fine_yuan-error").get_text()
    assert _count(Proceeding) == 0


def test_supervisor_approves_and_the_inspector_may_not(english, login, world, case, steps):
    p = steps.open()
    login(world.inspector_a)
    url = _url(case, f"/{p.id}/approve")
    assert english.post(url, data={"filing-version": p.version}).status_code == 403
    english.post("/logout")
    login(world.supervisor_a)
    page = parse(english.get(_url(case, f"/{p.id}")))
    assert page.select_one("#step-filing form") is not None
    response = english.post(url, data={"filing-version": p.version, "filing-opinion": "同意立案"})
    assert response.status_code == 302
    db.session.expire_all()
    p = db.session.get(Proceeding, p.id)
    approval = db.session.scalar(select(Document).where(Document.kind == "filing_approval"))
    assert p.status == ProceedingStatus.FILED and p.number == approval.number
    assert approval.content["approver"]["opinion"] == "同意立案"


def test_refusal_needs_a_reason(english, login, world, case, steps):
    p = steps.open()
    login(world.supervisor_a)
    url = _url(case, f"/{p.id}/refuse")
    response = english.post(url, data={"filing-version": p.version})
    assert response.status_code == 422
    assert "reason" in parse(response).select_one("#filing-reason-error").get_text()
    assert (
        english.post(
            url, data={"filing-version": p.version, "filing-reason": "证据不足"}
        ).status_code
        == 302
    )
    db.session.expire_all()
    p = db.session.get(Proceeding, p.id)
    assert (
        p.status == ProceedingStatus.REFUSED and p.refusal_reason == "证据不足" and p.number is None
    )


def test_stale_version_is_refused(english, login, world, case, steps):
    p = steps.file()
    login(world.inspector_a)
    response = english.post(_url(case, f"/{p.id}/notice"), data={"notice-version": p.version - 1})
    assert response.status_code == 409
    assert "Someone else changed this" in parse(response).select_one(".error-summary").get_text()
    assert db.session.get(Proceeding, p.id).status == ProceedingStatus.FILED


def test_step_in_the_wrong_status_is_refused(english, login, world, case, steps):
    p = steps.open()
    login(world.inspector_a)
    response = english.post(_url(case, f"/{p.id}/notice"), data={"notice-version": p.version})
    assert response.status_code == 409
    assert db.session.get(Proceeding, p.id).status == ProceedingStatus.REQUESTED


def test_evidence_is_linked_and_unlinked_while_filed(english, login, world, case, steps):
    p = steps.file()
    login(world.inspector_a)
    add = _url(case, f"/{p.id}/evidence")
    data = {"evidence-version": p.version, "evidence-photo_ids": [str(case.photos[1].id)]}
    assert english.post(add, data=data).status_code == 302
    db.session.expire_all()
    assert [x.id for x in db.session.get(Proceeding, p.id).evidence] == [x.id for x in case.photos]
    remove = _url(case, f"/{p.id}/evidence/{case.photos[0].id}/remove")
    assert english.post(remove, data={"evidence-version": p.version}).status_code == 302
    db.session.expire_all()
    assert [x.id for x in db.session.get(Proceeding, p.id).evidence] == [case.photos[1].id]


def test_page_lists_steps_documents_and_the_case_page_links_it(english, login, world, case, steps):
    p = steps.notify()
    login(world.inspector_a)
    page = parse(english.get(_url(case, f"/{p.id}")))
    states = {li["id"]: li["data-state"] for li in page.select(".proceeding-step")}
    assert states["step-filing"] == states["step-notice"] == "done"
    assert states["step-decision"] == "next" and states["step-discussion"] == "skipped"
    links = [a["href"] for a in page.select(".proceeding-documents a")]
    assert len(links) == 2 and all(link.endswith(".pdf") for link in links)
    assert english.get(links[0]).status_code == 200
    case_page = parse(english.get(f"/inspections/{case.inspection.id}"))
    assert case_page.select_one(f"#proceedings a[href='{_url(case, f'/{p.id}')}']") is not None


def test_supervisor_may_not_take_the_inspectors_steps(english, login, world, case, steps):
    p = steps.notify()
    login(world.supervisor_a)
    data = {"decision-version": p.version, "decision-fine_yuan": "30000"}
    assert english.post(_url(case, f"/{p.id}/decision"), data=data).status_code == 403
    page = parse(english.get(_url(case, f"/{p.id}")))
    assert page.select("#step-decision form") == []


def test_decision_form_refuses_a_date_within_the_statement_period(
    english, login, world, case, steps
):
    p = steps.notify()
    login(world.inspector_a)
    page = parse(english.get(_url(case, f"/{p.id}")))
    form = page.select_one("#step-decision form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    data["decision-measures"] = ["order_correction"]
    response = english.post(form["action"], data=data)
    assert response.status_code == 422
    error = parse(response).select_one("#decision-decided_on-error").get_text()
    assert p.statement_due.isoformat() in error
    assert db.session.get(Proceeding, p.id).status == ProceedingStatus.NOTIFIED
