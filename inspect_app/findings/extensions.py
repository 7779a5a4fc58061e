"""Extensions of an order's deadline (延期整改): the unit asks on its public page, before the
deadline; the inspector grants (a new deadline) or refuses (with the reason). Each decision is a
document the unit receives. The record's revisions keep the deadline they froze.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.documents.models import Document
from inspect_app.extensions import db
from inspect_app.findings.documents import extension_decisions, issue_extension_decision
from inspect_app.findings.models import (
    ExtensionStatus,
    OrderExtension,
    OrderStatus,
    RectificationOrder,
)
from inspect_app.i18n import format_local_date
from inspect_app.inspections.errors import CaseError, NotEditable
from inspect_app.inspections.models import Inspection, Status
from inspect_app.inspections.services import check_version

DEADLINE_REQUIRED = _l("Enter the new deadline.")
REASON_REQUIRED = _l("Give the reason for refusing.")
ALREADY_DECIDED = _l("This request has already been decided.")


class ExtensionError(CaseError):
    """A refusal that belongs next to one form field (or at the top)."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class GrantForm(FlaskForm):
    deadline = DateField(
        _l("New deadline"),
        validators=[InputRequired(DEADLINE_REQUIRED)],
        description=_l("The date the unit asked for, or the one you grant."),
    )
    note = TextAreaField(
        _l("Note to the unit"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Optional; printed on the decision the unit receives."),
    )
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


class RefuseForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for refusing"),
        validators=[DataRequired(REASON_REQUIRED), Length(max=1000)],
        description=_l("Printed on the decision the unit receives."),
    )
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


@dataclass(frozen=True)
class ExtensionRow:
    """A request with its order and, once decided, the decision document."""

    extension: OrderExtension
    document: Document | None


def grant_extension(
    extension: OrderExtension, user: User, deadline: date | None, note: str, version: int | None
) -> Document:
    """Move the order's deadline to `deadline` and issue the decision."""
    order = _decidable(extension, version)
    if deadline is None:
        raise ExtensionError(DEADLINE_REQUIRED, "deadline")
    if deadline <= order.deadline:
        raise ExtensionError(later_than(order.deadline), "deadline")
    if deadline < clock.today():
        raise ExtensionError(_l("The new deadline cannot be in the past."), "deadline")
    before = order.deadline
    order.deadline = deadline
    _decide(extension, user, ExtensionStatus.GRANTED, note)
    extension.granted_deadline = deadline
    record_audit(
        user,
        "grant_extension",
        extension,
        _case(order),
        before=before.isoformat(),
        deadline=deadline.isoformat(),
        note=extension.decision_note,
        order=order.id,
    )
    return issue_extension_decision(extension, user)


def refuse_extension(
    extension: OrderExtension, user: User, reason: str, version: int | None
) -> Document:
    """Keep the order's deadline and issue the decision with the reason."""
    order = _decidable(extension, version)
    if not (reason or "").strip():
        raise ExtensionError(REASON_REQUIRED, "reason")
    _decide(extension, user, ExtensionStatus.REFUSED, reason)
    record_audit(
        user,
        "refuse_extension",
        extension,
        _case(order),
        reason=extension.decision_note,
        order=order.id,
    )
    return issue_extension_decision(extension, user)


def case_extensions(inspection: Inspection) -> list[ExtensionRow]:
    """Every extension request of the case, newest first, with its decision document."""
    query = (
        select(OrderExtension)
        .join(RectificationOrder)
        .where(RectificationOrder.inspection_id == inspection.id)
        .order_by(OrderExtension.id.desc())
    )
    decisions = extension_decisions(inspection)
    return [ExtensionRow(e, decisions.get(e.id)) for e in db.session.scalars(query)]


def order_extensions(inspection: Inspection) -> dict[int, list[ExtensionRow]]:
    """The case's extension requests by order, oldest first."""
    found: dict[int, list[ExtensionRow]] = {}
    for row in reversed(case_extensions(inspection)):
        found.setdefault(row.extension.order_id, []).append(row)
    return found


def case_extension(inspection: Inspection, extension_id: int) -> OrderExtension | None:
    """One extension request of this case, or None."""
    extension = db.session.get(OrderExtension, extension_id)
    if extension is None or extension.order.inspection_id != inspection.id:
        return None
    return extension


def pending_extension(order: RectificationOrder) -> OrderExtension | None:
    query = select(OrderExtension).where(
        OrderExtension.order_id == order.id,
        OrderExtension.status == ExtensionStatus.PENDING.value,
    )
    return db.session.scalars(query).first()


def extension_refusal(inspection: Inspection, order: RectificationOrder) -> str | None:
    """Why the unit cannot ask for more time on this order now (None: it can)."""
    if inspection.status == Status.CLOSED or order.status != OrderStatus.OPEN:
        return str(_l("This order is no longer open, so its deadline cannot be extended."))
    if clock.today() > order.deadline:
        return str(
            _l(
                "The deadline of this order has passed: an extension can only be asked for "
                "before it. Contact the issuing office."
            )
        )
    if pending_extension(order) is not None:
        return str(_l("A request for this order is already waiting for the inspector's decision."))
    return None


def later_than(current: date) -> str:
    """The message for a new deadline that is not after the current one."""
    return _(
        "The new deadline must be after the current deadline (%(date)s).",
        date=format_local_date(current),
    )


def _decidable(extension: OrderExtension, version: int | None) -> RectificationOrder:
    order = extension.order
    if _case(order).status == Status.CLOSED:
        raise NotEditable()
    if extension.status != ExtensionStatus.PENDING:
        raise ExtensionError(ALREADY_DECIDED)
    check_version(extension, version)
    if order.status != OrderStatus.OPEN:
        raise ExtensionError(_l("The order has been re-inspected: its deadline no longer counts."))
    return order


def _decide(extension: OrderExtension, user: User, status: str, note: str) -> None:
    extension.status = status
    extension.decided_at, extension.decided_by_id = clock.utcnow(), user.id
    extension.decision_note = (note or "").strip()


def _case(order: RectificationOrder) -> Inspection:
    return db.session.get(Inspection, order.inspection_id)


def decided_message(extension: OrderExtension) -> str:
    """What the inspector is told once a request is decided."""
    if extension.status == ExtensionStatus.GRANTED:
        return _(
            "Extension granted: the order is now due on %(date)s. The unit receives the decision.",
            date=format_local_date(extension.granted_deadline),
        )
    return _("Extension refused. The unit receives the decision with your reason.")
