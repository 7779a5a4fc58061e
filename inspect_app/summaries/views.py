"""Summary report drafts: the page, generating a draft, and downloading its files."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.auth.access import require_role, scope_ids
from inspect_app.auth.models import Role
from inspect_app.auth.services import assignable_regions
from inspect_app.extensions import db
from inspect_app.regions.services import find_region
from inspect_app.stats.exports import content_disposition
from inspect_app.storage import storage
from inspect_app.summaries import services
from inspect_app.summaries.forms import GenerateForm, SummaryPicker

bp = Blueprint("summaries", __name__, url_prefix="/reports/summary")
MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def scoped_region(code: str | None):
    """The region if the user may see it (404), for supervisors and admins only (403)."""
    region = find_region(code or "")
    if region is None or region.id not in scope_ids():
        abort(404)
    require_role(Role.SUPERVISOR, Role.ADMIN)
    return region


@bp.get("")
def index():
    form = SummaryPicker(request.args, assignable_regions(current_user), current_user.region)
    region = scoped_region(form.region.data)
    context = {
        "form": form,
        "region": region,
        "generate": GenerateForm(formdata=None, region=region.code),
        "drafts": services.drafts_of(region),
        "due": services.due_dates(services.configured_campaign()),
    }
    return render_template("summaries/index.html", **context)


@bp.post("/generate")
def generate():
    form = GenerateForm()
    region = scoped_region(form.region.data)
    if not form.validate_on_submit():
        abort(400)
    services.generate_summary(region, current_user, scope_ids())
    db.session.commit()
    flash(_("Summary report draft generated."), "success")
    return redirect(url_for(".index", region=region.code))


@bp.get("/<int:draft_id>.<fmt>")
def download(draft_id: int, fmt: str):
    require_role(Role.SUPERVISOR, Role.ADMIN)
    draft = services.find_draft(draft_id, scope_ids())
    if draft is None or fmt not in MIMETYPES:
        abort(404)
    key = draft.docx_key if fmt == "docx" else draft.pdf_key
    response = Response(storage().read(key), mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = _disposition(draft, fmt)
    response.headers["Cache-Control"] = "no-store"
    return response


def _disposition(draft, fmt: str) -> str:
    stem = services.draft_name(draft, fmt)
    return content_disposition(_Named(stem, f"summary_{draft.region.code}_{draft.id}"), fmt)


class _Named:
    """What content_disposition reads of a table: the file names."""

    def __init__(self, name: str, ascii_name: str) -> None:
        self.name, self.ascii_name = name, ascii_name
