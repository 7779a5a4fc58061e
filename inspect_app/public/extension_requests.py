"""The unit's request for more time on an order, sent from its public case page with the
verification code (the same check, and the same throttle on wrong codes, as its answers)."""

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import DateField, HiddenField, TextAreaField
from wtforms.validators import Length, Optional

from inspect_app.audit.services import record_audit
from inspect_app.catalogs.procedure import procedure_rules
from inspect_app.extensions import db
from inspect_app.findings.extensions import extension_refusal, later_than
from inspect_app.findings.models import OrderExtension, RectificationOrder
from inspect_app.inspections.models import Inspection
from inspect_app.public.forms import PublicForm, _code_field
from inspect_app.public.services import NO_CODE, AnswerRefused, Incomplete, check_code
from inspect_app.public.services import new_client_key as _new_key

LONGEST = timedelta(days=365)  # a typing slip, not a plan


class ExtensionForm(PublicForm):
    """The unit's request: code, the deadline it proposes, and why."""

    code = _code_field(required=False)
    deadline = DateField(
        _l("New deadline proposed"),
        validators=[Optional()],
        render_kw={"required": True},
    )
    reason = TextAreaField(
        _l("Why the unit needs more time"),
        validators=[Length(max=2000)],
        description=_l("For example: the external training course starts on 10 December."),
    )
    client_key = HiddenField(default=_new_key, validators=[Length(max=64)])


def request_extension(
    inspection: Inspection,
    order: RectificationOrder,
    *,
    code: str,
    deadline: date | None,
    reason: str,
    client_key: str,
    address: str,
) -> OrderExtension:
    """Store one pending request for the order (once per client key), before its deadline."""
    if (done := extension_with_key(client_key)) is not None:
        if done.order_id != order.id:
            raise AnswerRefused(_l("This form was already used. Reload the page and try again."))
        return done
    order = _locked(order)
    if (refusal := extension_refusal(inspection, order)) is not None:
        raise AnswerRefused(refusal)
    if not (code or "").strip():
        raise Incomplete(NO_CODE, "code")
    check_code(inspection, code, address)
    _check_request(order, deadline, reason)
    extension = OrderExtension(
        order_id=order.id,
        requested_deadline=deadline,
        reason=reason.strip(),
        previous_deadline=order.deadline,
        client_key=client_key or _new_key(),
    )
    db.session.add(extension)
    record_audit(
        None,
        "request_extension",
        extension,
        inspection,
        order=order.id,
        deadline=deadline.isoformat(),
        previous=order.deadline.isoformat(),
    )
    return extension


def extension_advice_days() -> int:
    return procedure_rules().extension_advice_days


def extension_with_key(client_key: str) -> OrderExtension | None:
    if not client_key:
        return None
    query = select(OrderExtension).where(OrderExtension.client_key == client_key)
    return db.session.scalar(query)


def _check_request(order: RectificationOrder, deadline: date | None, reason: str) -> None:
    if deadline is None:
        raise AnswerRefused(_l("Enter the new deadline you propose."), "deadline")
    if deadline <= order.deadline:
        raise AnswerRefused(later_than(order.deadline), "deadline")
    if deadline > order.deadline + LONGEST:
        raise AnswerRefused(_l("Propose a deadline within a year of the current one."), "deadline")
    if not (reason or "").strip():
        raise AnswerRefused(_l("Give the reason the unit needs more time."), "reason")


def _locked(order: RectificationOrder) -> RectificationOrder:
    """The order again, its row locked (PostgreSQL): two requests at once make one pending."""
    query = select(RectificationOrder).where(RectificationOrder.id == order.id).with_for_update()
    return db.session.scalar(query.execution_options(populate_existing=True))
