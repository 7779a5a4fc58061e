"""A case's enforcement documents as stored PDFs (never rendered here)."""

from flask import Blueprint, abort

from inspect_app.documents import services
from inspect_app.documents.kinds import kind_info
from inspect_app.inspections import queries
from inspect_app.storage import send_stored_file

bp = Blueprint("documents", __name__)
bp.app_context_processor(
    lambda: {"case_documents": services.case_documents, "document_kind": kind_info}
)


@bp.get("/inspections/<int:inspection_id>/documents/<int:document_id>.pdf")
def download(inspection_id: int, document_id: int):
    inspection = queries.get_inspection(inspection_id)
    document = services.case_document(inspection, document_id)
    if document is None:
        abort(404)
    return send_stored(document.storage_key, document.sha256, services.download_name(document))


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
