"""Re-inspection (复查) by the inspector: outcomes, penalties offered, the case closing."""

from inspect_app.audit.models import AuditEntry
from inspect_app.demo.media import jpeg
from inspect_app.extensions import db
from inspect_app.findings.models import OrderResponse
from tests.pages import parse
from tests.public.helpers import post_answer


def _url(case, order) -> str:
    return f"/inspections/{case.inspection.id}/orders/{order.id}/reinspect"


def _reinspect(client, case, order, outcome="rectified", note="现场复查：已整改到位", **extra):
    data = {"outcome": outcome, "note": note, "version": order.version, **extra}
    return client.post(_url(case, order), data=data)


def _actions(case) -> list[str]:
    query = db.session.query(AuditEntry.action).filter_by(inspection_id=case.inspection.id)
    return [a for (a,) in query.order_by(AuditEntry.id)]


def test_inspector_sees_the_answer_and_its_photos(client, client_request, case, world, login):
    order = case.orders[0]
    post_answer(client, case, order, code=case.code, photos=[jpeg(1)])
    login(world.inspector_a)
    listing = client_request.get(f"/inspections/{case.inspection.id}/findings")
    link = listing.select_one(f"#order-{order.id} .order-answered a")
    assert link["href"] == _url(case, order)
    page = client_request.get(link["href"])
    answer = page.select_one(".reinspect-answer")
    assert "已补齐培训档案" in answer.get_text()
    thumb = answer.select_one("img")["src"]
    assert thumb.startswith(f"/inspections/{case.inspection.id}/photos/")
    assert client.get(thumb).status_code == 200
    assert page.select_one(".public-awaiting")


def test_rectifying_the_last_order_closes_the_case(client, client_request, case, world, login):
    order = case.orders[0]
    login(world.inspector_a)
    response = _reinspect(client, case, order)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/inspections/{case.inspection.id}"
    db.session.refresh(case.inspection)
    assert case.inspection.status == "closed"
    assert order.status == "rectified" and order.reinspected_by_id == world.inspector_a.id
    assert order.reinspection_note == "现场复查：已整改到位" and order.reinspected_at
    assert _actions(case)[-3:] == ["reinspect_order", "issue_document", "close_case"]
    assert case.inspection.revision == 1  # no new revision, no reason asked
    public = client_request.get(case.url)
    assert public.select_one(".public-summary .status-closed")
    assert "现场复查：已整改到位" in public.select_one(".public-reinspection").get_text()
    assert not public.select("form.public-answer-form")


def test_not_rectified_keeps_the_case_open_and_offers_a_proceeding(
    client, client_request, two_orders, world, login
):
    case, (first, second) = two_orders, two_orders.orders
    login(world.inspector_a)
    response = _reinspect(client, case, first, "not_rectified", "培训档案仍未补齐")
    assert response.headers["Location"] == _url(case, first)
    page = client_request.get(_url(case, first))
    proceeding = page.select_one("a.open-proceeding")
    assert proceeding["href"].startswith(f"/inspections/{case.inspection.id}/proceedings/new")
    assert f"finding={first.findings[0].id}" in proceeding["href"]
    assert _reinspect(client, case, second).status_code == 302
    db.session.refresh(case.inspection)
    assert case.inspection.status == "rectifying"
    # The unit answers again; a second re-inspection finds it rectified and the case closes.
    assert post_answer(client, case, first, code=case.code, key="again").status_code == 302
    db.session.refresh(first)
    assert _reinspect(client, case, first).status_code == 302
    db.session.refresh(case.inspection)
    assert case.inspection.status == "closed"


def test_closed_case_refuses_further_re_inspection(client, client_request, case, world, login):
    order = case.orders[0]
    login(world.inspector_a)
    _reinspect(client, case, order)
    db.session.refresh(order)
    response = _reinspect(client, case, order, "not_rectified", "改主意")
    assert response.status_code == 422
    db.session.refresh(order)
    assert order.status == "rectified"
    page = client_request.get(_url(case, order))
    assert not page.select("form.reinspect-form")


def test_stale_re_inspection_is_refused(client, case, world, login):
    order = case.orders[0]
    login(world.inspector_a)
    stale = order.version - 1
    response = _reinspect(client, case, order, version=stale)
    assert response.status_code == 409
    db.session.refresh(order)
    assert order.status == "open"


def test_outcome_and_note_are_required(client, case, world, login):
    login(world.inspector_a)
    response = client.post(_url(case, case.orders[0]), data={"note": ""})
    assert response.status_code == 422
    page = parse(response)
    assert page.select_one("#outcome-error") and page.select_one("#note-error")


def test_supervisors_read_but_cannot_re_inspect(client, client_request, case, world, login):
    login(world.supervisor_a)
    page = client_request.get(_url(case, case.orders[0]))
    assert page.h1 and not page.select("form.reinspect-form")
    assert _reinspect(client, case, case.orders[0]).status_code == 403


def test_drafts_are_not_re_inspected(client, world, login):
    from inspect_app.findings.services import issue_order, record_finding
    from tests.factories import make_inspection

    draft = make_inspection(world)
    finding = record_finding(draft, world.inspector_a, "问题", client_key="d1")
    order = issue_order(
        draft, world.inspector_a, [finding.id], "整改", None or finding.created_at.date(), "d2"
    )
    db.session.commit()
    login(world.inspector_a)
    url = f"/inspections/{draft.id}/orders/{order.id}/reinspect"
    data = {"outcome": "rectified", "note": "x", "version": order.version}
    assert client.post(url, data=data).status_code == 422
    assert count_responses() == 0


def count_responses() -> int:
    return db.session.query(OrderResponse).count()
