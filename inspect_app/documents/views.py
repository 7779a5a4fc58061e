"""A case's enforcement documents as stored PDFs (never rendered here: the worker renders them,
and until it has, the download answers 202 with a page that looks again by itself)."""

from flask import Blueprint, abort, render_template

from inspect_app.documents import services
from inspect_app.documents.jobs import pending_document
from inspect_app.documents.kinds import kind_info
from inspect_app.documents.models import Document
from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.storage import send_stored_file

bp = Blueprint("documents", __name__)
bp.app_context_processor(
    lambda: {
        "case_documents": services.case_documents,
        "document_kind": kind_info,
        "document_pending": _pending,
    }
)


@bp.get("/inspections/<int:inspection_id>/documents/<int:document_id>.pdf")
def download(inspection_id: int, document_id: int):
    inspection = queries.get_inspection(inspection_id)
    document = services.case_document(inspection, document_id)
    if document is None:
        abort(404)
    return serve_document(inspection, document, public=False)


def serve_document(inspection, document: Document, public: bool):
    """The stored PDF in one edition; while the worker has yet to store it, 生成中 with 202,
    and the page looks again by itself (a meta refresh: no script needed)."""
    if pending := pending_document(document):
        template = "public/pending.html" if public else "documents/pending.html"
        page = render_template(template, inspection=inspection, document=document, pending=pending)
        return page, 202, {"Retry-After": str(pending.refresh), "Cache-Control": "no-store"}
    name = services.download_name(document)
    if public:
        return send_stored(document.public_storage_key, document.public_sha256, name)
    return send_stored(document.storage_key, document.sha256, name)


def send_stored(key: str, sha256: str, name: str):
    """A stored PDF, shown in the browser, saved under its Chinese name."""
    headers = {"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"}
    return send_stored_file(
        key,
        mimetype="application/pdf",
        etag=sha256,
        download_name=name,
        headers=headers,
        may_redirect=True,
    )


def _pending(document: Document | int | None):
    """For the pages: 生成中 of a document (or of its id) not stored yet, else None."""
    if isinstance(document, int):
        document = db.session.get(Document, document)
    return pending_document(document)
