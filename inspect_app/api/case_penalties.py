"""Penalties of a case: each fine checked against its legal basis by the page's service."""

from apiflask import Schema
from apiflask.fields import Boolean, Date, DateTime, Integer, List, String
from apiflask.validators import Length, OneOf
from flask_login import current_user

from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.api.case_schemas import REASON, VERSION, WRITES, Version
from inspect_app.api.idempotency import idempotent
from inspect_app.api.refusals import refusals
from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.penalties import services
from inspect_app.penalties.models import Party, Penalty, Procedure

CASE = "/cases/<int:case_id>/penalties"


class PenaltyOut(Schema):
    id = Integer()
    party = String()
    person_name = String(allow_none=True)
    violation = String()
    basis_code = String()
    basis_law = String()
    basis_article = String()
    fine_yuan = Integer()
    procedure = String()
    decision_no = String()
    decision_date = Date(allow_none=True)
    measures = List(String())
    revoked = Boolean(attribute="is_revoked")
    created_at = DateTime()
    version = Integer()


class PenaltyIn(Schema):
    party = String(required=True, validate=OneOf([p.value for p in Party]))
    person_name = String(load_default=None, allow_none=True, validate=Length(max=64))
    violation = String(required=True, validate=Length(max=2000))
    basis_code = String(
        required=True, metadata={"description": "A code of the legal-basis catalog."}
    )
    fine_yuan = Integer(
        required=True,
        strict=True,
        metadata={"description": "Whole yuan, within the basis's range for the party."},
    )
    procedure = String(
        load_default=Procedure.GENERAL.value, validate=OneOf([p.value for p in Procedure])
    )
    decision_no = String(load_default="", validate=Length(max=64))
    decision_date = Date(load_default=None, allow_none=True)
    measures = List(String(), load_default=list)
    reason = String(load_default=None, allow_none=True, validate=Length(max=500), metadata=REASON)


class PenaltyChangeIn(PenaltyIn):
    version = Version(required=True, metadata=VERSION)


@bp.get(CASE)
@bp.auth_required(token_auth)
@bp.output(PenaltyOut(many=True))
def list_penalties(case_id: int):
    """The case's penalties as recorded, revoked ones included."""
    return services.case_penalties(queries.get_inspection(case_id))


@bp.post(CASE)
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(PenaltyIn, arg_name="data")
@bp.output(PenaltyOut, status_code=201)
def impose_penalty(case_id: int, data):
    """Record a penalty; a fine outside the legal basis's range is a 422 naming fine_yuan."""
    inspection = queries.get_editable_inspection(case_id)
    with refusals():
        return services.impose_penalty(inspection, current_user, **data), 201


@bp.patch(CASE + "/<int:penalty_id>")
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(PenaltyChangeIn, arg_name="data")
@bp.output(PenaltyOut)
def update_penalty(case_id: int, penalty_id: int, data):
    """Change a penalty made from the current version (all fields, as the page's form)."""
    inspection = queries.get_editable_inspection(case_id)
    penalty = queries.get_case_object(Penalty, penalty_id, inspection)
    current = lambda: PenaltyOut().dump(db.session.get(Penalty, penalty_id))  # noqa: E731
    with refusals(current):
        return services.update_penalty(penalty, current_user, **data)
