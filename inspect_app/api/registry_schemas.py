"""Schemas of the subject register: subjects, their people and those people's certificates.

Field checks call the same functions as the page forms (validators.py, subjects/checks.py)."""

from apiflask import Schema
from apiflask.fields import Boolean, Date, DateTime, Integer, Method, String
from apiflask.validators import Length, OneOf, Range, Regexp
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import ValidationError

from inspect_app import clock
from inspect_app.auth.services import assignable_regions
from inspect_app.labels import (
    CERTIFICATE_KIND_LABELS,
    INDUSTRY_LABELS,
    POSITION_LABELS,
    SUBJECT_KIND_LABELS,
)
from inspect_app.validators import (
    PHONE_MESSAGE,
    PHONE_PATTERN,
    id_number_problem,
    normalise_code,
    uscc_problem,
)

VERSION_HELP = "The version this change is based on (from the last read); a stale one is a 409."


class Code(String):
    """A Chinese identifier: spaces and hyphens dropped, letters capitalised, check digit kept."""

    def __init__(self, problem, **kwargs) -> None:
        super().__init__(**kwargs)
        self.problem = problem

    def _deserialize(self, value, attr, data, **kwargs):
        code = normalise_code(super()._deserialize(value, attr, data, **kwargs))
        if not code and self.allow_none:
            return None
        if message := self.problem(code):
            raise ValidationError(str(message))
        return code


def _filled(value: str) -> None:
    if not value.strip():
        raise ValidationError(str(_l("This field is required.")))


def _in_scope(region_id: int) -> None:
    if region_id not in {r.id for r in assignable_regions(current_user)}:
        raise ValidationError(str(_l("Choose a region in your scope.")))


def _one_of(labels: dict) -> OneOf:
    return OneOf(list(labels))


def _version() -> Integer:
    return Integer(required=True, validate=Range(1), metadata={"description": VERSION_HELP})


def _phone() -> String:
    return String(validate=Regexp(PHONE_PATTERN, error=PHONE_MESSAGE))


class SubjectFields(Schema):
    kind = String(validate=_one_of(SUBJECT_KIND_LABELS))
    name = String(validate=[Length(1, 128), _filled])
    uscc = Code(uscc_problem, metadata={"description": "unified social credit code"})
    address = String(validate=Length(max=256))
    industry = String(validate=_one_of(INDUSTRY_LABELS))
    high_risk = Boolean()
    region_id = Integer(validate=_in_scope)
    contact_name = String(validate=Length(max=64))
    contact_phone = _phone()


class SubjectIn(SubjectFields):
    kind = String(required=True, validate=_one_of(SUBJECT_KIND_LABELS))
    name = String(required=True, validate=[Length(1, 128), _filled])
    uscc = Code(uscc_problem, required=True, metadata={"description": "unified social credit code"})
    region_id = Integer(required=True, validate=_in_scope)


class SubjectPatch(SubjectFields):
    version = _version()


class SubjectOut(Schema):
    id = Integer()
    kind = String()
    name = String()
    uscc = String()
    address = String()
    industry = String()
    high_risk = Boolean()
    region_id = Integer()
    contact_name = String()
    contact_phone = String()
    created_at = DateTime()
    updated_at = DateTime()
    version = Integer()


class SubjectQuery(Schema):
    q = String(load_default="", validate=Length(max=64), metadata={"description": "name or USCC"})
    kind = String(load_default="", validate=OneOf(["", *SUBJECT_KIND_LABELS]))


class PersonFields(Schema):
    name = String(validate=[Length(1, 64), _filled])
    position = String(validate=_one_of(POSITION_LABELS))
    id_number = Code(id_number_problem, allow_none=True)
    appointed_on = Date(allow_none=True)
    phone = _phone()


class PersonIn(PersonFields):
    name = String(required=True, validate=[Length(1, 64), _filled])
    position = String(required=True, validate=_one_of(POSITION_LABELS))


class PersonPatch(PersonFields):
    version = _version()


class PersonOut(Schema):
    id = Integer()
    subject_id = Integer()
    name = String()
    position = String()
    id_number = String(allow_none=True)
    appointed_on = Date(allow_none=True)
    phone = String()
    created_at = DateTime()
    version = Integer()


class CertificateFields(Schema):
    kind = String(validate=_one_of(CERTIFICATE_KIND_LABELS))
    number = String(validate=[Length(1, 64), _filled])
    issued_on = Date()
    expires_on = Date(
        allow_none=True,
        metadata={"description": "null: the statutory validity (special operations only)"},
    )
    reviewed_on = Date(allow_none=True)
    verified_on = Date(allow_none=True)


class CertificateIn(CertificateFields):
    kind = String(required=True, validate=_one_of(CERTIFICATE_KIND_LABELS))
    number = String(required=True, validate=[Length(1, 64), _filled])
    issued_on = Date(required=True)


class CertificatePatch(CertificateFields):
    version = _version()


class CertificateOut(Schema):
    id = Integer()
    person_id = Integer()
    kind = String()
    number = String()
    issued_on = Date()
    expires_on = Date()
    reviewed_on = Date(allow_none=True)
    verified_on = Date(allow_none=True)
    status = Method(
        "status_today",
        metadata={"type": "string", "description": "valid, expiring, expired or review_overdue"},
    )
    created_at = DateTime()
    version = Integer()

    def status_today(self, certificate) -> str:
        return certificate.status_on(clock.today()).value
