"""Issuing a record from the case page."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError, NotReady
from inspect_app.issuing import corrections, services

bp = Blueprint("issuing", __name__)
bp.app_context_processor(lambda: {"issue_blockers": services.issue_blockers})


@bp.post("/inspections/<int:inspection_id>/issue")
def issue(inspection_id: int):
    try:
        inspection = services.issue_with_retries(
            inspection_id, current_user, _int(request.form.get("version"))
        )
    except NotReady as error:
        db.session.rollback()
        for blocker in error.blockers:
            flash(blocker, "error")
        return redirect(url_for("inspections.show", inspection_id=inspection_id))
    except CaseError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("inspections.show", inspection_id=inspection_id))
    flash(_("Record %(number)s issued.", number=inspection.case_number), "success")
    return redirect(url_for("inspections.show", inspection_id=inspection.id))


@bp.post("/inspections/<int:inspection_id>/correction")
def issue_correction(inspection_id: int):
    try:
        revision = corrections.issue_correction_and_commit(
            inspection_id, current_user, _int(request.form.get("version"))
        )
    except NotReady as error:
        db.session.rollback()
        for blocker in error.blockers:
            flash(blocker, "error")
        return _back_to_case(inspection_id)
    except CaseError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return _back_to_case(inspection_id)
    flash(_("Correction issued as revision %(n)s.", n=revision.number), "success")
    return _back_to_case(inspection_id)


def _back_to_case(inspection_id: int):
    return redirect(url_for("inspections.show", inspection_id=inspection_id))


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
