"""Storing photo evidence of a case and editing what is said about it."""

import hashlib
import re
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.evidence.imaging import ImageRejected, ProcessedPhoto
from inspect_app.evidence.models import Photo, PhotoKind
from inspect_app.evidence.pipeline import decode_photo, rejection_message, store_photo_files
from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError, StaleEdit
from inspect_app.inspections.models import Inspection
from inspect_app.inspections.services import (
    check_version,
    checklist_items,
    commit_change,
    prepare_change,
)

MAX_CAPTION = 200
MAX_HEADCOUNT = 100_000
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,64}")
KEY_REUSED = _l(
    "This upload form was already used for another photo. Reload the page and send the photo again."
)


class PhotoRejected(CaseError):
    """The received bytes cannot become evidence; `reason` is an imaging constant."""

    def __init__(self, reason: str) -> None:
        super().__init__(rejection_message(reason))
        self.reason = reason


class InvalidPhotoDetails(CaseError):
    """A kind, item, caption, headcount or upload key the case cannot take."""


def new_idempotency_key() -> str:
    """A fresh key for one upload form (the phone's script makes its own per photo)."""
    return secrets.token_urlsafe(16)


def store_photo(
    inspection: Inspection,
    user: User,
    data: bytes,
    *,
    kind: str,
    caption: str = "",
    item_code: str | None = None,
    idempotency_key: str | None = None,
    headcount_on_sheet: int | None = None,
    headcount_in_photos: int | None = None,
    reason: str | None = None,
) -> tuple[Photo, bool]:
    """Keep received photo bytes as evidence with derived copies; (photo, created)."""
    key = _checked_key(idempotency_key)
    if existing := _already_received(inspection, key, data):
        return existing, False
    prepare_change(inspection, reason)
    details = _checked_details(inspection, kind, caption, item_code)
    counts = _checked_headcounts(kind, headcount_on_sheet, headcount_in_photos)
    processed = _processed(data)
    photo = Photo(
        inspection=inspection,
        idempotency_key=key,
        uploaded_by=user,
        **details,
        **counts,
        **store_photo_files(data, processed),
    )
    if not _inserted(photo):
        return _after_conflict(inspection, key, processed.sha256), False
    record_audit(user, "upload_photo", photo, inspection, **_audit_facts(photo))
    note_trailing_data(user, photo, inspection)
    commit_change(inspection, user, reason)
    return photo, True


def update_photo(
    photo: Photo,
    user: User,
    *,
    kind: str,
    caption: str,
    headcount_on_sheet: int | None,
    headcount_in_photos: int | None,
    version: int | None,
    reason: str | None = None,
) -> Photo:
    """Change what is said about a photo (never its bytes), refusing stale saves."""
    inspection = photo.inspection
    prepare_change(inspection, reason)
    check_version(photo, version)
    details = _checked_details(inspection, kind, caption, photo.item_code)
    counts = _checked_headcounts(kind, headcount_on_sheet, headcount_in_photos)
    changes = _apply(photo, {**details, **counts})
    if changes:
        _flush_edit()
        record_audit(user, "edit_photo", photo, inspection, **changes)
        commit_change(inspection, user, reason)
    return photo


def photo_groups(inspection: Inspection, photos: list[Photo]) -> list[tuple[str, list[Photo]]]:
    """Photos grouped by check item in checklist order; "" (the whole case) first."""
    order = ["", *(item.code for item in checklist_items(inspection))]
    order += sorted({p.item_code for p in photos if p.item_code and p.item_code not in order})
    grouped = {code: [p for p in photos if (p.item_code or "") == code] for code in order}
    return [(code, grouped[code]) for code in order if grouped[code]]


def case_photos(inspection: Inspection) -> list[Photo]:
    """Every photo of the case, oldest first."""
    query = select(Photo).where(Photo.evidence_of(inspection.id)).order_by(Photo.id)
    return list(db.session.scalars(query))


def _checked_key(key: str | None) -> str:
    """The client's idempotency key, or a fresh one when a client sent none."""
    if not key:
        return new_idempotency_key()
    if not KEY_PATTERN.fullmatch(key):
        raise InvalidPhotoDetails(_l("The upload key is not valid. Choose the photo again."))
    return key


def _already_received(inspection: Inspection, key: str, data: bytes) -> Photo | None:
    """The photo this upload already made (same key), or the same bytes already on the case."""
    sha256 = hashlib.sha256(data).hexdigest()
    existing = _photo_by_key(key)
    if existing is None:
        return _photo_by_sha256(inspection, sha256)
    if existing.inspection_id != inspection.id or existing.sha256 != sha256:
        # A form reused (the back button) for another photo: refuse rather than drop it.
        raise InvalidPhotoDetails(KEY_REUSED)
    return existing


def _photo_by_key(key: str) -> Photo | None:
    return db.session.scalar(select(Photo).where(Photo.idempotency_key == key))


def _photo_by_sha256(inspection: Inspection, sha256: str) -> Photo | None:
    query = select(Photo).where(Photo.inspection_id == inspection.id, Photo.sha256 == sha256)
    return db.session.scalar(query)


def _checked_details(inspection: Inspection, kind: str, caption: str, item_code) -> dict:
    """Kind, caption and item, validated against the case's checklist."""
    if kind not in set(PhotoKind):
        raise InvalidPhotoDetails(_l("Choose what the photo shows."))
    caption = (caption or "").strip()
    if len(caption) > MAX_CAPTION:
        raise InvalidPhotoDetails(_l("The caption is too long (at most 200 characters)."))
    codes = {item.code for item in checklist_items(inspection)}
    if item_code and item_code not in codes:
        raise InvalidPhotoDetails(_l("Unknown check item."))
    return {"kind": kind, "caption": caption, "item_code": item_code or None}


def _checked_headcounts(kind: str, on_sheet: int | None, in_photos: int | None) -> dict:
    """Headcounts belong to sign-in sheets only; other kinds store none."""
    if kind != PhotoKind.SIGN_IN_SHEET:
        return {"headcount_on_sheet": None, "headcount_in_photos": None}
    for count in (on_sheet, in_photos):
        if count is not None and not 0 <= count <= MAX_HEADCOUNT:
            raise InvalidPhotoDetails(_l("A headcount is a whole number from 0 to 100000."))
    return {"headcount_on_sheet": on_sheet, "headcount_in_photos": in_photos}


def _processed(data: bytes) -> ProcessedPhoto:
    try:
        return decode_photo(data)
    except ImageRejected as rejected:
        raise PhotoRejected(rejected.reason) from rejected


def _inserted(photo: Photo) -> bool:
    """Insert the row; False if a concurrent upload of the same key or bytes won the race."""
    db.session.add(photo)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def _after_conflict(inspection: Inspection, key: str, sha256: str) -> Photo:
    existing = _photo_by_key(key) or _photo_by_sha256(inspection, sha256)
    if existing is None:
        raise CaseError()
    return existing


def _apply(photo: Photo, values: dict) -> dict:
    """Set changed attributes; return {name: [old, new]} for the audit log."""
    changes = {}
    for name, value in values.items():
        if getattr(photo, name) != value:
            changes[name] = [getattr(photo, name), value]
            setattr(photo, name, value)
    return changes


def _flush_edit() -> None:
    """Write the edit now, so a save racing another one is refused as stale, not a crash."""
    try:
        db.session.flush()
    except StaleDataError as error:
        raise StaleEdit() from error


def note_trailing_data(user, photo: Photo, inspection: Inspection) -> None:
    """Audit a polyglot: the bytes after the image are kept, and served only as a download."""
    if photo.trailing_bytes:
        details = {"sha256": photo.sha256, "format": photo.format, "bytes": photo.trailing_bytes}
        record_audit(user, "photo_trailing_data", photo, inspection, **details)


def _audit_facts(photo: Photo) -> dict:
    return {
        "sha256": photo.sha256,
        "kind": photo.kind,
        "item": photo.item_code,
        "caption": photo.caption,
        "size_bytes": photo.size_bytes,
        "format": photo.format,
        "headcount_on_sheet": photo.headcount_on_sheet,
        "headcount_in_photos": photo.headcount_in_photos,
    }
