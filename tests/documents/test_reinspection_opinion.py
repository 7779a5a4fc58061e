"""The re-inspection opinion (整改复查意见书), and the documents on the case pages."""

from inspect_app import clock
from inspect_app.documents.models import DocumentKind
from inspect_app.documents.services import case_documents
from inspect_app.extensions import db
from inspect_app.storage import storage
from tests.conftest import csrf_token_from
from tests.records.helpers import flat, pdf_text


def _reinspect(client, case, order, outcome):
    url = f"/inspections/{case.inspection.id}/orders/{order.id}/reinspect"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    data = {"outcome": outcome, "note": "现场复查：培训档案仍未补齐", "version": order.version}
    return client.post(url, data={"csrf_token": token, **data})


def _opinions(case):
    kind = DocumentKind.REINSPECTION_OPINION
    return [d for d in case_documents(case.inspection) if d.kind == kind]


def test_not_rectified_makes_an_opinion_that_leads_to_a_proceeding(
    client, client_request, two_orders, world, login
):
    order = two_orders.orders[0]
    login(world.inspector_a)
    assert _reinspect(client, two_orders, order, "not_rectified").status_code == 302
    (opinion,) = _opinions(two_orders)
    assert opinion.content["outcome"] == "not_rectified" and opinion.public
    assert opinion.content["order"]["id"] == order.id
    assert opinion.content["notice_number"] == f"Town A应急责改〔{clock.today().year}〕1号"
    text = flat(pdf_text(storage().read(opinion.storage_key)))
    assert "整改复查意见书" in text and "立案查处" in text and "培训档案仍未补齐" in text
    page = client_request.get(
        f"/inspections/{two_orders.inspection.id}/orders/{order.id}/reinspect"
    )
    link = page.select_one(".reinspection-opinions a")
    assert client.get(link["href"]).status_code == 200
    has_proceedings = "proceedings.new" in client.application.view_functions
    assert bool(page.select_one("a.open-proceeding")) == has_proceedings


def test_rectified_makes_an_opinion_saying_so(client, two_orders, world, login):
    order = two_orders.orders[1]
    login(world.inspector_a)
    _reinspect(client, two_orders, order, "rectified")
    (opinion,) = _opinions(two_orders)
    assert opinion.content["outcome"] == "rectified"
    text = flat(pdf_text(storage().read(opinion.storage_key)))
    assert "已整改完毕" in text and "立案查处" not in text


def test_the_public_page_serves_the_documents_the_unit_received(
    client, client_request, case, world
):
    hidden = case_documents(case.inspection)[0]
    page = client_request.get(case.url)
    links = page.select("#documents .document-item a")
    notice = next(d for d in case_documents(case.inspection) if d.kind == "order_notice")
    assert [a["href"] for a in links] == [f"{case.url}/documents/{notice.id}.pdf"]
    response = client.get(links[0]["href"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data == storage().read(notice.public_storage_key)
    hidden.public = False  # a document the unit does not receive (a filing form, say)
    db.session.commit()
    assert not client_request.get(case.url).select("#documents .document-item")
    assert client.get(f"{case.url}/documents/{hidden.id}.pdf").status_code == 404


def test_the_case_page_lists_every_document(client, client_request, case, world, login):
    login(world.inspector_a)
    page = client_request.get(f"/inspections/{case.inspection.id}")
    (link,) = page.select("#documents .document-item a")
    response = client.get(link["href"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
