"""Downloads of a closed proceeding's case file: one PDF (made and stored by the worker), or a
ZIP of the stored originals (streamed as they are)."""

from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    stream_with_context,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _

from inspect_app.database import retry_contended
from inspect_app.documents.services import DOCUMENT_LOCALE
from inspect_app.dossier import archive, jobs, services
from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.jobs.models import JobStatus
from inspect_app.proceedings.models import Proceeding
from inspect_app.storage import storage

bp = Blueprint("dossier", __name__)
CASE_FILE = "/inspections/<int:inspection_id>/proceedings/<int:proceeding_id>/case-file"


@bp.get(f"{CASE_FILE}.pdf")
def pdf(inspection_id: int, proceeding_id: int):
    """The stored case file; the worker makes it (生成中, 202, until it has)."""
    inspection = queries.get_inspection(inspection_id)
    proceeding = queries.get_case_object(Proceeding, proceeding_id, inspection)
    try:
        services.check_closed(proceeding)
    except services.DossierError as error:
        return _refused(inspection, proceeding, error)
    if pending := jobs.waiting_for_files(inspection, proceeding):
        return _waiting(inspection, proceeding, pending)
    job = retry_contended(lambda: _dossier_job(inspection, proceeding), db.session)
    if job.status == JobStatus.DONE and job.result_key:
        return _download(
            storage().read(job.result_key), "application/pdf", _name(proceeding, "pdf")
        )
    pending = jobs.dossier_pending(job)
    if pending.problem:  # a stored file missing or altered: say which, as before
        try:
            services.check_files(inspection, proceeding)
        except services.DossierError as error:
            return _refused(inspection, proceeding, error)
        flash(pending.problem, "error")
        return redirect(_proceeding_url(inspection, proceeding))
    return _waiting(inspection, proceeding, pending)


def _dossier_job(inspection, proceeding):
    job = jobs.request_dossier(inspection, proceeding)
    db.session.commit()
    return job


def _waiting(inspection, proceeding, pending):
    """生成中: the page looks again by itself (a meta refresh: no script needed)."""
    page = render_template(
        "dossier/pending.html", inspection=inspection, proceeding=proceeding, pending=pending
    )
    return page, 202, {"Retry-After": str(pending.refresh), "Cache-Control": "no-store"}


@bp.get(f"{CASE_FILE}.zip")
def originals(inspection_id: int, proceeding_id: int):
    inspection = queries.get_inspection(inspection_id)
    proceeding = queries.get_case_object(Proceeding, proceeding_id, inspection)
    if pending := jobs.waiting_for_files(inspection, proceeding):
        return _waiting(inspection, proceeding, pending)
    try:
        entries = archive.archive_entries(inspection, proceeding)
    except services.DossierError as error:
        return _refused(inspection, proceeding, error)
    listing = archive.manifest(inspection, proceeding, entries)
    chunks = stream_with_context(archive.stream_zip(entries, listing))
    return _download(chunks, "application/zip", _name(proceeding, "zip"))


def _refused(inspection, proceeding, error):
    flash(str(error.message), "error")
    return redirect(_proceeding_url(inspection, proceeding))


def _proceeding_url(inspection, proceeding) -> str:
    return url_for(
        "proceeding_steps.show", inspection_id=inspection.id, proceeding_id=proceeding.id
    )


def _name(proceeding: Proceeding, suffix: str) -> str:
    """行政处罚案卷-<proceeding number>.pdf (Chinese, like the paper)."""
    with force_locale(DOCUMENT_LOCALE):
        title = _("Administrative penalty case file")
    return f"{title}-{proceeding.number or proceeding.id}.{suffix}"


def _download(body, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    ascii_name = f"case-file.{name.rsplit('.', 1)[-1]}"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
