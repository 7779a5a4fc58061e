"""Enforcement documents leave the request too: issuing commits the numbered document and a job,
the worker renders and stores its editions, and every link says 生成中 until it has.

A real queue (SQLite, as `make run` has it), drained by hand, as in tests/jobs.
"""

import hashlib

import pytest
from sqlalchemy import select

from inspect_app.documents import services
from inspect_app.documents.models import Document, DocumentKind
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.jobs.models import RenderJob
from inspect_app.storage import storage
from tests.jobs.test_render_jobs import drain
from tests.pages import parse
from tests.records import helpers


@pytest.fixture
def app_config(tmp_path):
    return {"QUEUE_IMMEDIATE": False, "QUEUE_URL": f"sqlite:///{tmp_path}/queue.sqlite3"}


@pytest.fixture
def renders(monkeypatch) -> list:
    """Every document render: (kind, public edition?)."""
    calls = []
    real = services.render_document_pdf

    def spy(inspection, document, public):
        calls.append((document.kind, public))
        return real(inspection, document, public)

    monkeypatch.setattr(services, "render_document_pdf", spy)
    return calls


def _issued(client, login, world):
    case = helpers.complete_case(world, photos=0)
    login(world.inspector_a)
    response = client.post(f"/inspections/{case.id}/issue", data={"version": case.version})
    assert response.status_code == 302
    return db.session.get(Inspection, case.id)


def _notice(case) -> Document:
    query = select(Document).filter_by(inspection_id=case.id, kind=DocumentKind.ORDER_NOTICE)
    return db.session.scalar(query)


def test_the_issue_request_numbers_the_notice_and_the_worker_renders_it(
    client, login, world, renders
):
    case = _issued(client, login, world)
    notice = _notice(case)
    assert notice.number.endswith("〔" + str(notice.dated.year) + "〕1号")
    assert renders == [] and notice.storage_key is None and not notice.is_rendered
    job = db.session.scalar(select(RenderJob).filter_by(kind="document"))
    assert (job.key, job.status) == (f"d{notice.id}", "pending")
    drain()
    notice = _notice(case)
    assert sorted(renders) == [("order_notice", False), ("order_notice", True)]
    assert db.session.get(RenderJob, job.id).status == "done"
    for key, digest, public in (
        (notice.storage_key, notice.sha256, False),
        (notice.public_storage_key, notice.public_sha256, True),
    ):
        stored = storage().read(key)
        assert hashlib.sha256(stored).hexdigest() == digest
        assert stored == services.render_document_pdf(case, notice, public).data  # same bytes
    assert notice.size_bytes == len(storage().read(notice.storage_key)) and notice.pages >= 1


def test_a_pending_document_says_generating_and_its_download_answers_202(client, login, world):
    case = _issued(client, login, world)
    notice = _notice(case)
    own = f"/inspections/{case.id}/documents/{notice.id}.pdf"
    public = f"/c/{case.public_token}/documents/{notice.id}.pdf"

    page = parse(client.get(f"/inspections/{case.id}"))
    assert page.select_one(f"#document-{notice.id} .document-pending") is not None
    for url in (own, public):
        waiting = client.get(url)
        assert waiting.status_code == 202 and waiting.headers["Retry-After"] == "3"
        shown = parse(waiting)
        assert shown.select_one('meta[http-equiv="refresh"]')["content"] == "3"
        assert shown.select_one(".pdf-pending") is not None
    listed = parse(client.get(f"/c/{case.public_token}"))
    assert listed.select_one(f"#document-{notice.id} .document-pending") is not None

    drain()
    page = parse(client.get(f"/inspections/{case.id}"))
    assert page.select_one(".document-pending") is None
    notice = _notice(case)
    ready = client.get(own)
    assert ready.status_code == 200 and ready.mimetype == "application/pdf"
    assert hashlib.sha256(ready.get_data()).hexdigest() == notice.sha256
    shown = client.get(public)
    assert hashlib.sha256(shown.get_data()).hexdigest() == notice.public_sha256


def test_a_failed_document_is_retried_and_listed_for_admins(client, login, world, monkeypatch):
    real = services.render_document_pdf
    failures = []

    def flaky(*args, **kwargs):
        if not failures:
            failures.append(1)
            raise OSError("disk hiccup")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "render_document_pdf", flaky)
    case = _issued(client, login, world)
    drain()
    notice = _notice(case)
    job = db.session.scalar(select(RenderJob).filter_by(kind="document"))
    assert job.status == "failed" and "disk hiccup" in job.error and notice.storage_key is None
    waiting = client.get(f"/inspections/{case.id}/documents/{notice.id}.pdf")
    assert waiting.status_code == 202
    assert parse(waiting).select_one(".pdf-pending.notice-error") is not None

    client.post("/logout")
    login(world.admin)
    rows = parse(client.get("/admin/render-jobs")).select(".render-job-failed")
    assert len(rows) == 1 and notice.number in rows[0].text
    assert "disk hiccup" in rows[0].select_one(".render-job-error").text
    assert client.post(rows[0].select_one("form")["action"]).status_code == 302
    drain()
    assert db.session.get(RenderJob, job.id).status == "done"
    assert _notice(case).is_rendered
    assert parse(client.get("/admin/render-jobs")).select(".render-job") == []
