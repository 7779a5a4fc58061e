"""Pages of a proceeding's end: serving the decision, payment or its reminder, and closing.

The panel (templates/proceedings/_execution.html) is also part of the proceeding's own page;
its forms post here, and a refused form comes back on this blueprint's page with its errors.
"""

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from inspect_app.auth.access import require_role
from inspect_app.auth.models import Role
from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.inspections.errors import CaseError, StaleEdit
from inspect_app.proceedings import execution
from inspect_app.proceedings import execution_forms as forms
from inspect_app.proceedings.models import Proceeding

bp = Blueprint("proceeding_steps", __name__)
STEP = "/inspections/<int:inspection_id>/proceedings/<int:proceeding_id>"
DONE = {
    "serve": _l("Service recorded; the receipt has been made."),
    "payment": _l("Payment recorded."),
    "reminder": _l("Notice to pay made."),
    "close": _l("Proceeding closed."),
}


def content_date(value: str | None) -> str:
    """Template filter: a date a document's content holds (ISO) written the Chinese way."""
    return format_date(date.fromisoformat(value), "yyyy年M月d日") if value else ""


bp.add_app_template_filter(content_date, "content_date")
bp.add_app_template_global(forms.panel, "execution_panel")
bp.add_app_template_global(lambda code: execution.SERVICE_METHODS.get(code, ""), "execution_method")


@bp.get(f"{STEP}/execution")
def show(inspection_id: int, proceeding_id: int):
    inspection = queries.get_inspection(inspection_id)
    proceeding = queries.get_case_object(Proceeding, proceeding_id, inspection)
    return _page(inspection, proceeding)


@bp.post(f"{STEP}/serve")
def serve(inspection_id: int, proceeding_id: int):
    return _act(inspection_id, proceeding_id, "serve")


@bp.post(f"{STEP}/payment")
def payment(inspection_id: int, proceeding_id: int):
    return _act(inspection_id, proceeding_id, "payment")


@bp.post(f"{STEP}/reminder")
def reminder(inspection_id: int, proceeding_id: int):
    return _act(inspection_id, proceeding_id, "reminder")


@bp.post(f"{STEP}/close")
def close(inspection_id: int, proceeding_id: int):
    return _act(inspection_id, proceeding_id, "close")


def _act(inspection_id: int, proceeding_id: int, step: str):
    """Load, authorise, validate, call the step's service; back to the panel."""
    inspection = queries.get_inspection(inspection_id)
    require_role(*((Role.SUPERVISOR,) if step == "close" else (Role.INSPECTOR, Role.ADMIN)))
    proceeding = queries.get_case_object(Proceeding, proceeding_id, inspection)
    form = forms.bound(step)
    if not form.validate_on_submit():
        return _page(inspection, proceeding, {step: form}, 422)
    try:
        result = STEPS[step](proceeding, current_user, **_values(form))
        db.session.commit()
    except CaseError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return _page(inspection, proceeding, {step: form}, 409 if _stale(error) else 422)
    flash(_("This was already recorded.") if result.repeated else str(DONE[step]), "success")
    for warning in result.warnings:
        flash(warning, "warning")
    target = url_for("proceedings.show", inspection_id=inspection.id, proceeding_id=proceeding.id)
    return redirect(f"{target}#execution")


STEPS = {
    "serve": execution.serve_decision,
    "payment": execution.record_payment,
    "reminder": execution.remind_payment,
    "close": execution.close_proceeding,
}


def _values(form) -> dict:
    return {name: value for name, value in form.data.items() if name != "csrf_token"}


def _stale(error: CaseError) -> bool:
    return isinstance(error, StaleEdit)


def _page(inspection, proceeding, submitted=None, status=200):
    db.session.refresh(proceeding)
    return render_template(
        "proceedings/execution.html",
        inspection=inspection,
        proceeding=proceeding,
        execution_state=forms.panel(proceeding, submitted),
    ), status
