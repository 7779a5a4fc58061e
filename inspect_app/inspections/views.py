"""Case pages: list, open, overview, checklist, revisions and audit log."""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from inspect_app import clock
from inspect_app.auth.access import require_role, scope_ids
from inspect_app.database import retry_contended
from inspect_app.extensions import db
from inspect_app.inspections import queries, services
from inspect_app.inspections.errors import CaseError, StaleEdit
from inspect_app.inspections.forms import AnswerForm, OpenInspectionForm
from inspect_app.inspections.pages import (
    audit_entries,
    case_filters,
    days_overdue,
    new_case_defaults,
)
from inspect_app.regions.services import regions_by_code
from inspect_app.subjects.queries import get_subject

bp = Blueprint("inspections", __name__)
bp.app_context_processor(lambda: {"subject_cases": queries.subject_cases})


@bp.get("/inspections/")
def index():
    scope = scope_ids()
    filters = case_filters(request.args, scope)
    today = clock.today()
    page = queries.case_page(scope, request.args.get("after", ""), today, filters)
    if page.refused_cursor:
        flash(_("That page link is not valid; here are the newest cases."), "error")
    regions = regions_by_code(scope) if len(scope) > 1 else []
    return render_template(
        "inspections/index.html",
        page=page,
        filters=filters,
        regions=regions,
        days_overdue=days_overdue(page, today) if filters["overdue"] else {},
    )


@bp.route("/subjects/<int:subject_id>/inspections/new", methods=["GET", "POST"])
def create(subject_id: int):
    subject = get_subject(subject_id, scope_ids())
    require_role("inspector", "admin")
    officers = queries.inspectors_for(subject.region_id)
    form = OpenInspectionForm(officers=officers, data=new_case_defaults(subject, current_user))
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("inspections/new.html", form=form, subject=subject), status
    fields = {k: form[k].data for k in ("place", "representative_name", "representative_position")}
    started_at = clock.from_local(form.started_at.data)
    inspection = services.open_inspection(
        subject, current_user, form.chosen_officers(), started_at=started_at, **fields
    )
    db.session.commit()
    return redirect(url_for(".checklist", inspection_id=inspection.id))


@bp.get("/inspections/<int:inspection_id>")
def show(inspection_id: int):
    inspection = queries.get_inspection(inspection_id)
    return render_template(
        "inspections/show.html", inspection=inspection, progress=services.progress(inspection)
    )


@bp.get("/inspections/<int:inspection_id>/checklist")
def checklist(inspection_id: int):
    inspection = queries.get_inspection(inspection_id)
    return render_template(
        "inspections/checklist.html",
        inspection=inspection,
        items=services.checklist_items(inspection),
        progress=services.progress(inspection),
        form=AnswerForm(),
    )


@bp.post("/inspections/<int:inspection_id>/answers/<code>")
def answer(inspection_id: int, code: str):
    inspection = queries.get_editable_inspection(inspection_id)
    data = request.get_json(silent=True) if request.is_json else request.form
    if data is None:
        abort(400)

    def save():
        saved = services.answer_item(
            inspection,
            code,
            str(data.get("result", "")),
            str(data.get("note", "")),
            current_user,
            _int(data.get("version")),
            data.get("reason"),
        )
        db.session.commit()
        return saved

    try:
        saved = retry_contended(save, db.session)
    except (IntegrityError, StaleDataError):  # another phone saved this item at the same instant
        db.session.rollback()
        return _answer_error(inspection_id, code, StaleEdit())
    except (CaseError, ValueError) as error:
        db.session.rollback()
        return _answer_error(inspection_id, code, error)
    return _answer_saved(inspection, saved)


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _answer_saved(inspection, saved):
    answered, total = services.progress(inspection)
    if request.is_json:
        return jsonify(ok=True, version=saved.version, answered=answered, total=total)
    flash(_("Saved."), "success")
    return redirect(url_for(".checklist", inspection_id=inspection.id, _anchor=saved.item_code))


def _answer_error(inspection_id: int, code: str, error: Exception):
    """422 for a refused answer; 409 with the item's current state for a stale one."""
    message = str(getattr(error, "message", error))
    if request.is_json:
        if not isinstance(error, StaleEdit):
            return jsonify(ok=False, error=message), 422
        current = services.answer_state(queries.get_inspection(inspection_id), code)
        return jsonify(ok=False, error=message, current=current), 409
    flash(message, "error")
    return redirect(url_for(".checklist", inspection_id=inspection_id, _anchor=code))


@bp.post("/inspections/<int:inspection_id>/typical")
def typical(inspection_id: int):
    inspection = queries.get_inspection(inspection_id)
    require_role("supervisor", "admin")
    services.mark_typical(inspection, current_user, request.form.get("typical") == "1")
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for(".show", inspection_id=inspection.id))


@bp.get("/inspections/<int:inspection_id>/revisions/<int:number>")
def revision(inspection_id: int, number: int):
    inspection = queries.get_inspection(inspection_id)
    found = next((r for r in inspection.revisions if r.number == number), None)
    if found is None:
        abort(404)
    return render_template("inspections/revision.html", inspection=inspection, revision=found)


@bp.get("/inspections/<int:inspection_id>/audit")
def audit(inspection_id: int):
    inspection = queries.get_inspection(inspection_id)
    require_role("supervisor", "admin")
    return render_template(
        "inspections/audit.html", inspection=inspection, entries=audit_entries(inspection)
    )
