"""Schemas of a case and its parts, as the API reads and writes them."""

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Dict, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range, Regexp

from inspect_app.api.phone_times import PhoneTime
from inspect_app.inspections.models import Result, Status

REASON = {
    "description": "Why an issued record changes (required once issued: a new revision keeps it)."
}
VERSION = {"description": "The version this change was based on; a stale one is a 409."}
WRITES = {
    403: "Only inspectors and administrators change cases.",
    409: "A stale version (with the current state), or an Idempotency-Key reused for another "
    "request.",
    413: "The body is larger than allowed.",
}


MAX_ID = 2**31 - 1  # the largest integer key or version a row can have on every backend


def Id(**kw) -> Integer:
    """A row's id in a body: a whole number a row could have."""
    return Integer(strict=True, validate=Range(1, MAX_ID), **kw)


def Version(**kw) -> Integer:
    """A version in a body, within what the column holds."""
    return Integer(strict=True, validate=Range(0, MAX_ID), **kw)


def values_of(row, schema: type[Schema], **extra) -> dict:
    """The row's attributes that the schema declares (not yet dumped), with extra values."""
    names = set(schema._declared_fields) - set(extra)
    return {name: getattr(row, name) for name in names if hasattr(row, name)} | extra


class SubjectRef(Schema):
    id = Integer()
    name = String()
    kind = String()


class InspectorOut(Schema):
    user_id = Integer()
    name = String()
    cert_no = String()


class Progress(Schema):
    answered = Integer()
    total = Integer()


class CaseSummary(Schema):
    id = Integer()
    client_id = String(allow_none=True, metadata={"description": "Given by the offline app."})
    status = String(metadata={"enum": [s.value for s in Status]})
    case_number = String(allow_none=True)
    subject = Nested(SubjectRef)
    region_id = Integer()
    started_at = DateTime()
    place = String()
    issued_at = DateTime(allow_none=True)
    revision = Integer(metadata={"description": "Number of the latest revision (0: a draft)."})
    version = Integer()


class CaseOut(CaseSummary):
    campaign = String()
    catalog_version = Integer()
    representative_name = String()
    representative_position = String()
    inspectors = List(Nested(InspectorOut))
    typical = Boolean()
    progress = Nested(Progress)
    blockers = List(
        String(),
        metadata={
            "description": "What still stands in the way of issuing (drafts) or of issuing the "
            "pending correction."
        },
    )
    pending_correction = List(
        String(),
        metadata={
            "description": "Reasons of the changes made since the latest revision: a correction "
            "(更正) to sign and issue (POST /cases/{id}/correction)."
        },
    )


UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


class OpenCaseIn(Schema):
    subject_id = Id(required=True)
    started_at = DateTime(
        required=True,
        metadata={
            "description": "ISO 8601; without an offset it is read as local time. A phone "
            "opening the case offline sends its own time: at most 5 minutes ahead of now."
        },
    )
    client_id = String(
        load_default=None,
        allow_none=True,
        validate=Regexp(UUID),
        metadata={
            "description": "The offline app's id for this case (a UUID): opening again with "
            "the same id answers 200 with the case already opened.",
            "format": "uuid",
        },
    )
    place = String(required=True, validate=Length(1, 256))
    representative_name = String(required=True, validate=Length(1, 64))
    representative_position = String(required=True, validate=Length(1, 64))
    inspector_ids = List(
        Id(),
        required=True,
        metadata={"description": "At least two inspectors of the subject's region."},
    )


class AnswerOut(Schema):
    result = String()
    note = String()
    version = Integer()
    answered_at = DateTime()


class ItemAnswer(AnswerOut):
    """AnswerOut nested in an item (one schema class per place keeps the description's refs
    unambiguous)."""


class ItemOut(Schema):
    code = String()
    text = String()
    answer = Nested(ItemAnswer, allow_none=True)


class AnswerIn(Schema):
    result = String(required=True, validate=OneOf([r.value for r in Result]))
    note = String(load_default="", validate=Length(max=2000))
    version = Version(
        load_default=None,
        allow_none=True,
        metadata={"description": "The answer's version; null when no answer was seen."},
    )
    reason = String(load_default=None, allow_none=True, validate=Length(max=500), metadata=REASON)
    answered_at = PhoneTime("When the item was answered on the phone.")


class VersionIn(Schema):
    version = Version(required=True, metadata=VERSION)


class RevisionOut(Schema):
    number = Integer()
    reason = String()
    sha256 = String()
    created_at = DateTime()
    created_by = String(attribute="created_by.display_name")


class CasefileOut(Schema):
    case_id = Integer()
    revision = Integer(
        allow_none=True, metadata={"description": "null: a draft's casefile as it stands."}
    )
    sha256 = String(
        allow_none=True, metadata={"description": "SHA-256 of the snapshot's canonical bytes."}
    )
    casefile = Dict(
        metadata={
            "description": "The case as every rendering reads it: numbered findings, orders "
            "and photos with their cross references, order status and overdue state today, "
            "penalties, signatures, certificate checks (masked), checklist and labels."
        }
    )
    snapshot = Dict(
        allow_none=True,
        metadata={
            "description": "The revision's frozen record (schema 1): case_number, campaign, "
            "subject, region, started_at, place, representative, inspectors, checklist, "
            "photos, certificate_checks, findings, orders, penalties, signatures, quizzes."
        },
    )


class PublicLinkOut(Schema):
    url = String(allow_none=True, metadata={"description": "The address the QR code encodes."})
    revoked = Boolean()
    verification_code = String(
        allow_none=True,
        metadata={"description": "Printed on the paper only; opens the full edition."},
    )
