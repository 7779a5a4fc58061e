"""Penalties of a case: on-the-spot decisions made here, each fine checked against its basis."""

import base64
import binascii

from apiflask import Schema
from apiflask.fields import Boolean, Date, DateTime, Integer, List, String
from apiflask.validators import Length, OneOf
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.api.case_schemas import WRITES
from inspect_app.api.idempotency import idempotent
from inspect_app.api.problems import Problem
from inspect_app.api.refusals import refusals
from inspect_app.inspections import queries
from inspect_app.penalties import services
from inspect_app.penalties.decisions import SIMPLE_MEASURES, PartySignature, decide_on_the_spot
from inspect_app.penalties.models import Party, Penalty, Procedure
from inspect_app.signatures.services import MAX_PNG_BYTES, MAX_REFUSAL_CHARS

CASE = "/cases/<int:case_id>/penalties"
MAX_BASE64_CHARS = (MAX_PNG_BYTES + 2) // 3 * 4
GENERAL_PROCEDURE = _l(
    "Here only on-the-spot decisions (simple procedure) are made. A general-procedure penalty "
    "is decided in a penalty case: open a proceeding for this case."
)


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
    document_id = Integer(allow_none=True, metadata={"description": "Its decision form."})
    revoked = Boolean(attribute="is_revoked")
    created_at = DateTime()
    version = Integer()


class DecisionIn(Schema):
    party = String(required=True, validate=OneOf([p.value for p in Party]))
    person_name = String(load_default=None, allow_none=True, validate=Length(max=64))
    violation = String(required=True, validate=Length(max=2000))
    basis_code = String(
        required=True, metadata={"description": "A code of the legal-basis catalog."}
    )
    fine_yuan = Integer(
        required=True,
        strict=True,
        metadata={
            "description": "Whole yuan, within the basis's range for the party and Art. 51's "
            "on-the-spot limit."
        },
    )
    procedure = String(
        load_default=Procedure.SIMPLE.value,
        validate=OneOf([p.value for p in Procedure]),
        metadata={"description": "Only simple: a general-procedure penalty is a proceeding's."},
    )
    measures = List(
        String(validate=OneOf(SIMPLE_MEASURES)),
        load_default=list,
        metadata={"description": "A warning and/or an order to correct."},
    )
    signature = String(
        load_default=None,
        allow_none=True,
        validate=Length(max=MAX_BASE64_CHARS),
        metadata={"description": "The party's drawn signature: a PNG, base64-encoded."},
    )
    refusal = String(
        load_default=None,
        allow_none=True,
        validate=Length(max=MAX_REFUSAL_CHARS),
        metadata={"description": "Instead of the signature: what the party said or did."},
    )


@bp.get(CASE)
@bp.auth_required(token_auth)
@bp.output(PenaltyOut(many=True))
def list_penalties(case_id: int):
    """The case's penalties as recorded, revoked ones included."""
    return services.case_penalties(queries.get_inspection(case_id))


@bp.get(CASE + "/<int:penalty_id>")
@bp.auth_required(token_auth)
@bp.output(PenaltyOut)
def get_penalty(case_id: int, penalty_id: int):
    """One penalty of the case, with its decision form's number."""
    return queries.get_case_object(Penalty, penalty_id, queries.get_inspection(case_id))


@bp.post(CASE)
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(DecisionIn, arg_name="data")
@bp.output(PenaltyOut, status_code=201)
def impose_penalty(case_id: int, data):
    """Issue an on-the-spot decision, signed by the party or with the refusal noted.

    A fine outside the basis's range or Art. 51's limit is a 422 naming fine_yuan; a
    general-procedure penalty is a 422 too (it is decided in a proceeding)."""
    inspection = queries.get_editable_inspection(case_id)
    if data.pop("procedure") != Procedure.SIMPLE:
        raise Problem(422, "general-procedure", str(GENERAL_PROCEDURE))
    signed = PartySignature(png=_png(data.pop("signature")), refusal=data.pop("refusal"))
    with refusals():
        penalty = decide_on_the_spot(inspection, current_user, signature=signed, **data)
    where = url_for(".get_penalty", case_id=inspection.id, penalty_id=penalty.id)
    return penalty, 201, {"Location": where}


def _png(encoded: str | None) -> bytes | None:
    if not encoded:
        return None
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as error:
        message = _("The signature must be a PNG image, base64-encoded.")
        raise Problem(422, "validation", message, errors={"signature": [message]}) from error
