"""A page listing a document the worker has not stored yet says 生成中, looks again by itself,
and reloads once the PDF is there; if the inspector has typed into a form on it, it keeps what
was typed and only the badge changes."""

from playwright.sync_api import Page, expect
from sqlalchemy import select

from inspect_app.documents.models import Document
from inspect_app.extensions import db
from inspect_app.proceedings.models import Proceeding, ProceedingStatus
from tests.browser.support import screenshot

INSPECTOR = "zhang.wei"
FILE_COLUMNS = (
    "storage_key",
    "sha256",
    "size_bytes",
    "pages",
    "public_storage_key",
    "public_sha256",
)


def _unstore(app, *where) -> tuple[int, int, dict]:
    """Take a demo document's stored files away (as before the worker ran): (case, id, files)."""
    with app.app_context():
        query = select(Document).where(Document.storage_key.is_not(None), *where)
        document = db.session.scalars(query.order_by(Document.id)).first()
        files = {name: getattr(document, name) for name in FILE_COLUMNS}
        for name in FILE_COLUMNS:
            setattr(document, name, None)
        db.session.commit()
        return document.inspection_id, document.id, files


def _store(app, document_id: int, files: dict) -> None:
    """What the worker does when it has rendered the document."""
    with app.app_context():
        document = db.session.get(Document, document_id)
        for name, value in files.items():
            setattr(document, name, value)
        db.session.commit()


def _open_case(open_phone, live_server_url, case_id: int, document_id: int) -> Page:
    page = open_phone(user=INSPECTOR)
    page.goto(f"{live_server_url}/inspections/{case_id}#documents")
    badge = page.locator(f"#document-{document_id} .document-pending")
    expect(badge).to_have_text("生成中…")
    return page


def test_the_case_page_reloads_once_the_document_is_stored(
    open_phone, live_server_url, browser_app, page_watch
):
    page_watch.allow_status(202)  # the page asks the document's address while it is generating
    case_id, document_id, files = _unstore(browser_app)
    try:
        page = _open_case(open_phone, live_server_url, case_id, document_id)
        screenshot(page, "document-pending-case-page")
        page.evaluate("() => { window.notReloaded = true; }")
        _store(browser_app, document_id, files)
        expect(page.locator(f"#document-{document_id} .document-pending")).to_have_count(0)
        assert page.evaluate("() => window.notReloaded === undefined")  # a fresh page
    finally:
        _store(browser_app, document_id, files)


def test_a_page_with_typing_on_it_keeps_the_typing_and_only_the_badge_changes(
    open_phone, live_server_url, browser_app, page_watch
):
    """A proceeding's page: a document listed, and the form of the step at hand."""
    page_watch.allow_status(202)
    served = select(Proceeding.id).where(Proceeding.status == ProceedingStatus.SERVED)
    case_id, document_id, files = _unstore(browser_app, Document.proceeding_id.in_(served))
    with browser_app.app_context():
        proceeding_id = db.session.get(Document, document_id).proceeding_id
    try:
        page = open_phone(user=INSPECTOR)
        page.goto(f"{live_server_url}/inspections/{case_id}/proceedings/{proceeding_id}")
        badge = page.locator(".document-pending")
        expect(badge).to_have_text("生成中…")
        field = page.locator("main form textarea:visible, main form input[type=text]:visible")
        field.first.fill("3000")
        page.evaluate("() => { window.notReloaded = true; }")
        _store(browser_app, document_id, files)
        expect(badge).to_have_text("PDF 已生成")
        screenshot(page, "document-pending-ready-kept-typing")
        expect(field.first).to_have_value("3000")
        assert page.evaluate("() => window.notReloaded === true")
    finally:
        _store(browser_app, document_id, files)
