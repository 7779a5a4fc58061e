"""Certificate spot checks of a case: one check per person of the unit, by the page's service."""

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Integer, List, String
from apiflask.validators import Length
from flask_login import current_user

from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.api.case_schemas import REASON, WRITES, Id, Version
from inspect_app.api.idempotency import idempotent
from inspect_app.api.phone_times import PhoneTime, phone_time
from inspect_app.api.refusals import refusals
from inspect_app.inspections import queries
from inspect_app.spotchecks import services
from inspect_app.subjects.queries import get_person

CASE = "/cases/<int:case_id>/certificate-checks"


class CheckOut(Schema):
    id = Integer()
    person_id = Integer()
    certificate_id = Integer(allow_none=True)
    shown = Boolean()
    number_matches = Boolean(allow_none=True)
    status = String(allow_none=True, metadata={"description": "On the inspection day."})
    platform_verified = Boolean()
    result = String(metadata={"enum": ["pass", "fail"]})
    problems = List(String())
    note = String()
    checked_at = DateTime()
    version = Integer()


class CheckIn(Schema):
    certificate_id = Id(load_default=None, allow_none=True)
    shown = Boolean(required=True)
    number_matches = Boolean(load_default=None, allow_none=True)
    platform_verified = Boolean(load_default=False)
    note = String(load_default="", validate=Length(max=2000))
    version = Version(
        load_default=None,
        allow_none=True,
        metadata={"description": "The check's version; null when no check was seen."},
    )
    reason = String(load_default=None, allow_none=True, validate=Length(max=500), metadata=REASON)
    checked_at = PhoneTime("When the certificate was checked on the phone.")


@bp.get(CASE)
@bp.auth_required(token_auth)
@bp.output(CheckOut(many=True))
def list_certificate_checks(case_id: int):
    """The case's certificate checks, one per person checked."""
    return list(services.checks_by_person(queries.get_inspection(case_id)).values())


@bp.put(CASE + "/<int:person_id>")
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(CheckIn, arg_name="data")
@bp.output(CheckOut)
def record_certificate_check(case_id: int, person_id: int, data):
    """Record (or change) the check of one person of the unit; pass or fail is worked out."""
    inspection = queries.get_editable_inspection(case_id)
    person = get_person(inspection.subject, person_id)
    checked_at = phone_time(data.pop("checked_at"), inspection, "checked_at")
    with refusals(lambda: _current(case_id, person_id)):
        check = services.record_certificate_check(inspection, current_user, person, **data)
        check.checked_at = checked_at or check.checked_at
        return check


def _current(case_id: int, person_id: int) -> dict | None:
    inspection = queries.get_inspection(case_id)
    check = services.check_for(inspection, get_person(inspection.subject, person_id))
    return CheckOut().dump(check) if check is not None else None
