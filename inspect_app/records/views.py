"""The record as PDF: stored files (never re-rendered), the draft preview, the QR phone page."""

import re
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    url_for,
)

from inspect_app.inspections import queries
from inspect_app.inspections.errors import CaseError
from inspect_app.records import services
from inspect_app.records.context import record_date, record_datetime, verification
from inspect_app.storage import send_stored_file

bp = Blueprint("records", __name__)
bp.add_app_template_filter(record_date, "record_date")
bp.add_app_template_filter(record_datetime, "record_datetime")
bp.app_context_processor(lambda: {"record_files": services.record_files})

# A stored revision never changes; "latest" changes when a revision is added.
REVISION_CACHE = "private, max-age=3600"
LATEST_CACHE = "private, no-cache"


@bp.get("/inspections/<int:inspection_id>/record.pdf")
@bp.get("/inspections/<int:inspection_id>/record-<int:revision>.pdf")
def download(inspection_id: int, revision: int | None = None):
    inspection = queries.get_inspection(inspection_id)
    stored = services.record_file(inspection, revision)
    if stored is None:
        abort(404)
    name = services.download_name(inspection, stored.revision)
    fallback = f"record-{inspection.case_number}-r{stored.revision}.pdf"
    headers = {
        "Cache-Control": REVISION_CACHE if revision else LATEST_CACHE,
        "Content-Disposition": _inline(name, fallback),
        "X-Content-Type-Options": "nosniff",
    }
    return send_stored_file(
        stored.storage_key,
        mimetype="application/pdf",
        etag=stored.sha256,
        headers=headers,
        may_redirect=True,
    )


@bp.get("/inspections/<int:inspection_id>/preview.pdf")
def preview(inspection_id: int):
    inspection = queries.get_inspection(inspection_id)
    if not inspection.is_draft:
        return redirect(url_for(".download", inspection_id=inspection.id))
    try:
        pdf = services.render_record(inspection, draft=True)
    except CaseError as error:
        flash(str(error.message), "error")
        return redirect(url_for("inspections.show", inspection_id=inspection.id))
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Cache-Control"] = "no-store"
    disposition = _inline(services.draft_name(inspection), f"draft-{inspection.id}.pdf")
    response.headers["Content-Disposition"] = disposition
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/inspections/<int:inspection_id>/qr")
def qr(inspection_id: int):
    inspection = queries.get_inspection(inspection_id)
    latest = inspection.revisions[-1] if inspection.revisions else None
    return render_template(
        "records/qr.html", inspection=inspection, verification=verification(inspection, latest)
    )


def _inline(filename: str, fallback: str) -> str:
    """Shown in the browser, saved under the Chinese name (RFC 5987) or an ASCII fallback."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", fallback)
    return f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
