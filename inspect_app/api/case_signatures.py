"""Signatures on the open revision of a record (the draft, or a pending correction): who must
sign, a drawn PNG, or the representative's refusal."""

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, File, Integer, Nested, String
from apiflask.validators import Length
from flask import abort
from flask_login import current_user

from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.api.case_schemas import WRITES, Version
from inspect_app.api.idempotency import idempotent
from inspect_app.api.phone_times import PhoneTime, phone_time
from inspect_app.api.refusals import refusals
from inspect_app.inspections import queries
from inspect_app.signatures import services
from inspect_app.signatures.services import MAX_REFUSAL_CHARS

SIGNER = "/cases/<int:case_id>/signatures/<signer_key>"
BASE = {
    "description": "The version of the signer's entry the client saw; 0 or null when it saw none."
}


class SignatureOut(Schema):
    version = Integer()
    signed = Boolean(attribute="is_signed")
    refused = Boolean()
    refusal_reason = String(allow_none=True)
    image_sha256 = String(allow_none=True)
    signed_at = DateTime()


class SlotOut(Schema):
    key = String(metadata={"description": "inspector:<user id> or representative."})
    role = String()
    name = String()
    position = String()
    may_refuse = Boolean()
    signature = Nested(SignatureOut, allow_none=True)


class SignatureIn(Schema):
    image = File(required=True, metadata={"description": "The drawn signature as PNG."})
    version = Version(load_default=None, allow_none=True, metadata=BASE)
    signed_at = PhoneTime("When it was signed on the phone.")


class RefusalIn(Schema):
    refusal = String(
        required=True,
        validate=Length(1, MAX_REFUSAL_CHARS),
        metadata={"description": "What the representative said or did."},
    )
    version = Version(load_default=None, allow_none=True, metadata=BASE)
    signed_at = PhoneTime("When the refusal was recorded on the phone.")


@bp.get("/cases/<int:case_id>/signatures")
@bp.auth_required(token_auth)
@bp.output(SlotOut(many=True))
def list_signatures(case_id: int):
    """Every required signer in record order, with what each has given.

    The signatures are those of the open revision (the draft, or a pending correction), else
    those of the latest issued revision."""
    return services.signer_slots(queries.get_inspection(case_id))


@bp.post(SIGNER)
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(SignatureIn, location="form_and_files", arg_name="data")
@bp.output(SlotOut, status_code=201)
def sign(case_id: int, signer_key: str, data):
    """Store a drawn signature (PNG, re-encoded without metadata) for the open revision."""
    inspection = queries.get_editable_inspection(case_id)
    _slot(inspection, signer_key)
    with refusals(lambda: _current(case_id, signer_key)):
        png = data["image"].read()
        signed_at = phone_time(data["signed_at"], inspection, "signed_at")
        signature = services.record_signature(
            inspection, current_user, signer_key, png, base_version=data["version"]
        )
        signature.signed_at = signed_at or signature.signed_at
    return _slot(inspection, signer_key), 201


@bp.post(SIGNER + "/refusal")
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(RefusalIn, arg_name="data")
@bp.output(SlotOut, status_code=201)
def refuse(case_id: int, signer_key: str, data):
    """Record that the representative refused to sign the open revision, and what they said."""
    inspection = queries.get_editable_inspection(case_id)
    _slot(inspection, signer_key)
    with refusals(lambda: _current(case_id, signer_key)):
        signed_at = phone_time(data["signed_at"], inspection, "signed_at")
        signature = services.record_refusal(
            inspection, current_user, data["refusal"], None, data["version"], signer_key
        )
        signature.signed_at = signed_at or signature.signed_at
    return _slot(inspection, signer_key), 201


def _slot(inspection, signer_key: str):
    """The required signer with this key, else 404."""
    slot = services.find_slot(inspection, signer_key)
    if slot is None:
        abort(404)
    return slot


def _current(case_id: int, signer_key: str) -> dict:
    return SlotOut().dump(_slot(queries.get_inspection(case_id), signer_key))
