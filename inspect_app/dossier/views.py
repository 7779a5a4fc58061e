"""Downloads of a closed proceeding's case file: one PDF, or a ZIP of the stored originals."""

from urllib.parse import quote

from flask import Blueprint, Response, flash, redirect, stream_with_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from inspect_app.documents.services import DOCUMENT_LOCALE
from inspect_app.dossier import archive, services
from inspect_app.inspections import queries
from inspect_app.proceedings.models import Proceeding

bp = Blueprint("dossier", __name__)
CASE_FILE = "/inspections/<int:inspection_id>/proceedings/<int:proceeding_id>/case-file"


@bp.get(f"{CASE_FILE}.pdf")
def pdf(inspection_id: int, proceeding_id: int):
    inspection = queries.get_inspection(inspection_id)
    proceeding = queries.get_case_object(Proceeding, proceeding_id, inspection)
    try:
        data = services.dossier_pdf(inspection, proceeding)
    except services.DossierError as error:
        return _refused(inspection, proceeding, error)
    return _download(data, "application/pdf", _name(proceeding, "pdf"))


@bp.get(f"{CASE_FILE}.zip")
def originals(inspection_id: int, proceeding_id: int):
    inspection = queries.get_inspection(inspection_id)
    proceeding = queries.get_case_object(Proceeding, proceeding_id, inspection)
    try:
        entries = archive.archive_entries(inspection, proceeding)
    except services.DossierError as error:
        return _refused(inspection, proceeding, error)
    listing = archive.manifest(inspection, proceeding, entries)
    chunks = stream_with_context(archive.stream_zip(entries, listing))
    return _download(chunks, "application/zip", _name(proceeding, "zip"))


def _refused(inspection, proceeding, error):
    flash(str(error.message), "error")
    target = url_for(
        "proceeding_steps.show", inspection_id=inspection.id, proceeding_id=proceeding.id
    )
    return redirect(target)


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
