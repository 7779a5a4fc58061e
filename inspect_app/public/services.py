"""The public case page: finding a case by its link, the unit's answers, paper checks, revoking."""

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from inspect_app import ratelimit
from inspect_app.audit.services import record_audit
from inspect_app.clock import utcnow
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.findings.models import OrderResponse, OrderStatus, RectificationOrder
from inspect_app.inspections.errors import CaseError
from inspect_app.inspections.models import Inspection, Revision, Status
from inspect_app.inspections.services import check_version
from inspect_app.public import uploads
from inspect_app.public.uploads import MAX_RESPONSE_PHOTOS, PhotoRefused, too_many_photos
from inspect_app.records.editions import case_redactor
from inspect_app.records.models import Edition, RecordFile
from inspect_app.redaction import Redactor

__all__ = ["MAX_RESPONSE_PHOTOS", "too_many_photos"]

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
HASH_PREFIX_MIN = 8
# Wrong codes delay further tries (doubling, capped) instead of locking the case: strangers'
# guesses can make the unit wait a minute at most, never keep it out of its own case.
WRONG_CODE_PER_ADDRESS = ratelimit.Delay(
    "public_code_addr", 5, timedelta(minutes=5), timedelta(hours=1)
)
WRONG_CODE_PER_CASE = ratelimit.Delay(
    "public_code_case", 10, timedelta(minutes=1), timedelta(hours=1)
)
# (bucket, limit, window): answers per case.
ANSWERS_PER_CASE = ("public_answer", 10, timedelta(hours=1))


def too_many_codes(seconds: int):
    return _l(
        "Too many wrong verification codes were entered for this case. For your security, "
        "please wait %(seconds)d seconds and try again, or contact the issuing office.",
        seconds=seconds,
    )


TOO_MANY_ANSWERS = _l(
    "Too many answers were sent for this case in the last hour. Please try again later."
)
WRONG_CODE = _l("The verification code does not match this case.")
NO_CODE = _l("Enter the verification code.")
NO_NOTE = _l("Describe what the unit has done to rectify.")
HELD_GONE = _l("The photos kept from your last attempt are no longer available. Choose them again.")


class AnswerRefused(CaseError):
    """An answer or paper check the page refuses; `field` is the form field it belongs to.
    `holds_photos`: the photos chosen were fine, keep them for the next attempt."""

    status = 422
    holds_photos = False

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Incomplete(AnswerRefused):
    """No code or no note: the photos chosen are held."""

    holds_photos = True


class WrongCode(Incomplete):
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
    _refuse_throttled_codes(keys)
    if not code_matches(inspection, code):
        for delay in _CODE_DELAYS:
            ratelimit.record_event(delay.bucket, keys[delay.bucket])
        raise WrongCode(WRONG_CODE, "code")
    ratelimit.clear_events(WRONG_CODE_PER_ADDRESS.bucket, keys[WRONG_CODE_PER_ADDRESS.bucket])


_CODE_DELAYS = (WRONG_CODE_PER_ADDRESS, WRONG_CODE_PER_CASE)


def _refuse_throttled_codes(keys: dict[str, str]) -> None:
    """Refuse, without checking the code, while a delay earned by wrong codes is running."""
    wait = max(ratelimit.seconds_to_wait(d, keys[d.bucket]) for d in _CODE_DELAYS)
    if wait:
        raise Throttled(too_many_codes(wait), "code")


def _throttle_keys(inspection: Inspection, address: str) -> dict[str, str]:
    case_key = f"case:{inspection.id}"
    return {
        WRONG_CODE_PER_ADDRESS.bucket: f"{case_key}|{address or '-'}",
        WRONG_CODE_PER_CASE.bucket: case_key,
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
    kept: tuple[str, ...] | list[str] = (),
) -> OrderResponse:
    """Store the unit's answer with its photos (those just sent and those `kept` from a refused
    attempt), all or nothing; once per client key. The photos are checked before the code, so
    that an answer refused for its code or note can hold them (see uploads)."""
    if (done := _earlier_answer(order, client_key)) is not None:
        return done
    _check_open(inspection, order, address)
    held = uploads.held_photos(inspection, order, kept)
    if len(held) < len(set(filter(None, kept))):
        raise AnswerRefused(HELD_GONE, "photos")
    processed = _photos_of_answer(inspection, uploads.held_bytes(held) + photos)
    _check_answer(inspection, code, note, address)
    response = OrderResponse(order=order, note=note.strip(), client_key=client_key)
    db.session.add(response)
    db.session.flush()
    stored = [uploads.response_photo(inspection, response, data, d) for data, d in processed]
    uploads.forget_held(held)
    uploads.purge_held_photos()
    bucket = ANSWERS_PER_CASE[0]
    ratelimit.record_event(bucket, _throttle_keys(inspection, address)[bucket])
    shas = [p.sha256 for p in stored]
    record_audit(None, "answer_order", response, inspection, order=order.id, photos=shas)
    return response


def _photos_of_answer(inspection: Inspection, photos: list[bytes]) -> list:
    try:
        return uploads.processed_photos(inspection, photos)
    except PhotoRefused as refused:
        raise AnswerRefused(refused.message, "photos") from refused


def hold_photos(inspection, order, chosen: list, kept: list[str], forget: bool) -> list:
    """After a refused answer: the photos it kept (unless forgotten), and those just chosen
    when they were fine (`chosen` is empty otherwise)."""
    held = uploads.held_photos(inspection, order, kept)
    if forget:
        uploads.forget_held(held)
        held = []
    return uploads.hold_photos(inspection, order, chosen, held)


def _earlier_answer(order: RectificationOrder, client_key: str) -> OrderResponse | None:
    """The answer a double tap of the same form already stored."""
    done = response_with_key(client_key)
    if done is not None and done.order_id != order.id:
        raise AnswerRefused(_l("This form was already used. Reload the page and try again."))
    return done


def _check_open(inspection: Inspection, order, address: str) -> None:
    """The order takes answers and the case is not throttled (before any photo is decoded)."""
    if not can_answer(inspection, order):
        raise AnswerRefused(_l("This order no longer takes answers: it has been re-inspected."))
    keys = _throttle_keys(inspection, address)
    bucket, limit, window = ANSWERS_PER_CASE
    if ratelimit.is_limited(bucket, keys[bucket], limit, window):
        raise Throttled(TOO_MANY_ANSWERS)
    _refuse_throttled_codes(keys)


def _check_answer(inspection: Inspection, code: str, note: str, address: str) -> None:
    """A code is given and right (a wrong one is counted), and a note is given."""
    if not (code or "").strip():
        raise Incomplete(NO_CODE, "code")
    check_code(inspection, code, address)
    if not (note or "").strip():
        raise Incomplete(NO_NOTE, "note")


def response_with_key(client_key: str) -> OrderResponse | None:
    if not client_key:
        return None
    return db.session.scalar(select(OrderResponse).where(OrderResponse.client_key == client_key))


def new_client_key() -> str:
    return secrets.token_urlsafe(16)


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


def record_files(inspection: Inspection, edition: str = Edition.PUBLIC) -> dict[int, RecordFile]:
    """The stored PDF of each revision that has one in this edition, by revision number."""
    query = select(RecordFile).where(
        RecordFile.inspection_id == inspection.id, RecordFile.edition == edition
    )
    return {f.revision: f for f in db.session.scalars(query)}


def public_redactor(inspection: Inspection) -> Redactor:
    """What masks names and numbers in the texts the public page shows."""
    return case_redactor(inspection)


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
