"""A case's enforcement documents as stored PDFs (never rendered here)."""

from flask import Blueprint, abort, send_file

from inspect_app.documents import services
from inspect_app.documents.kinds import kind_info
from inspect_app.inspections import queries
from inspect_app.storage import storage

bp = Blueprint("documents", __name__)
bp.app_context_processor(
    lambda: {"case_documents": services.case_documents, "document_kind": kind_info}
)


@bp.get("/inspections/<int:inspection_id>/documents/<int:document_id>.pdf")
def download(inspection_id: int, document_id: int):
    inspection = queries.get_inspection(inspection_id)
    document = services.case_document(inspection, document_id)
    if document is None or not storage().exists(document.storage_key):
        abort(404)
    return send_stored(document.storage_key, document.sha256, services.download_name(document))


def send_stored(key: str, sha256: str, name: str):
    """A stored PDF, shown in the browser, saved under its Chinese name."""
    response = send_file(
        storage().path(key),
        mimetype="application/pdf",
        conditional=True,
        etag=sha256,
        download_name=name,
    )
    response.headers["Content-Disposition"] = response.headers["Content-Disposition"].replace(
        "attachment", "inline", 1
    )
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
