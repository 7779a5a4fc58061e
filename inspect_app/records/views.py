"""The record as PDF: stored files (never rendered here: the worker renders them, and until then
these pages say 生成中 and look again), the draft preview, the QR phone page."""

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

from inspect_app.database import retry_contended
from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.jobs.models import JobStatus
from inspect_app.records import jobs, services
from inspect_app.records.context import record_date, record_datetime, verification
from inspect_app.storage import send_stored_file, storage

bp = Blueprint("records", __name__)
bp.add_app_template_filter(record_date, "record_date")
bp.add_app_template_filter(record_datetime, "record_datetime")
bp.app_context_processor(
    lambda: {"record_files": services.record_files, "record_pending": jobs.pending_record}
)

# A stored revision never changes; "latest" changes when a revision is added.
REVISION_CACHE = "private, max-age=3600"
LATEST_CACHE = "private, no-cache"


@bp.get("/inspections/<int:inspection_id>/record.pdf")
@bp.get("/inspections/<int:inspection_id>/record-<int:revision>.pdf")
def download(inspection_id: int, revision: int | None = None):
    inspection = queries.get_inspection(inspection_id)
    stored = services.record_file(inspection, revision)
    latest = revision in (None, inspection.revision)
    if stored is None and latest and (pending := jobs.pending_record(inspection)):
        return _waiting(inspection, pending)
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
    job = retry_contended(lambda: _preview_job(inspection), db.session)
    if job.status == JobStatus.DONE and job.result_key:
        response = Response(storage().read(job.result_key), mimetype="application/pdf")
        response.headers["Cache-Control"] = "no-store"
        disposition = _inline(services.draft_name(inspection), f"draft-{inspection.id}.pdf")
        response.headers["Content-Disposition"] = disposition
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
    pending = jobs.preview_pending(job)
    if pending.problem:  # the content: say what, as before the worker rendered previews
        flash(_problem(pending), "error")
        return redirect(url_for("inspections.show", inspection_id=inspection.id))
    return _waiting(inspection, pending, draft=True)


def _preview_job(inspection):
    job = jobs.request_preview(inspection)
    db.session.commit()
    return job


def _problem(pending: jobs.Pending) -> str:
    if pending.unprintable:
        return str(services.RecordNotPrintable(list(pending.unprintable)).message)
    return pending.problem


def _waiting(inspection, pending: jobs.Pending, draft: bool = False):
    """生成中: the page looks again by itself (a meta refresh: no script needed)."""
    page = render_template(
        "records/pending.html", inspection=inspection, pending=pending, draft=draft
    )
    return page, 202, {"Retry-After": str(pending.refresh), "Cache-Control": "no-store"}


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
