"""The inspector's decision on the unit's requests for more time on an order (延期整改)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from inspect_app.auth.access import require_role
from inspect_app.extensions import db
from inspect_app.findings import documents, extensions
from inspect_app.findings.views import CASE, _refused, _status, can_edit
from inspect_app.inspections import queries
from inspect_app.inspections.errors import CaseError

bp = Blueprint("extensions", __name__)
OUTCOMES = {"grant": "granted", "refuse": "refused"}


@bp.get(f"{CASE}/extensions/<int:extension_id>")
def extension(inspection_id: int, extension_id: int):
    inspection = queries.get_inspection(inspection_id)
    found = _extension(inspection, extension_id)
    return _extension_page(inspection, found)


@bp.post(f"{CASE}/extensions/<int:extension_id>/grant")
def grant(inspection_id: int, extension_id: int):
    return _decide_extension(inspection_id, extension_id, "grant")


@bp.post(f"{CASE}/extensions/<int:extension_id>/refuse")
def refuse(inspection_id: int, extension_id: int):
    return _decide_extension(inspection_id, extension_id, "refuse")


def _decide_extension(inspection_id: int, extension_id: int, decision: str):
    inspection = queries.get_inspection(inspection_id)
    require_role("inspector", "admin")
    found = _extension(inspection, extension_id)
    form = extensions.GrantForm() if decision == "grant" else extensions.RefuseForm()
    if found.status == OUTCOMES[decision]:
        return _decided(inspection, found)  # a double tap: the first one decided
    if not form.validate_on_submit():
        return _extension_page(inspection, found, **{decision: form}, status=_status(form))
    try:
        _decide(found, form, decision)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return _decided(inspection, found)
    except CaseError as error:
        return _refused(
            error,
            form,
            lambda code: _extension_page(inspection, found, **{decision: form}, status=code),
        )
    return _decided(inspection, found)


def _extension(inspection, extension_id: int):
    found = extensions.case_extension(inspection, extension_id)
    if found is None:
        abort(404)
    return found


def _decide(found, form, decision: str) -> None:
    if decision == "grant":
        extensions.grant_extension(
            found, current_user, form.deadline.data, form.note.data, form.version.data
        )
    else:
        extensions.refuse_extension(found, current_user, form.reason.data, form.version.data)


def _decided(inspection, found):
    db.session.refresh(found)
    flash(extensions.decided_message(found), "success")
    anchor = f"extension-{found.id}"
    return redirect(url_for("findings.index", inspection_id=inspection.id, _anchor=anchor))


def _extension_page(inspection, found, grant=None, refuse=None, status=200):
    data = {"version": found.version}
    context = {"inspection": inspection, "extension": found, "editable": can_edit(inspection)}
    context["grant"] = grant or extensions.GrantForm(
        formdata=None, data=data | {"deadline": found.requested_deadline}
    )
    context["refuse"] = refuse or extensions.RefuseForm(formdata=None, data=data)
    context["number"] = documents.order_numbers(inspection)[found.order_id]
    context["document"] = documents.extension_decisions(inspection).get(found.id)
    return render_template("findings/extension.html", **context), status
