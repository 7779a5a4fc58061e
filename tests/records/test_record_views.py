"""Downloads serve the stored file; the draft preview; the QR page; links on the case page."""

from urllib.parse import quote

import pytest
from flask_babel import force_locale, gettext

from inspect_app.demo.builders import answer_every_item
from inspect_app.extensions import db
from inspect_app.findings.services import record_finding
from inspect_app.issuing.services import issue_record
from inspect_app.qr import qr_data_uri
from inspect_app.records import services
from inspect_app.storage import storage
from tests.pages import parse
from tests.records import helpers
from tests.records.helpers import pdf_pages
from tests.signatures.helpers import issue_correction


@pytest.fixture
def issued(world):
    case = helpers.complete_case(world, photos=1)
    issue_record(case, world.inspector_a)
    db.session.commit()
    return case


def _record_title() -> str:
    """The record's title in Chinese, whatever the state of the catalog."""
    with force_locale("zh_Hans"):
        return gettext("On-site inspection record")


def _never_render(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a download must not render")

    monkeypatch.setattr(services, "render_document", refuse)
    monkeypatch.setattr(services, "render_record", refuse)


def test_download_serves_the_stored_file_and_never_renders(
    client, login, world, issued, monkeypatch
):
    stored = storage().read(services.record_file(issued).storage_key)
    _never_render(monkeypatch)
    login(world.inspector_a)
    for url in (f"/inspections/{issued.id}/record.pdf", f"/inspections/{issued.id}/record-1.pdf"):
        response = client.get(url)
        assert response.status_code == 200 and response.data == stored
        assert response.mimetype == "application/pdf"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"].startswith("private")
        disposition = response.headers["Content-Disposition"]
        name = f"{_record_title()}-{issued.case_number}-第1版.pdf"
        assert (
            disposition.startswith("inline;") and f"filename*=UTF-8''{quote(name)}" in disposition
        )
    assert client.get(f"/inspections/{issued.id}/record-2.pdf").status_code == 404


def test_each_revision_keeps_its_own_file(client, login, world, issued):
    record_finding(issued, world.inspector_a, "补记问题", "PU-8", reason="补充")
    db.session.commit()
    issue_correction(issued, world.inspector_a)
    login(world.inspector_a)
    first = client.get(f"/inspections/{issued.id}/record-1.pdf").data
    latest = client.get(f"/inspections/{issued.id}/record.pdf").data
    assert latest == client.get(f"/inspections/{issued.id}/record-2.pdf").data != first
    assert "补记问题" in "".join(pdf_pages(latest)) and "补记问题" not in "".join(pdf_pages(first))


def test_another_regions_case_is_not_found(client, login, world):
    case = world.inspection_b
    answer_every_item(case, world.inspector_b)
    db.session.commit()
    helpers.sign(case, world.inspector_b)
    issue_record(case, world.inspector_b)
    db.session.commit()
    urls = [f"/inspections/{case.id}/{path}" for path in ("record.pdf", "record-1.pdf", "qr")]
    urls.append(f"/inspections/{case.id}/preview.pdf")
    login(world.inspector_a)
    assert [client.get(url).status_code for url in urls] == [404, 404, 404, 404]


def test_a_supervisor_of_the_town_reads_the_record(client, login, world, issued):
    login(world.supervisor_a)
    assert client.get(f"/inspections/{issued.id}/record.pdf").status_code == 200


def test_the_draft_preview_is_rendered_and_never_stored(client, login, world):
    case = helpers.complete_case(world, photos=1)
    login(world.inspector_a)
    response = client.get(f"/inspections/{case.id}/preview.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("inline;")
    assert all("草稿" in page for page in pdf_pages(response.data))
    assert services.record_files(case) == []


def test_the_preview_of_an_issued_record_is_the_stored_file(client, login, world, issued):
    login(world.inspector_a)
    response = client.get(f"/inspections/{issued.id}/preview.pdf")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/inspections/{issued.id}/record.pdf")


def test_a_preview_that_cannot_print_explains_why(client, login, world):
    case = helpers.complete_case(world, photos=0, place="车间 👍")
    login(world.inspector_a)
    response = client.get(f"/inspections/{case.id}/preview.pdf", follow_redirects=True)
    assert response.status_code == 200
    notices = [n.get_text() for n in parse(response).select(".notice-error")]
    assert any("👍" in notice for notice in notices)


def test_the_qr_page_shows_the_code_big_for_scanning(client_request, login, world, issued):
    login(world.inspector_a)
    page = client_request.get(f"/inspections/{issued.id}/qr")
    image = page.select_one(".record-qr img")
    assert image["src"] == qr_data_uri(issued.public_url) and int(image["width"]) >= 280
    facts = page.select_one(".record-qr-facts").get_text()
    assert issued.public_url in facts and issued.verification_code in facts
    assert issued.record_sha256[:16] in facts


def test_the_qr_page_of_a_draft_says_it_comes_with_the_issue(client_request, login, world):
    case = helpers.complete_case(world, photos=0)
    login(world.inspector_a)
    page = client_request.get(f"/inspections/{case.id}/qr")
    assert page.select_one(".record-qr img") is None
    assert page.select_one(f'a[href="/inspections/{case.id}/preview.pdf"]') is not None


def test_the_case_page_links_the_record(client_request, login, world, issued):
    record_finding(issued, world.inspector_a, "补记问题", "PU-8", reason="补充")
    db.session.commit()
    issue_correction(issued, world.inspector_a)
    login(world.inspector_a)
    links = client_request.get(f"/inspections/{issued.id}").select(".record-links a")
    hrefs = [a["href"] for a in links]
    base = f"/inspections/{issued.id}"
    assert hrefs == [
        f"{base}/record.pdf",
        f"{base}/qr",
        f"{base}/record-2.pdf",
        f"{base}/record-1.pdf",
    ]


def test_the_draft_case_page_links_the_preview(client_request, login, world):
    case = helpers.complete_case(world, photos=0)
    login(world.inspector_a)
    links = client_request.get(f"/inspections/{case.id}").select(".record-links a")
    assert [a["href"] for a in links] == [f"/inspections/{case.id}/preview.pdf"]
