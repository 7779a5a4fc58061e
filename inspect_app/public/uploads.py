"""Photos of the unit's answers: checked before anything is stored, stored as evidence once the
answer is taken, and held for a day when the answer is refused for something else (a wrong code,
no note), so that the unit need not choose them again. The page works without JavaScript and no
browser fills a file input back in: the form carries the held photos' random refs instead.

Held photos are bound to one order of one case, never served, and deleted once used, forgotten
or a day old; an order holds a few at most, so a stranger with the link cannot fill the disk.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app.clock import utcnow
from inspect_app.evidence.imaging import ImageRejected, ProcessedPhoto
from inspect_app.evidence.models import Photo, PhotoKind
from inspect_app.evidence.pipeline import decode_photo, rejection_message, store_photo_files
from inspect_app.evidence.services import note_trailing_data
from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError
from inspect_app.public.models import HeldPhoto
from inspect_app.storage import storage

MAX_RESPONSE_PHOTOS = 4
HOLD_FOR = timedelta(hours=24)
MAX_HELD_PER_ORDER = 2 * MAX_RESPONSE_PHOTOS
HELD_AREA = "held"


class PhotoRefused(CaseError):
    """The answer's photos cannot be taken; the message names the photo and the problem."""

    status = 422
    field = "photos"


@dataclass(frozen=True)
class ChosenPhoto:
    """A file chosen in the form: its name on the phone (shown back) and its bytes."""

    filename: str
    data: bytes


def too_many_photos():
    return _l("Send at most %(count)s photos with one answer.", count=MAX_RESPONSE_PHOTOS)


def processed_photos(inspection, photos: list[bytes]) -> list[tuple[bytes, ProcessedPhoto]]:
    """Every photo decoded before anything is stored; one bad photo refuses the whole answer."""
    unique = list({hashlib.sha256(data).hexdigest(): data for data in photos}.items())
    if len(unique) > MAX_RESPONSE_PHOTOS:
        raise PhotoRefused(too_many_photos())
    processed = []
    for number, (_sha256, data) in enumerate(unique, start=1):
        try:
            done = decode_photo(data)
        except ImageRejected as rejected:
            message = _l(
                "Photo %(n)s: %(problem)s Nothing was sent: choose the photos again.",
                n=number,
                problem=rejection_message(rejected.reason),
            )
            raise PhotoRefused(message) from rejected
        processed.append((data, done))
    _refuse_known_photos(inspection, [sha for sha, _data in unique])
    return processed


def _refuse_known_photos(inspection, hashes: list[str]) -> None:
    query = select(Photo.id).where(Photo.inspection_id == inspection.id, Photo.sha256.in_(hashes))
    if hashes and db.session.scalar(query.limit(1)) is not None:
        message = _l("One of these photos was already sent for this case. Choose other photos.")
        raise PhotoRefused(message)


def response_photo(inspection, response, data: bytes, done: ProcessedPhoto) -> Photo:
    """The evidence pipeline's files and row, with no user account behind the upload."""
    photo = Photo(
        inspection_id=inspection.id,
        response_id=response.id,
        kind=PhotoKind.SITE.value,
        caption="",
        idempotency_key=secrets.token_urlsafe(24),
        uploaded_by_id=None,
        **store_photo_files(data, done),
    )
    db.session.add(photo)
    db.session.flush()
    note_trailing_data(None, photo, inspection)
    return photo


# --- held photos -------------------------------------------------------------------------------


def held_photos(inspection, order, refs: list[str]) -> list[HeldPhoto]:
    """The photos these refs hold for this order, in the order given; fresh ones only."""
    refs = list(dict.fromkeys(r for r in refs if r))[:MAX_RESPONSE_PHOTOS]
    if not refs:
        return []
    query = select(HeldPhoto).where(
        HeldPhoto.ref.in_(refs),
        HeldPhoto.inspection_id == inspection.id,
        HeldPhoto.order_id == order.id,
        HeldPhoto.created_at >= utcnow() - HOLD_FOR,
    )
    found = {h.ref: h for h in db.session.scalars(query)}
    return [found[r] for r in refs if r in found and storage().exists(found[r].storage_key)]


def hold_photos(inspection, order, chosen: list[ChosenPhoto], kept: list[HeldPhoto]) -> list:
    """Hold the photos just chosen (already checked) next to those kept; returns all held."""
    purge_held_photos()
    held = list(kept)
    for photo in chosen:
        sha256 = hashlib.sha256(photo.data).hexdigest()
        if len(held) < MAX_RESPONSE_PHOTOS and all(h.sha256 != sha256 for h in held):
            held.append(_hold(inspection, order, photo))
    db.session.flush()
    _trim(order, keep={h.id for h in held})
    return held


def held_bytes(held: list[HeldPhoto]) -> list[bytes]:
    return [storage().read(h.storage_key) for h in held]


def _hold(inspection, order, photo: ChosenPhoto) -> HeldPhoto:
    key, sha256 = storage().put(photo.data, HELD_AREA, ".bin")
    row = HeldPhoto(
        inspection_id=inspection.id,
        order_id=order.id,
        ref=secrets.token_urlsafe(24),
        storage_key=key,
        sha256=sha256,
        filename=photo.filename[:100],
        size_bytes=len(photo.data),
    )
    db.session.add(row)
    return row


def _trim(order, keep: set[int]) -> None:
    """At most MAX_HELD_PER_ORDER held photos per order: the oldest others go first."""
    query = select(HeldPhoto).where(HeldPhoto.order_id == order.id)
    rows = list(db.session.scalars(query.order_by(HeldPhoto.created_at.desc(), HeldPhoto.id)))
    others = [r for r in rows if r.id not in keep]
    room = max(0, MAX_HELD_PER_ORDER - len(keep))
    forget_held(others[room:])


def purge_held_photos() -> None:
    """Forget every held photo older than a day."""
    query = select(HeldPhoto).where(HeldPhoto.created_at < utcnow() - HOLD_FOR)
    forget_held(list(db.session.scalars(query)))


def forget_held(rows: list[HeldPhoto]) -> None:
    """Delete held photos, and their files unless another held photo has the same bytes."""
    if not rows:
        return
    for row in rows:
        db.session.delete(row)
    db.session.flush()
    keys = {r.storage_key for r in rows}
    still = select(HeldPhoto.storage_key).where(HeldPhoto.storage_key.in_(keys))
    for key in keys - set(db.session.scalars(still)):
        storage().delete(key)
