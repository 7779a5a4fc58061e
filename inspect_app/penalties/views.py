"""Pages of the penalties section of a case: the list, the on-the-spot decision, revoking."""

import secrets

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.inspections.errors import CaseError, StaleEdit
from inspect_app.inspections.models import Inspection, Status
from inspect_app.penalties import services
from inspect_app.penalties.decisions import decide_on_the_spot
from inspect_app.penalties.forms import PARTY_LABELS, basis_infos, finding_suggestions, new_form
from inspect_app.penalties.models import Penalty
from inspect_app.signatures.forms import MAX_DATA_URL_CHARS

bp = Blueprint("penalties", __name__)
CASE = "/inspections/<int:inspection_id>/penalties"
bp.add_app_template_filter(services.yuan, "yuan")
bp.add_app_template_global(services.law_name, "law_name")


def can_edit(inspection: Inspection) -> bool:
    return current_user.has_role("inspector", "admin") and inspection.status != Status.CLOSED


def proceedings_url(inspection: Inspection) -> str | None:
    """Where a general-procedure penalty starts: a new proceeding (立案处罚)."""
    if not can_edit(inspection):
        return None
    return url_for("proceedings.new", inspection_id=inspection.id)


@bp.get(CASE)
def index(inspection_id: int):
    inspection = queries.get_inspection(inspection_id)
    return render_template(
        "penalties/index.html",
        inspection=inspection,
        penalties=services.case_penalties(inspection),
        editable=can_edit(inspection),
        proceedings_url=proceedings_url(inspection),
    )


@bp.route(f"{CASE}/new", methods=["GET", "POST"])
def new(inspection_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    form = new_form(inspection, request.args.get("finding"))
    if "show_basis" in request.form or not form.validate_on_submit():
        return _form_page(inspection, form)
    try:
        penalty = _decide(inspection, form)
    except CaseError as error:
        return _refused(inspection, form, error)
    flash(_("Decision %(number)s issued.", number=penalty.decision_no), "success")
    return redirect(url_for(".index", inspection_id=inspection.id, _anchor=_anchor(penalty)))


@bp.get(f"{CASE}/<int:penalty_id>")
def show(inspection_id: int, penalty_id: int):
    inspection = queries.get_inspection(inspection_id)
    penalty = queries.get_case_object(Penalty, penalty_id, inspection)
    return _penalty_page(inspection, penalty)


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
        return _penalty_page(inspection, penalty, error, _status(error))
    flash(_("Penalty revoked. It stays on the record, struck through."), "success")
    return redirect(url_for(".index", inspection_id=inspection.id, _anchor=_anchor(penalty)))


def _decide(inspection: Inspection, form) -> Penalty:
    """Decide and commit; a double tap that raced past the client-key check (the same key
    committed meanwhile) counts as already done."""
    key = form.client_key.data or secrets.token_urlsafe(16)
    try:
        decide_on_the_spot(inspection, current_user, client_key=key, **form.values())
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if services.penalty_by_client_key(key, inspection) is None:
            raise
    return services.penalty_by_client_key(key, inspection)


def _refused(inspection, form, error: CaseError):
    db.session.rollback()
    errors = getattr(error, "errors", None) or {"": str(error.message)}
    for name, message in errors.items():
        if (target := form._fields.get(name)) is not None:
            target.errors = [*target.errors, message]
        else:
            form.form_errors.append(message)
    return _form_page(inspection, form, status=_status(error))


def _status(error: CaseError) -> int:
    return 409 if isinstance(error, StaleEdit) else 422


def _int(value: str | None) -> int | None:
    return int(value) if (value or "").isdigit() else None


def _form_page(inspection, form, status=None):
    if status is None:
        status = 422 if form.errors and form.is_submitted() else 200
    context = {
        "inspection": inspection,
        "form": form,
        "bases": basis_infos(),
        "suggestions": finding_suggestions(inspection),
        "party_labels": PARTY_LABELS,
        "max_chars": MAX_DATA_URL_CHARS,
        "proceedings_url": proceedings_url(inspection),
    }
    return render_template("penalties/form.html", **context), status


def _penalty_page(inspection, penalty, revoke_error=None, status=200):
    context = {
        "inspection": inspection,
        "penalty": penalty,
        "editable": can_edit(inspection),
        "revoke_error": revoke_error,
    }
    return render_template("penalties/show.html", **context), status


def _anchor(penalty: Penalty) -> str:
    return f"penalty-{penalty.id}"
