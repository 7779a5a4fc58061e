"""The end of a proceeding: service, payment or reminder, closing, and the case closing after."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from inspect_app import clock
from inspect_app.audit.models import AuditEntry
from inspect_app.documents.models import Document
from inspect_app.extensions import db
from inspect_app.findings.models import RectificationOrder
from inspect_app.findings.reinspection import reinspect_order
from inspect_app.inspections.models import Inspection
from inspect_app.proceedings import execution
from inspect_app.proceedings.models import Proceeding
from inspect_app.storage import storage
from tests.pages import parse
from tests.proceedings.execution_helpers import decided
from tests.records.helpers import flat, pdf_text

BASE = "/inspections/{case}/proceedings/{p}"


@pytest.fixture
def english(client):
    client.set_cookie("lang", "en")
    return client


def url(p: Proceeding, step: str) -> str:
    return BASE.format(case=p.inspection_id, p=p.id) + f"/{step}"


def post(client, p: Proceeding, step: str, **fields):
    data = {f"{step}-{name}": value for name, value in fields.items()}
    data.setdefault(f"{step}-version", str(fresh(p).version))
    return client.post(url(p, step), data=data)


def fresh(p: Proceeding) -> Proceeding:
    db.session.expire_all()
    return db.session.get(Proceeding, p.id)


def errors(response) -> list[str]:
    page = parse(response)
    return [li.get_text(" ", strip=True) for li in page.select(".error-summary li")]


def serve(client, p, day=None, **fields):
    values = {"served_on": (day or clock.today()).isoformat(), "method": "direct"}
    values |= {"recipient": "顾建国"} | fields
    return post(client, p, "serve", **values)


def documents_of(p: Proceeding, kind: str) -> list[Document]:
    query = select(Document).where(Document.proceeding_id == p.id, Document.kind == kind)
    return list(db.session.scalars(query))


def ago(days: int) -> date:
    return clock.today() - timedelta(days=days)


# --- service -------------------------------------------------------------------------------


def test_serving_records_the_service_and_makes_the_receipt(world, english, login):
    p = decided(world)
    login(world.inspector_a)
    response = serve(english, p, method="left", recipient="顾建国")
    assert response.status_code == 302
    p = fresh(p)
    assert (p.status, p.served_on, p.service_method, p.served_to) == (
        "served",
        clock.today(),
        "left",
        "顾建国",
    )
    [receipt] = documents_of(p, "service_receipt")
    text = flat(pdf_text(storage().read(receipt.storage_key)))
    assert "文书送达回执" in text and "留置送达" in text and "顾建国" in text
    assert flat(p.penalty.decision_no) in text and "见证人" in text
    page = parse(english.get(response.headers["Location"]))
    step = page.find(id="step-service")
    assert "step-done" in step["class"] and "顾建国" in step.get_text()
    assert page.find("a", string=lambda s: s and receipt.number in s) is not None
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "serve_decision" in actions and "issue_document" in actions


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"served_on": "tomorrow"}, "The date cannot be in the future."),
        ({"served_on": "before"}, "The service cannot be before the decision date."),
        ({"method": "electronic"}, "Electronic service needs the party's written consent."),
        ({"method": "fax"}, "Method of service"),
        ({"recipient": " "}, "Enter the name of the recipient."),
    ],
)
def test_service_refusals(world, english, login, fields, message):
    p = decided(world, decided_on=ago(3))
    day = {"tomorrow": clock.today() + timedelta(days=1), "before": ago(4)}
    if fields.get("served_on") in day:
        fields = {**fields, "served_on": day[fields["served_on"]].isoformat()}
    login(world.inspector_a)
    response = serve(english, p, **fields)
    assert response.status_code == 422
    assert any(message in e for e in errors(response)), errors(response)
    assert fresh(p).status == "decided" and documents_of(p, "service_receipt") == []


def test_electronic_service_with_consent(world, english, login):
    p = decided(world)
    login(world.inspector_a)
    assert serve(english, p, method="electronic", consent="y").status_code == 302
    assert fresh(p).service_method == "electronic"


def test_late_service_is_recorded_with_a_warning(world, english, login):
    p = decided(world, decided_on=ago(10))
    login(world.inspector_a)
    page = parse(english.get(serve(english, p).headers["Location"]))
    warnings = [n.get_text(strip=True) for n in page.select(".notice-warning")]
    assert warnings == ["Served more than 7 days after the decision: the law allows 7."]
    assert fresh(p).status == "served"


def test_double_tap_makes_one_receipt_and_a_stale_form_is_refused(world, english, login):
    p = decided(world)
    login(world.inspector_a)
    version = str(fresh(p).version)
    first = serve(english, p, version=version)
    again = serve(english, p, version=version)
    assert first.status_code == again.status_code == 302
    assert len(documents_of(p, "service_receipt")) == 1
    other = serve(english, p, version=version, recipient="另一人")
    assert other.status_code == 422
    assert errors(other) == ["Only a decided proceeding can be served."]
    q = decided(world)
    stale = serve(english, q, version=str(fresh(q).version - 1))
    assert stale.status_code == 409 and fresh(q).status == "decided"


def test_only_inspectors_serve_and_only_in_their_region(world, english, login):
    p = decided(world)
    login(world.supervisor_a)
    assert serve(english, p).status_code == 403
    english.post("/logout")
    login(world.inspector_b)
    assert serve(english, p).status_code == 404
    assert fresh(p).status == "decided"


def test_a_proceeding_not_yet_decided_cannot_be_served(world, english, login):
    p = decided(world)
    p.status = "notified"
    db.session.commit()
    login(world.inspector_a)
    response = serve(english, p)
    assert response.status_code == 422
    assert errors(response) == ["Only a decided proceeding can be served."]


# --- payment and reminder ------------------------------------------------------------------


def served(world, client, login, fine=5000, decided_days=2, served_days=1, **kwargs):
    p = decided(world, fine=fine, decided_on=ago(decided_days), **kwargs)
    login(world.inspector_a)
    assert serve(client, p, day=ago(served_days)).status_code == 302
    return fresh(p)


def test_payment_of_the_whole_fine(world, english, login):
    p = served(world, english, login)
    response = post(english, p, "payment", paid_on=clock.today().isoformat(), amount="5,000")
    assert response.status_code == 302
    p = fresh(p)
    assert (p.paid_on, p.paid_yuan, p.status) == (clock.today(), 5000, "served")
    page = parse(english.get(response.headers["Location"]))
    assert page.find(id="payment-form") is None and page.find(id="reminder-form") is None


def test_partial_payment_and_bad_dates_are_refused(world, english, login):
    p = served(world, english, login)
    partial = post(english, p, "payment", paid_on=clock.today().isoformat(), amount="2000")
    assert partial.status_code == 422
    expected = "Enter the whole fine of 5000 yuan: partial payments are not taken."
    assert errors(partial) == [expected]
    early = post(english, p, "payment", paid_on=ago(5).isoformat(), amount="5000")
    assert errors(early) == ["The payment cannot be before the service."]
    assert fresh(p).paid_on is None


def test_no_fine_no_payment(world, english, login):
    p = served(world, english, login, fine=0)
    response = post(english, p, "payment", paid_on=clock.today().isoformat(), amount="0")
    assert errors(response) == ["This decision imposes no fine: there is nothing to pay."]
    page = parse(english.get(url(p, "execution")))
    assert "No fine" in page.find(id="step-payment").get_text()


def test_late_payment_penalty():
    due = date(2026, 1, 1)
    assert execution.late_payment(10000, due, due) == (0, Decimal("0.00"))
    assert execution.late_payment(10000, due, date(2026, 1, 11)) == (10, Decimal("3000.00"))
    assert execution.late_payment(1234, due, date(2026, 1, 2)) == (1, Decimal("37.02"))
    assert execution.late_payment(10000, due, date(2026, 3, 1)) == (59, Decimal("10000.00"))


def test_reminder_after_the_time_to_pay(world, english, login):
    p = served(world, english, login, fine=20000, decided_days=30, served_days=25)
    due = ago(25) + timedelta(days=15)
    page = parse(english.get(url(p, "execution")))
    assert page.find(id="reminder-form") is not None
    response = post(english, p, "reminder")
    assert response.status_code == 302
    [notice] = documents_of(p, "payment_reminder")
    assert notice.content["due"] == due.isoformat() and notice.content["days_late"] == 10
    assert notice.content["late_yuan"] == "6,000.00"
    assert notice.content["total_yuan"] == "26,000.00"
    text = flat(pdf_text(storage().read(notice.storage_key)))
    assert "罚款催缴通知书" in text and "6,000.00" in text and "强制执行" in text
    assert fresh(p).reminded_on == clock.today()
    again = post(english, p, "reminder", version=str(fresh(p).version - 1))
    assert again.status_code == 302 and len(documents_of(p, "payment_reminder")) == 1


def test_reminder_caps_the_late_payment_penalty_at_the_fine(world, english, login):
    p = served(world, english, login, fine=1000, decided_days=80, served_days=70)
    assert post(english, p, "reminder").status_code == 302
    [notice] = documents_of(p, "payment_reminder")
    assert notice.content["late_yuan"] == "1,000.00" and notice.content["late_capped"]


def test_no_reminder_before_the_fine_is_due(world, english, login):
    p = served(world, english, login)
    response = post(english, p, "reminder")
    assert response.status_code == 422
    assert errors(response) == ["The time to pay has not run out yet."]


# --- closing -------------------------------------------------------------------------------


def close(client, p, ground="executed", **fields):
    return post(client, p, "close", ground=ground, **fields)


def paid(world, client, login, **kwargs):
    p = served(world, client, login, **kwargs)
    day = clock.today().isoformat()
    assert post(client, p, "payment", paid_on=day, amount=str(p.penalty.fine_yuan)).status_code
    client.post("/logout")
    return fresh(p)


def test_a_supervisor_closes_a_paid_proceeding(world, english, login):
    p = paid(world, english, login)
    login(world.supervisor_a)
    response = close(english, p, opinion="同意结案。")
    assert response.status_code == 302
    p = fresh(p)
    assert (p.status, p.closed_on) == ("closed", clock.today())
    assert p.closed_by_id == world.supervisor_a.id
    [approval] = documents_of(p, "closing_approval")
    text = flat(pdf_text(storage().read(approval.storage_key)))
    assert "结案审批表" in text and "同意结案" in text and "5,000" in text
    assert flat(p.penalty.decision_no) in text and "处罚决定已执行完毕" in text
    assert close(english, p).status_code == 302  # a double tap
    assert len(documents_of(p, "closing_approval")) == 1


def test_closing_refusals(world, english, login):
    p = served(world, english, login)
    assert close(english, p).status_code == 403  # an inspector
    english.post("/logout")
    login(world.supervisor_a)
    unpaid = close(english, p)
    assert errors(unpaid) == ["The fine has not been paid."]
    no_reason = close(english, p, ground="enforcement")
    assert errors(no_reason) == ["Give the reason for closing on this ground."]
    not_reminded = close(english, p, ground="enforcement", reason="逾期未缴纳")
    expected = "Enforcement is applied for only after an unpaid fine has been reminded."
    assert errors(not_reminded) == [expected]
    stale = close(english, p, ground="other", reason="x", version=str(fresh(p).version - 1))
    assert stale.status_code == 409 and fresh(p).status == "served"


def test_enforcement_after_a_reminder(world, english, login):
    p = served(world, english, login, decided_days=30, served_days=25)
    assert post(english, p, "reminder").status_code == 302
    english.post("/logout")
    login(world.supervisor_a)
    response = close(english, p, ground="enforcement", reason="已申请人民法院强制执行")
    assert response.status_code == 302 and fresh(p).status == "closed"


def test_no_fine_closes_once_served(world, english, login):
    p = served(world, english, login, fine=0)
    english.post("/logout")
    login(world.supervisor_a)
    assert close(english, p).status_code == 302 and fresh(p).status == "closed"


# --- the case closes after its proceedings -------------------------------------------------


def rectify_all(case, user, app):
    with app.test_request_context():
        query = select(RectificationOrder).filter_by(inspection_id=case.id)
        for order in db.session.scalars(query):
            reinspect_order(order, user, "rectified", "已整改", None)
    db.session.commit()


def test_the_case_closes_only_after_its_proceedings(app, world, english, login):
    p = paid(world, english, login)
    case = db.session.get(Inspection, p.inspection_id)
    second = decided(world, case=case)
    second.status = "refused"  # a refused filing does not keep the case open
    db.session.commit()
    rectify_all(case, world.inspector_a, app)
    assert db.session.get(Inspection, case.id).status == "rectifying"
    login(world.supervisor_a)
    assert close(english, p).status_code == 302
    assert db.session.get(Inspection, case.id).status == "closed"


def test_an_unrectified_order_keeps_the_case_open(world, english, login):
    p = paid(world, english, login)
    login(world.supervisor_a)
    assert close(english, p).status_code == 302
    assert db.session.get(Inspection, p.inspection_id).status == "rectifying"


def test_a_case_without_orders_closes_with_its_last_proceeding(world, english, login):
    p = paid(world, english, login, orders=0)
    case = db.session.get(Inspection, p.inspection_id)
    other = decided(world, case=case)
    login(world.supervisor_a)
    assert case.status == "issued"
    assert close(english, p).status_code == 302
    assert db.session.get(Inspection, case.id).status == "issued"  # `other` is still open
    response = close(english, other, ground="other", reason="当事人已注销，终止执行")
    assert response.status_code == 302
    assert db.session.get(Inspection, case.id).status == "closed"


def test_the_case_closes_at_the_last_reinspection_once_its_proceedings_are_closed(
    app, world, english, login
):
    p = paid(world, english, login)
    login(world.supervisor_a)
    assert close(english, p).status_code == 302
    case = db.session.get(Inspection, p.inspection_id)
    assert case.status == "rectifying"
    rectify_all(case, world.inspector_a, app)
    assert db.session.get(Inspection, case.id).status == "closed"


def test_documents_print_rare_name_characters(world, english, login):
    p = decided(world)
    login(world.inspector_a)
    assert serve(english, p, recipient="王䶮喆").status_code == 302
    [receipt] = documents_of(p, "service_receipt")
    assert "王䶮喆" in flat(pdf_text(storage().read(receipt.storage_key)))


def test_the_panel_offers_each_role_its_steps(world, english, login):
    p = decided(world)
    login(world.inspector_a)
    page = parse(english.get(url(p, "execution")))
    assert page.find(id="serve-form") is not None and page.find(id="close-form") is None
    english.post("/logout")
    login(world.supervisor_a)
    page = parse(english.get(url(p, "execution")))
    assert page.find(id="serve-form") is None and page.find(id="close-form") is not None
