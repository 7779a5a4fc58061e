"""Re-inspection (复查) of rectification orders, and closing the case once every order is done.

A re-inspection is not a change of the record's content (the record states the orders, not their
outcome), so it needs no reason and makes no revision; it is in the audit log. "Not rectified"
leaves the order awaiting a later re-inspection (after a penalty, or a new answer): the case
closes only when every order is rectified, and a closed case takes no more changes.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import IntegerField, RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from inspect_app.audit.services import record_audit
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.findings.documents import issue_reinspection_opinion
from inspect_app.findings.models import OrderStatus, RectificationOrder
from inspect_app.forms import choices_of
from inspect_app.inspections.errors import CaseError, NotEditable
from inspect_app.inspections.hooks import case_hooks
from inspect_app.inspections.models import Inspection, Status
from inspect_app.inspections.services import check_version
from inspect_app.labels import ORDER_STATUS_LABELS

OUTCOMES = (OrderStatus.RECTIFIED.value, OrderStatus.NOT_RECTIFIED.value)
NOTE_REQUIRED = _l("Write what you found at the re-inspection.")
OUTCOME_REQUIRED = _l("Choose rectified or not rectified.")


class ReinspectForm(FlaskForm):
    outcome = RadioField(
        _l("Outcome of the re-inspection"),
        choices=choices_of((value, ORDER_STATUS_LABELS[value]) for value in OUTCOMES),
        validators=[InputRequired(OUTCOME_REQUIRED)],
    )
    note = TextAreaField(
        _l("Re-inspection note"),
        validators=[DataRequired(NOTE_REQUIRED), Length(max=2000)],
        description=_l("What you checked and found; it is shown to the unit on its case page."),
    )
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


def reinspect_order(
    order: RectificationOrder, user, outcome: str, note: str, version: int | None
) -> bool:
    """Record the outcome of an order's re-inspection; True when this closed the case."""
    inspection = _locked_case(order)
    _check_open(inspection)
    check_version(order, version)
    if outcome not in OUTCOMES:
        raise CaseError(OUTCOME_REQUIRED)
    if not (note or "").strip():
        raise CaseError(NOTE_REQUIRED)
    before = {"status": order.status, "note": order.reinspection_note}
    order.status, order.reinspection_note = outcome, note.strip()
    order.reinspected_at, order.reinspected_by_id = utcnow(), user.id
    record_audit(
        user,
        "reinspect_order",
        order,
        inspection,
        before=before,
        outcome=outcome,
        note=order.reinspection_note,
        answers=[r.id for r in order.responses],
    )
    issue_reinspection_opinion(order, user)
    return close_if_done(inspection, user)


def close_if_done(inspection: Inspection, user, settled: bool = False) -> bool:
    """Close an issued case whose orders are all rectified and that nothing else keeps open
    (the closure_blockers hooks: e.g. a penalty proceeding not closed); True if it was closed.

    A case without orders closes only when the caller has just settled something of it
    (settled=True: the last of its proceedings closing); otherwise, with neither orders nor
    proceedings, an issued case stays issued as before."""
    db.session.flush()
    statuses = db.session.scalars(
        select(RectificationOrder.status).where(RectificationOrder.inspection_id == inspection.id)
    ).all()
    if inspection.status not in (Status.ISSUED, Status.RECTIFYING):
        return False
    if not (statuses or settled) or any(s != OrderStatus.RECTIFIED for s in statuses):
        return False
    if any(blocks(inspection) for blocks in case_hooks().closure_blockers):
        return False
    inspection.status = Status.CLOSED.value
    record_audit(user, "close_case", inspection, inspection, orders=len(statuses))
    return True


def awaits_reinspection(order: RectificationOrder) -> bool:
    """The unit has answered since the last re-inspection (or there has been none yet)."""
    if not order.responses or order.status == OrderStatus.RECTIFIED:
        return False
    last = order.responses[-1].created_at
    return order.reinspected_at is None or last > order.reinspected_at


def _locked_case(order: RectificationOrder) -> Inspection:
    """The order's case, its row locked (PostgreSQL), so two last re-inspections both close it."""
    query = select(Inspection).where(Inspection.id == order.inspection_id).with_for_update()
    return db.session.scalar(query.execution_options(populate_existing=True))


def _check_open(inspection: Inspection) -> None:
    if inspection.status == Status.CLOSED:
        raise NotEditable()
    if inspection.is_draft:
        raise CaseError(_l("Orders are re-inspected after the record has been issued."))
