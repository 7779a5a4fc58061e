"""Pages of the findings section of a case: suggestions, findings and rectification orders."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from inspect_app.auth.access import require_role
from inspect_app.extensions import db
from inspect_app.findings import (
    consistency,
    documents,
    extensions,
    pages,
    reinspection,
    services,
    suggestions,
)
from inspect_app.findings import queries as reads
from inspect_app.findings.forms import ChangeForm, FindingForm
from inspect_app.findings.models import Finding, RectificationOrder
from inspect_app.inspections import queries
from inspect_app.inspections.errors import CaseError, StaleEdit
from inspect_app.inspections.models import Status
from inspect_app.inspections.services import checklist_items

bp = Blueprint("findings", __name__)
bp.add_app_template_filter(documents.content_date, "content_date")
CASE = "/inspections/<int:inspection_id>"


@bp.get(f"{CASE}/findings")
def index(inspection_id: int):
    inspection = queries.get_inspection(inspection_id)
    editable = can_edit(inspection)
    return render_template(
        "findings/index.html",
        inspection=inspection,
        editable=editable,
        suggestions=suggestions.suggested_findings(inspection) if editable else [],
        photo_rows={p.id: p for p in reads.case_photos(inspection)},
        compliant_items=pages.compliant_items(inspection),
        new_client_key=services.new_client_key,
        extension_rows=extensions.case_extensions(inspection),
    )


@bp.route(f"{CASE}/findings/new", methods=["GET", "POST"])
def new_finding(inspection_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    suggestion = suggestions.suggestion_for(inspection, request.args.get("from"))
    form = pages.finding_form(inspection, data=pages.suggested_fields(suggestion))
    if not form.validate_on_submit():
        return _finding_page(form, inspection, None)
    fields = form.fields_for_service() | form.creation_fields()
    fields["certificate_check_id"] = form.certificate_check_id.data
    fields["quiz_attempt_id"] = form.quiz_attempt_id.data
    try:
        finding = _save_once(
            Finding, fields, lambda: services.record_finding(inspection, current_user, **fields)
        )
    except CaseError as error:
        return _refused(error, form, lambda status: _finding_page(form, inspection, None, status))
    flash(_("Finding recorded."), "success")
    _flash_answer(inspection, form)
    return _back(inspection, f"finding-{finding.id}" if finding else "findings")


@bp.route(f"{CASE}/findings/<int:finding_id>/edit", methods=["GET", "POST"])
def edit_finding(inspection_id: int, finding_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    finding = queries.get_case_object(Finding, finding_id, inspection)
    form = pages.finding_form(
        inspection, obj=finding, data={"photo_ids": [p.id for p in finding.photos]}
    )
    if not form.validate_on_submit():
        return _finding_page(form, inspection, finding)
    try:
        services.update_finding(
            finding,
            current_user,
            **form.fields_for_service(),
            **form.change_fields(),
        )
        db.session.commit()
    except CaseError as error:
        return _refused(
            error, form, lambda status: _finding_page(form, inspection, finding, status)
        )
    flash(_("Changes saved."), "success")
    _flash_answer(inspection, form)
    return _back(inspection, f"finding-{finding.id}")


@bp.route(f"{CASE}/findings/<int:finding_id>/delete", methods=["GET", "POST"])
def delete_finding(inspection_id: int, finding_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    finding = queries.get_case_object(Finding, finding_id, inspection)
    form = ChangeForm(obj=finding)
    if not form.validate_on_submit():
        return _delete_page(form, inspection, finding)
    try:
        services.delete_finding(finding, current_user, form.version.data, form.reason.data)
        db.session.commit()
    except CaseError as error:
        return _refused(error, form, lambda status: _delete_page(form, inspection, finding, status))
    flash(_("Finding deleted."), "success")
    return _back(inspection, "findings")


@bp.route(f"{CASE}/orders/new", methods=["GET", "POST"])
def new_order(inspection_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    form = pages.order_form(inspection, data=pages.order_defaults(inspection))
    if not form.validate_on_submit():
        return _order_page(form, inspection, None)
    fields = form.fields_for_service() | form.creation_fields()
    try:
        order = _save_once(
            RectificationOrder,
            fields,
            lambda: services.issue_order(inspection, current_user, **fields),
        )
    except CaseError as error:
        return _refused(error, form, lambda status: _order_page(form, inspection, None, status))
    flash(_("Rectification order issued."), "success")
    return _back(inspection, f"order-{order.id}" if order else "orders")


@bp.route(f"{CASE}/orders/<int:order_id>/edit", methods=["GET", "POST"])
def edit_order(inspection_id: int, order_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    order = queries.get_case_object(RectificationOrder, order_id, inspection)
    form = pages.order_form(
        inspection, obj=order, data={"finding_ids": [f.id for f in order.findings]}
    )
    if not form.validate_on_submit():
        return _order_page(form, inspection, order)
    try:
        services.update_order(
            order,
            current_user,
            **form.fields_for_service(),
            **form.change_fields(),
        )
        db.session.commit()
    except CaseError as error:
        return _refused(error, form, lambda status: _order_page(form, inspection, order, status))
    flash(_("Changes saved."), "success")
    return _back(inspection, f"order-{order.id}")


# --- helpers -----------------------------------------------------------------------------------


def can_edit(inspection) -> bool:
    """Inspectors and admins change open cases; supervisors read."""
    return current_user.has_role("inspector", "admin") and inspection.status != Status.CLOSED


def _save_once(model, fields: dict, action):
    """Run the service and commit; None when a twin double tap stored the same key first."""
    try:
        row = action()
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        key = fields["client_key"]
        if not key or services.stored_with_key(model, key) is None:
            raise
        return None
    return row


def _refused(error: CaseError, form, render):
    """Show a service's refusal next to its field (or at the top), keeping what was typed."""
    db.session.rollback()
    field = getattr(error, "field", None)
    if field in form:
        form[field].errors.append(str(error.message))
    else:
        flash(str(error.message), "error")
    return render(409 if isinstance(error, StaleEdit) else 422)


def _back(inspection, anchor: str):
    return redirect(url_for(".index", inspection_id=inspection.id, _anchor=anchor))


def _status(form) -> int:
    return 422 if form.is_submitted() else 200


def _flash_answer(inspection, form: FindingForm) -> None:
    """Say what became of the compliant answer of the finding's item."""
    code = form.contradicted_item
    item = next((i for i in checklist_items(inspection) if i.code == code), None)
    if item is None:
        return
    if form.answer_non_compliant.data:
        label = consistency.item_label(item)
        flash(_("%(item)s is now answered non-compliant.", item=label), "info")
    else:
        flash(consistency.contradiction_message(item), "error")


def _finding_page(form, inspection, finding, status=None):
    context = {"form": form, "inspection": inspection, "finding": finding}
    context["photos"] = reads.case_photos(inspection)
    context["compliant_items"] = pages.compliant_items(inspection)
    return render_template("findings/finding_form.html", **context), status or _status(form)


def _delete_page(form, inspection, finding, status=None):
    context = {"form": form, "inspection": inspection, "finding": finding}
    return render_template("findings/delete_finding.html", **context), status or _status(form)


def _order_page(form, inspection, order, status=None):
    context = {"form": form, "inspection": inspection, "order": order}
    context["findings"] = reads.case_findings(inspection)
    return render_template("findings/order_form.html", **context), status or _status(form)


# --- re-inspection (复查) ------------------------------------------------------------------------


@bp.route(f"{CASE}/orders/<int:order_id>/reinspect", methods=["GET", "POST"])
def reinspect_order(inspection_id: int, order_id: int):
    inspection = queries.get_inspection(inspection_id)
    order = queries.get_case_object(RectificationOrder, order_id, inspection)
    if request.method == "POST":
        require_role("inspector", "admin")
    form = reinspection.ReinspectForm(data={"version": order.version})
    if not form.validate_on_submit():
        return _reinspect_page(form, inspection, order)
    try:
        closed = reinspection.reinspect_order(
            order, current_user, form.outcome.data, form.note.data, form.version.data
        )
        db.session.commit()
    except CaseError as error:
        return _refused(
            error, form, lambda status: _reinspect_page(form, inspection, order, status)
        )
    return _after_reinspection(inspection, order, closed)


def _reinspect_page(form, inspection, order, status=None):
    orders = reads.case_orders(inspection)
    context = {"form": form, "inspection": inspection, "order": order}
    context["editable"] = can_edit(inspection)
    context["number"] = next(n for n, o in enumerate(orders, start=1) if o.id == order.id)
    context["awaits"] = reinspection.awaits_reinspection(order)
    context["opinions"] = documents.order_opinions(inspection).get(order.id, [])
    return render_template("findings/reinspect.html", **context), status or _status(form)


def _after_reinspection(inspection, order, closed: bool):
    if closed:
        flash(_("Re-inspection recorded. Every order is rectified: the case is closed."), "success")
        return redirect(url_for("inspections.show", inspection_id=inspection.id))
    if order.status == "not_rectified":
        flash(_("Recorded as not rectified."), "success")
        return redirect(url_for(".reinspect_order", inspection_id=inspection.id, order_id=order.id))
    flash(_("Recorded as rectified."), "success")
    return _back(inspection, f"order-{order.id}")
