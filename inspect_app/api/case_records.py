"""An issued case's record: its revisions, the frozen casefile as JSON, the PDF, the public link."""

from apiflask import Schema
from apiflask.fields import Integer
from apiflask.schemas import FileSchema
from apiflask.validators import Range
from flask import abort
from flask_login import current_user

from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.api.case_schemas import (
    MAX_ID,
    WRITES,
    CasefileOut,
    PublicLinkOut,
    RevisionOut,
    VersionIn,
)
from inspect_app.api.idempotency import idempotent
from inspect_app.api.refusals import refusals
from inspect_app.casefile import build_casefile
from inspect_app.casefile.serialize import casefile_dict
from inspect_app.inspections import queries
from inspect_app.inspections.models import Inspection, Revision
from inspect_app.issuing.corrections import issue_correction_and_commit
from inspect_app.records import services as records
from inspect_app.records.models import Edition
from inspect_app.storage import send_stored_file

CASE = "/cases/<int:case_id>"
PDF = FileSchema(type="string", format="binary")


class RevisionQuery(Schema):
    revision = Integer(
        load_default=None,
        validate=Range(1, MAX_ID),
        metadata={"description": "Default: the latest."},
    )


def _revision(inspection: Inspection, number: int | None) -> Revision:
    """The revision with this number (default: the latest), else 404."""
    if number is None and inspection.revisions:
        return inspection.revisions[-1]
    found = next((r for r in inspection.revisions if r.number == number), None)
    if found is None:
        abort(404)
    return found


@bp.get(CASE + "/revisions")
@bp.auth_required(token_auth)
@bp.output(RevisionOut(many=True))
def list_revisions(case_id: int):
    """Every revision of the record, oldest first (none while a draft)."""
    return queries.get_inspection(case_id).revisions


@bp.get(CASE + "/revisions/<int:number>")
@bp.auth_required(token_auth)
@bp.output(RevisionOut)
def get_revision(case_id: int, number: int):
    """One revision: who made it, when, why, and the SHA-256 printed on it."""
    return _revision(queries.get_inspection(case_id), number)


@bp.post(CASE + "/correction")
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(VersionIn, arg_name="data")
@bp.output(RevisionOut, status_code=201)
def issue_correction(case_id: int, data):
    """Issue the pending correction (更正) as the next revision.

    Every signer must first have signed the correction or a refusal must be recorded
    (POST /cases/{id}/signatures/{key}); a retry finds nothing pending (422) or a newer
    version (409), never a second revision."""
    queries.get_editable_inspection(case_id)
    with refusals():
        revision = issue_correction_and_commit(case_id, current_user, data["version"])
    return revision, 201


@bp.get(CASE + "/casefile")
@bp.auth_required(token_auth)
@bp.input(RevisionQuery, location="query", arg_name="query")
@bp.output(CasefileOut)
def get_casefile(case_id: int, query):
    """The casefile: a revision's as frozen when it was made, or a draft's as it stands."""
    inspection = queries.get_inspection(case_id)
    if not inspection.revisions and query["revision"] is None:
        live = build_casefile(inspection)
        return {
            "case_id": inspection.id,
            "revision": None,
            "sha256": None,
            "casefile": casefile_dict(live),
            "snapshot": None,
        }
    revision = _revision(inspection, query["revision"])
    frozen = build_casefile(inspection, snapshot=revision.snapshot)
    return {
        "case_id": inspection.id,
        "revision": revision.number,
        "sha256": revision.sha256,
        "casefile": casefile_dict(frozen),
        "snapshot": revision.snapshot,
    }


@bp.get(CASE + "/record.pdf")
@bp.auth_required(token_auth)
@bp.input(RevisionQuery, location="query", arg_name="query")
@bp.output(
    FileSchema(type="string", format="binary"),
    content_type="application/pdf",
    description="The full edition.",
)
def get_record_pdf(case_id: int, query):
    """The stored PDF of a revision (default: the latest), full edition, as printed."""
    inspection = queries.get_inspection(case_id)
    number = _revision(inspection, query["revision"]).number
    stored = records.record_file(inspection, number, Edition.FULL)
    if stored is None:
        abort(404)
    return send_stored_file(
        stored.storage_key,
        mimetype="application/pdf",
        download_name=f"record-{inspection.case_number}-r{stored.revision}.pdf",
        etag=stored.sha256,
        headers={"Cache-Control": "private, no-cache"},
    )


@bp.get(CASE + "/public-link")
@bp.auth_required(token_auth)
@bp.output(PublicLinkOut)
def get_public_link(case_id: int):
    """The address behind the record's QR code, and the verification code printed beside it."""
    inspection = queries.get_inspection(case_id)
    return {
        "url": inspection.public_url,
        "revoked": inspection.public_link_revoked,
        "verification_code": inspection.verification_code,
    }
