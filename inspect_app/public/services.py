"""The public case page: finding a case by its link, the unit's answers, paper checks, revoking."""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import ImageFile
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from inspect_app import ratelimit
from inspect_app.audit.services import record_audit
from inspect_app.clock import utcnow
from inspect_app.evidence.imaging import ImageRejected, ProcessedPhoto, process_photo
from inspect_app.evidence.models import FORMAT_SUFFIXES, Photo, PhotoKind
from inspect_app.evidence.services import rejection_message
from inspect_app.extensions import db
from inspect_app.findings.models import OrderResponse, OrderStatus, RectificationOrder
from inspect_app.inspections.errors import CaseError
from inspect_app.inspections.models import Inspection, Revision, Status
from inspect_app.inspections.services import check_version
from inspect_app.records.models import RecordFile
from inspect_app.storage import storage

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
HASH_PREFIX_MIN = 8
MAX_RESPONSE_PHOTOS = 4
# (bucket, limit, window): wrong codes per case and address, per case, and answers per case.
WRONG_CODE_PER_ADDRESS = ("public_code_addr", 5, timedelta(minutes=15))
WRONG_CODE_PER_CASE = ("public_code_case", 20, timedelta(hours=1))
ANSWERS_PER_CASE = ("public_answer", 10, timedelta(hours=1))

TOO_MANY_CODES = _l(
    "Too many wrong verification codes were entered for this case. For your security, "
    "please wait 15 minutes and try again, or contact the issuing office."
)
TOO_MANY_ANSWERS = _l(
    "Too many answers were sent for this case in the last hour. Please try again later."
)
WRONG_CODE = _l("The verification code does not match this case.")


class AnswerRefused(CaseError):
    """An answer or paper check the page refuses; `field` is the form field it belongs to."""

    status = 422

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class WrongCode(AnswerRefused):
    """Counted against the throttle: the caller commits even though the request is refused."""


class Throttled(AnswerRefused):
    status = 429


@dataclass(frozen=True)
class PaperCheck:
    """The outcome of checking a paper record: the code matched; which revision the hash is."""

    prefix: str
    revision: Revision | None
    latest: int


def case_for_token(token: str) -> Inspection | None:
    """The issued case whose public link carries this token, if any (revoked ones included)."""
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return None
    case = db.session.scalar(select(Inspection).where(Inspection.public_token == token))
    return None if case is None or case.is_draft else case


def normalise_code(code: str | None) -> str:
    """Upper case, without spaces or dashes, as people copy codes from paper."""
    return re.sub(r"[\s\-]", "", code or "").upper()


def code_matches(inspection: Inspection, code: str | None) -> bool:
    """Compare in constant time, so the answer's timing tells nothing about the code."""
    expected = (inspection.verification_code or "").encode()
    return bool(expected) and hmac.compare_digest(normalise_code(code).encode(), expected)


def check_code(inspection: Inspection, code: str | None, address: str) -> None:
    """Refuse a throttled client or a wrong code (counted); a right code clears the address."""
    keys = _throttle_keys(inspection, address)
    if any(ratelimit.is_limited(b, keys[b], limit, window) for b, limit, window in _CODE_LIMITS):
        raise Throttled(TOO_MANY_CODES, "code")
    if not code_matches(inspection, code):
        for bucket, _limit, _window in _CODE_LIMITS:
            ratelimit.record_event(bucket, keys[bucket])
        raise WrongCode(WRONG_CODE, "code")
    ratelimit.clear_events(WRONG_CODE_PER_ADDRESS[0], keys[WRONG_CODE_PER_ADDRESS[0]])


_CODE_LIMITS = (WRONG_CODE_PER_ADDRESS, WRONG_CODE_PER_CASE)


def _throttle_keys(inspection: Inspection, address: str) -> dict[str, str]:
    case_key = f"case:{inspection.id}"
    return {
        WRONG_CODE_PER_ADDRESS[0]: f"{case_key}|{address or '-'}",
        WRONG_CODE_PER_CASE[0]: case_key,
        ANSWERS_PER_CASE[0]: case_key,
    }


def check_paper(inspection: Inspection, code: str, hash_prefix: str, address: str) -> PaperCheck:
    """Check a paper record's code, and find the revision whose hash starts as printed."""
    check_code(inspection, code, address)
    prefix = re.sub(r"\s", "", hash_prefix or "").lower()
    found = None
    if prefix:
        found = next((r for r in inspection.revisions if r.sha256.startswith(prefix)), None)
    return PaperCheck(prefix, found, inspection.revision)


def can_answer(inspection: Inspection, order: RectificationOrder) -> bool:
    """Open and not-rectified orders of a case that is not closed take answers."""
    return inspection.status != Status.CLOSED and order.status != OrderStatus.RECTIFIED


def answer_order(
    inspection: Inspection,
    order: RectificationOrder,
    *,
    code: str,
    note: str,
    photos: list[bytes],
    client_key: str,
    address: str,
) -> OrderResponse:
    """Store the unit's answer with its photos, all or nothing; once per client key."""
    if (done := _earlier_answer(order, client_key)) is not None:
        return done
    _check_answer(inspection, order, code, note, address)
    processed = _processed_photos(inspection, photos)
    response = OrderResponse(order=order, note=note.strip(), client_key=client_key)
    db.session.add(response)
    db.session.flush()
    stored = [_response_photo(inspection, response, data, done) for data, done in processed]
    bucket = ANSWERS_PER_CASE[0]
    ratelimit.record_event(bucket, _throttle_keys(inspection, address)[bucket])
    shas = [p.sha256 for p in stored]
    record_audit(None, "answer_order", response, inspection, order=order.id, photos=shas)
    return response


def _earlier_answer(order: RectificationOrder, client_key: str) -> OrderResponse | None:
    """The answer a double tap of the same form already stored."""
    done = response_with_key(client_key)
    if done is not None and done.order_id != order.id:
        raise AnswerRefused(_l("This form was already used. Reload the page and try again."))
    return done


def _check_answer(inspection, order, code: str, note: str, address: str) -> None:
    """The order takes answers, the case is not throttled, the code is right, a note given."""
    if not can_answer(inspection, order):
        raise AnswerRefused(_l("This order no longer takes answers: it has been re-inspected."))
    bucket, limit, window = ANSWERS_PER_CASE
    if ratelimit.is_limited(bucket, _throttle_keys(inspection, address)[bucket], limit, window):
        raise Throttled(TOO_MANY_ANSWERS)
    check_code(inspection, code, address)
    if not (note or "").strip():
        raise AnswerRefused(_l("Describe what the unit has done to rectify."), "note")


def response_with_key(client_key: str) -> OrderResponse | None:
    if not client_key:
        return None
    return db.session.scalar(select(OrderResponse).where(OrderResponse.client_key == client_key))


def new_client_key() -> str:
    return secrets.token_urlsafe(16)


def _processed_photos(inspection: Inspection, photos: list[bytes]) -> list:
    """Every photo decoded before anything is stored; one bad photo refuses the whole answer."""
    unique = list({hashlib.sha256(data).hexdigest(): data for data in photos}.items())
    if len(unique) > MAX_RESPONSE_PHOTOS:
        raise AnswerRefused(too_many_photos(), "photos")
    ImageFile.LOAD_TRUNCATED_IMAGES = False  # see evidence.services._processed
    processed = []
    for number, (_sha256, data) in enumerate(unique, start=1):
        try:
            done = process_photo(data, max_pixels=current_app.config["MAX_PHOTO_PIXELS"])
        except ImageRejected as rejected:
            message = _l(
                "Photo %(n)s: %(problem)s Nothing was sent: choose the photos again.",
                n=number,
                problem=rejection_message(rejected.reason),
            )
            raise AnswerRefused(message, "photos") from rejected
        processed.append((data, done))
    _refuse_known_photos(inspection, [sha for sha, _data in unique])
    return processed


def too_many_photos():
    return _l("Send at most %(count)s photos with one answer.", count=MAX_RESPONSE_PHOTOS)


def _refuse_known_photos(inspection: Inspection, hashes: list[str]) -> None:
    query = select(Photo.id).where(Photo.inspection_id == inspection.id, Photo.sha256.in_(hashes))
    if hashes and db.session.scalar(query.limit(1)) is not None:
        message = _l("One of these photos was already sent for this case. Choose other photos.")
        raise AnswerRefused(message, "photos")


def _response_photo(inspection, response, data: bytes, done: ProcessedPhoto) -> Photo:
    """The evidence pipeline's files and row, with no user account behind the upload."""
    suffix = FORMAT_SUFFIXES.get(done.format, ".bin")
    original_key, sha256 = storage().put(data, "photos/original", suffix)
    lat, lon = done.gps or (None, None)
    photo = Photo(
        inspection_id=inspection.id,
        response_id=response.id,
        kind=PhotoKind.SITE.value,
        caption="",
        sha256=sha256,
        original_key=original_key,
        display_key=storage().put(done.display, "photos/display", ".jpg")[0],
        thumb_key=storage().put(done.thumbnail, "photos/thumb", ".jpg")[0],
        format=done.format,
        width=done.width,
        height=done.height,
        size_bytes=len(data),
        captured_at=done.captured_at,
        gps_lat=lat,
        gps_lon=lon,
        idempotency_key=secrets.token_urlsafe(24),
        uploaded_by_id=None,
    )
    db.session.add(photo)
    db.session.flush()
    return photo


def public_orders(inspection: Inspection) -> list[RectificationOrder]:
    """The case's orders with their findings, answers and answer photos."""
    query = select(RectificationOrder).where(RectificationOrder.inspection_id == inspection.id)
    query = query.options(
        selectinload(RectificationOrder.findings),
        selectinload(RectificationOrder.responses).selectinload(OrderResponse.photos),
    )
    return list(db.session.scalars(query.order_by(RectificationOrder.id)))


def response_photo(inspection: Inspection, photo_id: int) -> Photo | None:
    """A photo the unit sent with an answer on this case; never any other photo."""
    photo = db.session.get(Photo, photo_id)
    if photo is None or photo.response_id is None or photo.inspection_id != inspection.id:
        return None
    return photo


def record_files(inspection: Inspection) -> dict[int, RecordFile]:
    """The stored PDF of each revision that has one, by revision number."""
    query = select(RecordFile).where(RecordFile.inspection_id == inspection.id)
    return {f.revision: f for f in db.session.scalars(query)}


def revoke_link(inspection: Inspection, user, reason: str, version: int | None) -> None:
    """Withdraw the public link: the page then answers 410 (the token is kept)."""
    check_version(inspection, version)
    if not inspection.public_token:
        raise CaseError(_l("This case has no public link: it has not been issued."))
    if inspection.public_link_revoked:
        raise CaseError(_l("The public link has already been withdrawn."))
    if not (reason or "").strip():
        raise CaseError(_l("Give the reason for withdrawing the link."))
    inspection.public_revoked_at, inspection.public_revoked_reason = utcnow(), reason.strip()
    record_audit(user, "revoke_public_link", inspection, inspection, reason=reason.strip())


def restore_link(inspection: Inspection, user, version: int | None) -> None:
    """Open the same link again: the QR codes already printed work again."""
    check_version(inspection, version)
    if not inspection.public_link_revoked:
        raise CaseError(_l("The public link is not withdrawn."))
    before = inspection.public_revoked_reason
    inspection.public_revoked_at, inspection.public_revoked_reason = None, None
    record_audit(user, "restore_public_link", inspection, inspection, revoked_reason=before)
