"""Pages of the penalties section of a case: the list, the form, and revoking."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.inspections.errors import CaseError, StaleEdit
from inspect_app.inspections.models import Inspection, Status
from inspect_app.labels import MEASURE_LABELS
from inspect_app.penalties import services
from inspect_app.penalties.forms import (
    PARTY_LABELS,
    basis_infos,
    edit_form,
    finding_suggestions,
    new_form,
)
from inspect_app.penalties.models import Penalty

bp = Blueprint("penalties", __name__)
CASE = "/inspections/<int:inspection_id>/penalties"
bp.add_app_template_filter(services.yuan, "yuan")
bp.add_app_template_global(services.law_name, "law_name")


def can_edit(inspection: Inspection) -> bool:
    return current_user.has_role("inspector", "admin") and inspection.status != Status.CLOSED


@bp.get(CASE)
def index(inspection_id: int):
    inspection = queries.get_inspection(inspection_id)
    penalties = services.case_penalties(inspection)
    return render_template(
        "penalties/index.html",
        inspection=inspection,
        penalties=penalties,
        editable=can_edit(inspection),
    )


@bp.route(f"{CASE}/new", methods=["GET", "POST"])
def new(inspection_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    form = new_form(inspection, request.args.get("finding"))
    if "show_basis" in request.form or not form.validate_on_submit():
        return _form_page(inspection, form, None)
    try:
        services.impose_penalty(
            inspection,
            current_user,
            client_key=form.client_key.data,
            reason=request.form.get("reason"),
            **form.values(),
        )
        penalty = _commit(form.client_key.data, inspection)
    except CaseError as error:
        return _refused(inspection, form, None, error)
    return _saved(inspection, form, _("Penalty recorded."), penalty)


@bp.route(f"{CASE}/<int:penalty_id>/edit", methods=["GET", "POST"])
def edit(inspection_id: int, penalty_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    penalty = queries.get_case_object(Penalty, penalty_id, inspection)
    if penalty.is_revoked:
        flash(_("This penalty has been revoked and can no longer be changed."), "error")
        return redirect(url_for(".index", inspection_id=inspection.id, _anchor=_anchor(penalty)))
    form = edit_form(penalty, inspection.subject.kind)
    if "show_basis" in request.form or not form.validate_on_submit():
        return _form_page(inspection, form, penalty)
    try:
        version, reason = _int(form.version.data), request.form.get("reason")
        services.update_penalty(
            penalty, current_user, version=version, reason=reason, **form.values()
        )
        db.session.commit()
    except CaseError as error:
        return _refused(inspection, form, penalty, error)
    return _saved(inspection, form, _("Changes saved."), penalty)


@bp.post(f"{CASE}/<int:penalty_id>/revoke")
def revoke(inspection_id: int, penalty_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    penalty = queries.get_case_object(Penalty, penalty_id, inspection)
    version, reason = _int(request.form.get("version")), request.form.get("reason")
    try:
        services.revoke_penalty(penalty, current_user, version=version, reason=reason)
        db.session.commit()
    except CaseError as error:
        db.session.rollback()
        form = edit_form(penalty, inspection.subject.kind, formdata=None)
        return _form_page(inspection, form, penalty, error, status=_status(error))
    flash(_("Penalty revoked. It stays on the record, struck through."), "success")
    return redirect(url_for(".index", inspection_id=inspection.id, _anchor=_anchor(penalty)))


def _commit(client_key: str, inspection: Inspection) -> Penalty | None:
    """Commit; a double tap that raced past the client-key check counts as already done."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if services.penalty_by_client_key(client_key, inspection) is None:
            raise
    return services.penalty_by_client_key(client_key, inspection)


def _saved(inspection, form, message: str, penalty: Penalty | None = None):
    flash(message, "success")
    values = form.values()
    if unlisted := services.unlisted_measures(values["basis_code"], values["measures"]):
        names = "、".join(str(MEASURE_LABELS[m]) for m in unlisted)
        flash(_("Note: the chosen legal basis does not list %(measures)s.", measures=names), "info")
    anchor = _anchor(penalty) if penalty else None
    return redirect(url_for(".index", inspection_id=inspection.id, _anchor=anchor))


def _refused(inspection, form, penalty, error: CaseError):
    db.session.rollback()
    errors = getattr(error, "errors", None) or {"": str(error.message)}
    for name, message in errors.items():
        if (target := form._fields.get(name)) is not None:
            target.errors = [*target.errors, message]
        else:
            form.form_errors.append(message)
    return _form_page(inspection, form, penalty, status=_status(error))


def _status(error: CaseError) -> int:
    return 409 if isinstance(error, StaleEdit) else 422


def _int(value: str | None) -> int | None:
    return int(value) if (value or "").isdigit() else None


def _form_page(inspection, form, penalty, revoke_error=None, status=None):
    if status is None:
        invalid = form.errors or revoke_error
        status = 422 if invalid and form.is_submitted() else 200
    context = {
        "inspection": inspection,
        "form": form,
        "penalty": penalty,
        "bases": basis_infos(),
        "suggestions": finding_suggestions(inspection) if penalty is None else [],
        "party_labels": PARTY_LABELS,
        "revoke_error": revoke_error,
    }
    return render_template("penalties/form.html", **context), status


def _anchor(penalty: Penalty) -> str:
    return f"penalty-{penalty.id}"
