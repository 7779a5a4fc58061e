"""Photo evidence of a case: multipart upload through the page's pipeline, and the list."""

from apiflask import Schema
from apiflask.fields import DateTime, File, Integer, String
from apiflask.validators import Length, OneOf, Range
from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.api.case_schemas import REASON, WRITES
from inspect_app.api.idempotency import idempotent
from inspect_app.api.pagination import PageQuery, paginate
from inspect_app.api.phone_times import PhoneTime, phone_time
from inspect_app.api.problems import Problem
from inspect_app.api.refusals import refusals
from inspect_app.api.schemas import page_of
from inspect_app.evidence import resumable, services
from inspect_app.evidence.models import Photo, PhotoKind
from inspect_app.evidence.services import MAX_CAPTION, MAX_HEADCOUNT
from inspect_app.inspections import queries

CASE = "/cases/<int:case_id>"
NO_FILE = _l("Send a file, or the upload_key of a photo sent in parts.")


class PhotoIn(Schema):
    file = File(metadata={"description": "JPEG, PNG, WebP or HEIC; or none, with `upload_key`."})
    upload_key = String(
        load_default=None,
        validate=Length(max=64),
        metadata={
            "description": "The Idempotency-Key of a photo sent before in parts "
            "(PUT .../photo-parts/{key}), instead of `file`."
        },
    )
    kind = String(load_default=PhotoKind.OTHER.value, validate=OneOf([k.value for k in PhotoKind]))
    caption = String(load_default="", validate=Length(max=MAX_CAPTION))
    item_code = String(load_default=None, metadata={"description": "Default: the whole case."})
    headcount_on_sheet = Integer(load_default=None, validate=Range(0, MAX_HEADCOUNT))
    headcount_in_photos = Integer(load_default=None, validate=Range(0, MAX_HEADCOUNT))
    reason = String(load_default=None, validate=Length(max=500), metadata=REASON)
    taken_at = PhoneTime("When the photo was taken on the phone (kept when it has no EXIF time).")


class PhotoOut(Schema):
    id = Integer()
    kind = String()
    caption = String()
    item_code = String(allow_none=True)
    sha256 = String(metadata={"description": "Of the bytes received, kept unaltered."})
    format = String()
    width = Integer()
    height = Integer()
    size_bytes = Integer()
    captured_at = DateTime(allow_none=True)
    headcount_on_sheet = Integer(allow_none=True)
    headcount_in_photos = Integer(allow_none=True)
    uploaded_at = DateTime()
    version = Integer()


@bp.post(CASE + "/photos")
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(PhotoIn, location="form_and_files", arg_name="data")
@bp.output(PhotoOut, status_code=201, description="Stored (200: these bytes were already there).")
def upload_photo(case_id: int, data):
    """Keep a photo as evidence; a refused file stores nothing.

    The bytes are kept unaltered, with a display copy and a thumbnail."""
    inspection = queries.get_editable_inspection(case_id)
    upload, upload_key = data.pop("file", None), data.pop("upload_key")
    taken_at = phone_time(data.pop("taken_at"), inspection, "taken_at")
    with refusals():
        if upload is not None:
            received = upload.read()
        elif upload_key:
            received = resumable.take_upload(inspection.id, current_user.id, upload_key)
            data["idempotency_key"] = upload_key
        else:
            raise Problem(422, "validation", str(NO_FILE), errors={"file": [str(NO_FILE)]})
        photo, created = services.store_photo(inspection, current_user, received, **data)
    if upload is None:
        resumable.discard_upload(inspection.id, current_user.id, upload_key)
    if created and photo.captured_at is None:
        photo.captured_at = taken_at
    return photo, 201 if created else 200


class PartOut(Schema):
    offset = Integer(metadata={"description": "Bytes held: the next part starts here."})
    total = Integer(allow_none=True, metadata={"description": "The size announced; null: none."})


@bp.get(CASE + "/photo-parts/<key>")
@bp.auth_required(token_auth)
@bp.doc(responses={409: "The case is no longer a draft.", 422: "Not a usable upload key."})
@bp.output(PartOut)
def photo_upload_offset(case_id: int, key: str):
    """How much of a photo sent in parts is held: where to resume after a dropped connection."""
    inspection = queries.get_editable_inspection(case_id)
    with refusals():
        offset, total = resumable.held(inspection.id, current_user.id, key)
    return {"offset": offset, "total": total}


@bp.put(CASE + "/photo-parts/<key>")
@bp.auth_required(token_auth)
@bp.doc(
    responses={
        409: "The part does not start at the bytes held (`offset` says where).",
        422: "No usable Content-Range, or a part too large.",
    }
)
@bp.output(PartOut)
def upload_photo_part(case_id: int, key: str):
    """One part of a photo (raw bytes, at most 1 MiB) with `Content-Range: bytes a-b/total`.

    `key` is the Idempotency-Key the finishing POST .../photos will carry as `upload_key`."""
    inspection = queries.get_editable_inspection(case_id)
    body = request.get_data(cache=False)
    try:
        with refusals():
            offset, total = resumable.append_part(
                inspection.id, current_user.id, key, request.headers.get("Content-Range"), body
            )
    except Problem as problem:
        mismatch = problem.__cause__
        if isinstance(mismatch, resumable.OffsetMismatch):
            detail = str(mismatch.message)
            raise Problem(409, "upload-offset", detail, offset=mismatch.offset) from mismatch
        raise
    return {"offset": offset, "total": total}


@bp.get(CASE + "/photos")
@bp.auth_required(token_auth)
@bp.input(PageQuery, location="query", arg_name="page")
@bp.output(page_of(PhotoOut))
def list_photos(case_id: int, page):
    """The case's photos, oldest first."""
    inspection = queries.get_inspection(case_id)
    query = select(Photo).where(Photo.evidence_of(inspection.id))
    return paginate(query, Photo.id, page["cursor"], page["limit"])
