"""Findings and rectification orders of a case, through the page's services."""

from apiflask import Schema
from apiflask.fields import Boolean, Date, DateTime, Integer, List, String
from apiflask.validators import Length
from flask_login import current_user

from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.api.case_schemas import REASON, VERSION, WRITES, Id, Version, values_of
from inspect_app.api.idempotency import idempotent
from inspect_app.api.refusals import refusals
from inspect_app.extensions import db
from inspect_app.findings import queries as reads
from inspect_app.findings import services
from inspect_app.findings.models import Finding, RectificationOrder
from inspect_app.inspections import queries

CASE = "/cases/<int:case_id>"


class FindingOut(Schema):
    id = Integer()
    description = String()
    item_code = String(allow_none=True)
    certificate_check_id = Integer(allow_none=True)
    quiz_attempt_id = Integer(allow_none=True)
    photo_ids = List(Integer())
    created_at = DateTime()
    version = Integer()


class FindingIn(Schema):
    description = String(required=True, validate=Length(1, 2000))
    item_code = String(load_default=None, allow_none=True)
    certificate_check_id = Id(load_default=None, allow_none=True)
    quiz_attempt_id = Id(load_default=None, allow_none=True)
    photo_ids = List(Id(), load_default=list)
    answer_non_compliant = Boolean(
        load_default=True,
        metadata={"description": "Change the item's compliant answer to non-compliant."},
    )
    reason = String(load_default=None, allow_none=True, validate=Length(max=500), metadata=REASON)


class FindingChangeIn(FindingIn):
    version = Version(required=True, metadata=VERSION)


class OrderOut(Schema):
    id = Integer()
    requirement = String()
    deadline = Date()
    status = String()
    finding_ids = List(Integer())
    created_at = DateTime()
    version = Integer()


class OrderIn(Schema):
    finding_ids = List(Id(), required=True)
    requirement = String(required=True, validate=Length(1, 2000))
    deadline = Date(required=True)
    reason = String(load_default=None, allow_none=True, validate=Length(max=500), metadata=REASON)


class OrderChangeIn(OrderIn):
    version = Version(required=True, metadata=VERSION)


def _finding_out(finding: Finding) -> dict:
    return values_of(finding, FindingOut, photo_ids=[p.id for p in finding.photos])


def _order_out(order: RectificationOrder) -> dict:
    return values_of(order, OrderOut, finding_ids=[f.id for f in order.findings])


@bp.get(CASE + "/findings")
@bp.auth_required(token_auth)
@bp.output(FindingOut(many=True))
def list_findings(case_id: int):
    """The case's findings in record order."""
    return [_finding_out(f) for f in reads.case_findings(queries.get_inspection(case_id))]


@bp.post(CASE + "/findings")
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(FindingIn, arg_name="data")
@bp.output(FindingOut, status_code=201)
def record_finding(case_id: int, data):
    """Record a finding on the case's own item, certificate check, quiz and photos."""
    inspection = queries.get_editable_inspection(case_id)
    with refusals():
        finding = services.record_finding(inspection, current_user, **data)
    return _finding_out(finding), 201


@bp.patch(CASE + "/findings/<int:finding_id>")
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(FindingChangeIn, arg_name="data")
@bp.output(FindingOut)
def update_finding(case_id: int, finding_id: int, data):
    """Change a finding made from the current version."""
    inspection = queries.get_editable_inspection(case_id)
    finding = queries.get_case_object(Finding, finding_id, inspection)
    for name in ("certificate_check_id", "quiz_attempt_id"):
        data.pop(name)
    with refusals(lambda: FindingOut().dump(_finding_out(db.session.get(Finding, finding_id)))):
        services.update_finding(finding, current_user, **data)
    return _finding_out(finding)


@bp.get(CASE + "/orders")
@bp.auth_required(token_auth)
@bp.output(OrderOut(many=True))
def list_orders(case_id: int):
    """The case's rectification orders in record order."""
    return [_order_out(o) for o in reads.case_orders(queries.get_inspection(case_id))]


@bp.post(CASE + "/orders")
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(OrderIn, arg_name="data")
@bp.output(OrderOut, status_code=201)
def issue_order(case_id: int, data):
    """Order the unit to rectify findings of this case by a deadline."""
    inspection = queries.get_editable_inspection(case_id)
    with refusals():
        order = services.issue_order(inspection, current_user, **data)
    return _order_out(order), 201


@bp.patch(CASE + "/orders/<int:order_id>")
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(OrderChangeIn, arg_name="data")
@bp.output(OrderOut)
def update_order(case_id: int, order_id: int, data):
    """Change an open order's findings, requirement or deadline, from the current version."""
    inspection = queries.get_editable_inspection(case_id)
    order = queries.get_case_object(RectificationOrder, order_id, inspection)
    current = lambda: OrderOut().dump(_order_out(db.session.get(RectificationOrder, order_id)))  # noqa: E731
    with refusals(current):
        services.update_order(order, current_user, **data)
    return _order_out(order)
