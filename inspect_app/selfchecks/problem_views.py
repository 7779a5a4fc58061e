"""The problem list after submission, the report PDF and the photos: on the subject's link
(its own self-check only) and for the town (in scope); the town closes the self-check."""

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from inspect_app.auth.access import require_role
from inspect_app.auth.models import Role
from inspect_app.extensions import csrf, db
from inspect_app.inspections.errors import CaseError
from inspect_app.security import public
from inspect_app.selfchecks import problems, queries, services
from inspect_app.selfchecks.forms import ProblemForm, form_class
from inspect_app.selfchecks.models import SelfCheck, SelfCheckItem, SelfCheckPhoto
from inspect_app.selfchecks.pages import FormPage, Unavailable, linked_self_check, unavailable_page
from inspect_app.storage import send_stored_file

bp = Blueprint("selfcheck_problems", __name__)
LINK = services.LINK_PATH + "<token>"
UNIT = "/selfchecks/units/<int:subject_id>"
VARIANTS = ("thumb", "display")  # never the received bytes: they may carry GPS and EXIF
CLOSERS = (Role.SUPERVISOR, Role.ADMIN)
# Seen by the link's holder and the town only: kept out of shared caches.
PRIVATE = {"Cache-Control": "private, no-cache", "X-Content-Type-Options": "nosniff"}


@bp.after_request
def _private(response):
    if request.endpoint in ("selfcheck_problems.update", "selfcheck_problems.link_report"):
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "private, no-store"
    return response


bp.register_error_handler(Unavailable, unavailable_page)


@bp.post(f"{LINK}/problems/<int:number>")
@public
@csrf.exempt
def update(token: str, number: int):
    self_check = linked_self_check(token)
    item = _problem(self_check, number)
    form = ProblemForm(prefix=f"problem_{number}")
    if not form.validate():
        return _link_page(self_check, number, form, 422)
    try:
        problems.update_problem(
            self_check, item, form.progress.data, form.note.data, form.photo_bytes()
        )
        db.session.commit()
    except CaseError as error:
        db.session.rollback()
        form.errors_for(error)
        return _link_page(self_check, number, form, getattr(error, "status", 422))
    except StaleDataError:
        db.session.rollback()
        abort(409)
    flash(_("Saved. The town's office sees the progress of this problem."), "success")
    return redirect(f"{services.LINK_PATH}{token}#problem-{number}")


@bp.get(f"{LINK}/report.pdf")
@public
def link_report(token: str):
    return _report(linked_self_check(token))


@bp.get(f"{LINK}/photos/<int:photo_id>/<variant>")
@public
def link_photo(token: str, photo_id: int, variant: str):
    return _photo(linked_self_check(token), photo_id, variant)


@bp.get(f"{UNIT}/report.pdf")
def unit_report(subject_id: int):
    return _report(queries.get_self_check(queries.get_unit(subject_id)))


@bp.get(f"{UNIT}/photos/<int:photo_id>/<variant>")
def unit_photo(subject_id: int, photo_id: int, variant: str):
    return _photo(queries.get_self_check(queries.get_unit(subject_id)), photo_id, variant)


@bp.post(f"{UNIT}/close")
def close(subject_id: int):
    subject = queries.get_unit(subject_id)
    require_role(*CLOSERS)
    self_check = queries.get_self_check(subject)
    try:
        problems.close_self_check(self_check, current_user, request.form.get("version", type=int))
        db.session.commit()
        flash(_("The self-check is closed: its problem list no longer changes."), "success")
    except (CaseError, StaleDataError) as error:
        db.session.rollback()
        flash(str(getattr(error, "message", _("Reload the page and try again."))), "error")
    return redirect(url_for("selfchecks.unit", subject_id=subject.id))


# --- helpers -----------------------------------------------------------------------------------


def _problem(self_check: SelfCheck, number: int) -> SelfCheckItem:
    try:
        return problems.listed_problem(self_check, number)
    except problems.NotAProblem:
        abort(404)


def _link_page(self_check: SelfCheck, number: int, form: ProblemForm, status: int):
    page = FormPage("selfchecks/fill.html", self_check.subject, self_check, request.path)
    data = page.stored()
    return page.render(
        form_class(self_check.kind, True)(formdata=None, data=data), status,
        problem_forms={number: form},
    )  # fmt: skip


def _report(self_check: SelfCheck):
    key = self_check.report_pdf_key
    if not key:
        abort(404)
    name = f"self-check-report-{self_check.id}.pdf"
    return send_stored_file(key, mimetype="application/pdf", download_name=name, headers=PRIVATE)


def _photo(self_check: SelfCheck, photo_id: int, variant: str):
    query = (
        select(SelfCheckPhoto)
        .join(SelfCheckItem, SelfCheckItem.id == SelfCheckPhoto.item_id)
        .where(SelfCheckPhoto.id == photo_id, SelfCheckItem.self_check_id == self_check.id)
    )
    found = db.session.scalar(query)
    if found is None or variant not in VARIANTS:
        abort(404)
    key = found.display_key if variant == "display" else found.thumb_key
    name = f"{variant}.jpg"
    return send_stored_file(key, mimetype="image/jpeg", download_name=name, headers=PRIVATE)
