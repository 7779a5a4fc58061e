"""The unit asks for more time on an order from its public page; the inspector decides."""

from datetime import timedelta

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.findings.models import OrderExtension
from tests.conftest import csrf_token_from
from tests.findings.helpers import audit_actions
from tests.pages import parse
from tests.public.helpers import count


def _apply_url(case, order) -> str:
    return f"{case.url}/orders/{order.id}/extension"


def _ask(client, case, order, code=None, days=10, reason="外部培训班 12 月 10 日才开班", key="x1"):
    data = {
        "code": case.code if code is None else code,
        "deadline": (order.deadline + timedelta(days=days)).isoformat(),
        "reason": reason,
        "client_key": key,
    }
    return client.post(_apply_url(case, order), data=data, environ_base={"REMOTE_ADDR": "1.2.3.4"})


def _decide(client, case, extension, decision, **data):
    url = f"/inspections/{case.inspection.id}/extensions/{extension.id}"
    page = client.get(url)
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(f"{url}/{decision}", data={"csrf_token": token, **data})


def test_the_case_page_offers_more_time_and_a_request_waits(client, client_request, case):
    order = case.orders[0]
    page = client_request.get(case.url)
    link = page.select_one(f"#order-{order.id} .extension-apply a")
    assert link["href"] == _apply_url(case, order)
    form_page = client_request.get(link["href"])
    assert form_page.select_one("form.extension-form")
    response = _ask(client, case, order)
    assert response.status_code == 302
    (extension,) = db.session.query(OrderExtension).all()
    assert extension.status == "pending" and extension.previous_deadline == order.deadline
    page = client_request.get(case.url)
    item = page.select_one(f"#order-{order.id} #extension-{extension.id}")
    assert "badge-extension-pending" in item.select_one(".badge")["class"]
    assert not page.select_one(f"#order-{order.id} .extension-apply")


def test_a_double_tap_stores_one_request(client, case):
    order = case.orders[0]
    assert _ask(client, case, order).status_code == 302
    assert _ask(client, case, order).status_code == 302
    assert count(OrderExtension) == 1


def test_a_wrong_code_is_refused_and_counted(client, case):
    order = case.orders[0]
    response = _ask(client, case, order, code="WRONG123")
    assert response.status_code == 422
    page = parse(response)
    assert page.select_one("#code-error") or page.select_one(".error-summary")
    assert count(OrderExtension) == 0


def test_a_second_pending_request_is_refused(client, case):
    order = case.orders[0]
    _ask(client, case, order)
    response = _ask(client, case, order, key="x2")
    assert response.status_code == 422
    assert parse(response).select_one(".extension-refusal")
    assert count(OrderExtension) == 1


def test_the_deadline_must_move_later(client, case):
    order = case.orders[0]
    response = _ask(client, case, order, days=0)
    assert response.status_code == 422
    assert parse(response).select_one("#deadline-error")
    assert count(OrderExtension) == 0


def test_no_request_after_the_deadline(client, client_request, case, clock):
    order = case.orders[0]
    clock.set_today(order.deadline + timedelta(days=1))
    page = client_request.get(case.url)
    assert not page.select_one(f"#order-{order.id} .extension-apply")
    response = _ask(client, case, order)
    assert response.status_code == 422
    assert "期限已过" in parse(response).select_one(".extension-refusal").get_text()
    assert count(OrderExtension) == 0


def test_granting_moves_the_deadline_and_serves_the_decision(
    client, client_request, case, world, login, clock
):
    order = case.orders[0]
    first = order.deadline
    _ask(client, case, order)
    extension = db.session.query(OrderExtension).one()
    login(world.inspector_a)
    listing = client_request.get(f"/inspections/{case.inspection.id}/findings")
    assert listing.select_one(f"#extension-{extension.id} .badge-extension-pending")
    new = first + timedelta(days=7)
    data = {"deadline": new.isoformat(), "note": "同意", "version": extension.version}
    response = _decide(client, case, extension, "grant", **data)
    assert response.status_code == 302
    db.session.refresh(order)
    db.session.refresh(extension)
    assert order.deadline == new and extension.status == "granted"
    assert case.inspection.revisions[-1].snapshot["orders"][0]["deadline"] == first.isoformat()
    again = _decide(client, case, extension, "grant", **data)  # a double tap
    assert again.status_code == 302
    actions = audit_actions(case.inspection)
    assert actions[-3:] == ["request_extension", "grant_extension", "issue_document"]
    clock.set_today(first + timedelta(days=1))
    public = client_request.get(case.url)
    assert "order-overdue" not in public.select_one(f"#order-{order.id}")["class"]
    link = public.select_one(f"#extension-{extension.id} a")
    assert client.get(link["href"]).status_code == 200


def test_refusing_keeps_the_deadline(client, client_request, case, world, login, clock):
    order = case.orders[0]
    first = order.deadline
    _ask(client, case, order)
    extension = db.session.query(OrderExtension).one()
    login(world.inspector_a)
    empty = _decide(client, case, extension, "refuse", reason="", version=extension.version)
    assert empty.status_code == 422
    response = _decide(
        client, case, extension, "refuse", reason="培训可外送", version=extension.version
    )
    assert response.status_code == 302
    db.session.refresh(order)
    assert order.deadline == first
    assert db.session.get(OrderExtension, extension.id).status == "refused"
    clock.set_today(first + timedelta(days=1))
    public = client_request.get(case.url)
    assert "order-overdue" in public.select_one(f"#order-{order.id}")["class"]
    assert public.select_one(f"#extension-{extension.id} .badge-extension-refused")


def test_a_stale_decision_is_refused(client, case, world, login):
    order = case.orders[0]
    _ask(client, case, order)
    extension = db.session.query(OrderExtension).one()
    login(world.inspector_a)
    new = (order.deadline + timedelta(days=3)).isoformat()
    response = _decide(
        client, case, extension, "grant", deadline=new, version=extension.version + 5
    )
    assert response.status_code == 409
    assert clock.today() <= order.deadline


def test_a_granted_deadline_is_not_in_the_past(client, case, world, login, clock):
    order = case.orders[0]
    _ask(client, case, order)
    extension = db.session.query(OrderExtension).one()
    clock.set_today(order.deadline + timedelta(days=5))
    login(world.inspector_a)
    late = (order.deadline + timedelta(days=2)).isoformat()
    response = _decide(client, case, extension, "grant", deadline=late, version=extension.version)
    assert response.status_code == 422
    assert parse(response).select_one("#deadline-error")
