"""Photo evidence of a case: multipart upload through the page's pipeline, and the list."""

from apiflask import Schema
from apiflask.fields import DateTime, File, Integer, String
from apiflask.validators import Length, OneOf, Range
from flask_login import current_user
from sqlalchemy import select

from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.api.case_schemas import REASON, WRITES
from inspect_app.api.idempotency import idempotent
from inspect_app.api.pagination import PageQuery, paginate
from inspect_app.api.phone_times import PhoneTime, phone_time
from inspect_app.api.refusals import refusals
from inspect_app.api.schemas import page_of
from inspect_app.evidence import services
from inspect_app.evidence.models import Photo, PhotoKind
from inspect_app.evidence.services import MAX_CAPTION, MAX_HEADCOUNT
from inspect_app.inspections import queries

CASE = "/cases/<int:case_id>"


class PhotoIn(Schema):
    file = File(required=True, metadata={"description": "JPEG, PNG, WebP or HEIC."})
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
    upload = data.pop("file")
    taken_at = phone_time(data.pop("taken_at"), inspection, "taken_at")
    with refusals():
        photo, created = services.store_photo(inspection, current_user, upload.read(), **data)
    if created and photo.captured_at is None:
        photo.captured_at = taken_at
    return photo, 201 if created else 200


@bp.get(CASE + "/photos")
@bp.auth_required(token_auth)
@bp.input(PageQuery, location="query", arg_name="page")
@bp.output(page_of(PhotoOut))
def list_photos(case_id: int, page):
    """The case's photos, oldest first."""
    inspection = queries.get_inspection(case_id)
    query = select(Photo).where(Photo.evidence_of(inspection.id))
    return paginate(query, Photo.id, page["cursor"], page["limit"])
