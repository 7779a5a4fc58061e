"""Issuing a record from the case page."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.inspections import services as cases
from inspect_app.inspections.errors import CaseError, NotReady, NumberTaken
from inspect_app.issuing import services

bp = Blueprint("issuing", __name__)
bp.app_context_processor(lambda: {"issue_blockers": services.issue_blockers})


ISSUE_ATTEMPTS = 6  # another record of the town took the number meanwhile: render again


@bp.post("/inspections/<int:inspection_id>/issue")
def issue(inspection_id: int):
    try:
        inspection = _issue(inspection_id, _int(request.form.get("version")))
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


def _issue(inspection_id: int, version: int | None):
    """Issue and commit; when another record took the number first, start over."""
    for _attempt in range(ISSUE_ATTEMPTS - 1):
        try:
            return _issue_once(inspection_id, version)
        except NumberTaken:
            db.session.rollback()
    return _issue_once(inspection_id, version)


def _issue_once(inspection_id: int, version: int | None):
    inspection = queries.get_editable_inspection(inspection_id)
    cases.check_version(inspection, version)
    services.issue_record(inspection, current_user)
    db.session.commit()
    return inspection


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
