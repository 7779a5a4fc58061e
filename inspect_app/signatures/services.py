"""Collecting signatures on the record, or the representative's refusal (安全生产法 Art. 68)."""

import base64
import hashlib
from io import BytesIO

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError, StaleEdit
from inspect_app.inspections.models import Inspection
from inspect_app.inspections.services import commit_change, prepare_change, required_signers
from inspect_app.signatures.models import INSPECTOR, REPRESENTATIVE, Signature, SignerSlot
from inspect_app.storage import storage

MAX_PNG_BYTES = 1_000_000
MAX_WIDTH, MAX_HEIGHT = 2000, 1000
MIN_INK_PIXELS = 50  # a tap leaves a dot, not a signature
MIN_INK_EXTENT = 30  # px: the drawn strokes must span at least this far
DARK = 128  # grey level below which a pixel counts as ink
MAX_REFUSAL_CHARS = 1000
_DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


NO_REFUSAL_FOR_INSPECTORS = _l(
    "Inspectors on the case must sign. Only the unit's representative can refuse to sign."
)


class SignatureRejected(CaseError):
    message = _l("This signature cannot be saved.")


class SignaturesFrozen(CaseError):
    message = _l("The record has been issued: its signatures can no longer be changed.")


def signer_slots(inspection: Inspection) -> list[SignerSlot]:
    """Every required signer in record order (inspectors, then the representative)."""
    given = {s.signer_key: s for s in _signatures(inspection)}
    officers = {f"{INSPECTOR}:{i.user_id}": i for i in inspection.inspectors}
    return [
        SignerSlot(
            key=key,
            role=INSPECTOR if key in officers else REPRESENTATIVE,
            name=name,
            user_id=officers[key].user_id if key in officers else None,
            cert_no=officers[key].cert_no if key in officers else "",
            position="" if key in officers else inspection.representative_position,
            signature=given.get(key),
        )
        for key, name in required_signers(inspection)
    ]


def find_slot(inspection: Inspection, signer_key: str) -> SignerSlot | None:
    """The required signer with this key, or None."""
    return next((s for s in signer_slots(inspection) if s.key == signer_key), None)


def _signatures(inspection: Inspection) -> list[Signature]:
    query = select(Signature).where(Signature.inspection_id == inspection.id)
    return list(db.session.scalars(query))


def clean_signature_png(data: bytes) -> bytes:
    """Check drawn signature bytes and re-encode them as a metadata-free greyscale PNG."""
    if not data:
        raise SignatureRejected(_("Draw the signature in the box first."))
    if len(data) > MAX_PNG_BYTES:
        raise SignatureRejected(_("The signature image is larger than 1 MB."))
    image = _open_png(data)
    if image.width > MAX_WIDTH or image.height > MAX_HEIGHT:
        raise _too_many_pixels()
    grey = _on_white(_load(image))
    if not _has_enough_ink(grey):
        raise SignatureRejected(
            _("The box is blank or holds only a dot. Sign your name across the box.")
        )
    return _encode_png(grey)


def _open_png(data: bytes) -> Image.Image:
    """Identify the bytes as PNG by content (header only, no pixels decoded yet)."""
    try:
        return Image.open(BytesIO(data), formats=["PNG"])
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except _DECODE_ERRORS as error:
        raise SignatureRejected(
            _("The signature must be a PNG image drawn on this page.")
        ) from error


def _too_many_pixels() -> SignatureRejected:
    return SignatureRejected(
        _(
            "The signature image is larger than %(width)s × %(height)s pixels.",
            width=MAX_WIDTH,
            height=MAX_HEIGHT,
        )
    )


def _load(image: Image.Image) -> Image.Image:
    try:
        image.load()
    except _DECODE_ERRORS as error:
        raise SignatureRejected(_("The signature image is damaged. Sign again.")) from error
    return image


def _on_white(image: Image.Image) -> Image.Image:
    """Greyscale pixels with any transparency flattened onto white paper."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, "white")
        return Image.alpha_composite(paper, rgba).convert("L")
    return image.convert("L")


def _has_enough_ink(grey: Image.Image) -> bool:
    ink = grey.point(lambda value: 255 if value < DARK else 0)
    box = ink.getbbox()
    if box is None:
        return False
    extent = max(box[2] - box[0], box[3] - box[1])
    return sum(ink.histogram()[255:]) >= MIN_INK_PIXELS and extent >= MIN_INK_EXTENT


def _encode_png(grey: Image.Image) -> bytes:
    grey.info = {}  # no text chunks, times or profiles: pixels only
    buffer = BytesIO()
    grey.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def record_signature(
    inspection: Inspection,
    user: User,
    signer_key: str,
    png_bytes: bytes,
    reason: str | None = None,
    base_version: int | None = None,
) -> Signature:
    """Store a drawn signature for a required signer, replacing an earlier one (drafts only)."""
    slot = _writable_slot(inspection, signer_key, reason)
    png = clean_signature_png(png_bytes)
    digest = hashlib.sha256(png).hexdigest()
    earlier = slot.signature
    if earlier is not None and earlier.is_signed and earlier.image_sha256 == digest:
        return earlier  # the same drawing sent twice (a double tap)
    replaced = _replaced(earlier)
    signature = _claim(inspection, slot, base_version, user)
    signature.image_key, signature.image_sha256 = storage().put(png, "signatures", ".png")
    signature.refused, signature.refusal_reason = False, None
    _save(signature)
    record_audit(
        user,
        "record_signature",
        signature,
        inspection,
        signer=signer_key,
        sha256=digest,
        **replaced,
    )
    commit_change(inspection, user, reason)
    return signature


def record_refusal(
    inspection: Inspection,
    user: User,
    reason_text: str,
    reason: str | None = None,
    base_version: int | None = None,
    signer_key: str = REPRESENTATIVE,
) -> Signature:
    """Record that the representative refused to sign, and what they said (drafts only)."""
    slot = _writable_slot(inspection, signer_key, reason)
    if not slot.may_refuse:
        raise CaseError(NO_REFUSAL_FOR_INSPECTORS)
    text = _refusal_text(reason_text)
    earlier = slot.signature
    if earlier is not None and earlier.refused and earlier.refusal_reason == text:
        return earlier
    replaced = _replaced(earlier)
    signature = _claim(inspection, slot, base_version, user)
    signature.image_key, signature.image_sha256 = None, None
    signature.refused, signature.refusal_reason = True, text
    _save(signature)
    record_audit(
        user, "record_refusal", signature, inspection, signer=slot.key, note=text, **replaced
    )
    commit_change(inspection, user, reason)
    return signature


def _refusal_text(reason_text: str | None) -> str:
    text = (reason_text or "").strip()
    if not text:
        raise CaseError(_("Write down the refusal: what the representative said or did."))
    if len(text) > MAX_REFUSAL_CHARS:
        raise CaseError(_("Keep the note under %(count)s characters.", count=MAX_REFUSAL_CHARS))
    return text


def clear_signature(
    inspection: Inspection,
    user: User,
    signer_key: str,
    reason: str | None = None,
    base_version: int | None = None,
) -> None:
    """Remove a signature or refusal so the person can sign again (drafts only)."""
    slot = _writable_slot(inspection, signer_key, reason)
    signature = slot.signature
    if signature is None:
        if base_version:
            raise StaleEdit()
        return
    _check_version(signature, base_version)
    record_audit(
        user, "clear_signature", signature, inspection, signer=signer_key, **_replaced(signature)
    )
    db.session.delete(signature)
    db.session.flush()
    commit_change(inspection, user, reason)


def _writable_slot(inspection: Inspection, signer_key: str, reason: str | None) -> SignerSlot:
    """The slot, if it exists and its record is still a draft."""
    slot = find_slot(inspection, signer_key)
    if slot is None:
        raise CaseError(_("No one with this key has to sign this record."))
    if not inspection.is_draft:
        raise SignaturesFrozen()
    prepare_change(inspection, reason)
    return slot


def _claim(inspection: Inspection, slot: SignerSlot, base_version, user: User) -> Signature:
    """The slot's row to write into, after checking the phone saw the current state."""
    recorder_id = user.id  # read first: loading it must not flush a half-changed row
    signature = slot.signature
    if signature is None:
        if base_version:  # the phone saw an entry that has since been removed
            raise StaleEdit()
        signature = Signature(
            inspection_id=inspection.id, signer_key=slot.key, role=slot.role, user_id=slot.user_id
        )
    else:
        _check_version(signature, base_version)
    signature.signer_name = slot.name
    signature.signed_at = utcnow()
    signature.recorded_by_id = recorder_id
    return signature


def _check_version(signature: Signature, base_version: int | None) -> None:
    """0 means the phone saw no entry; any other number must be the current version."""
    if base_version is not None and int(base_version) != signature.version:
        raise StaleEdit()


def _save(signature: Signature) -> None:
    """Flush; a row written meanwhile by another phone for the same signer is a stale edit."""
    db.session.add(signature)
    try:
        db.session.flush()
    except (IntegrityError, StaleDataError) as error:
        raise StaleEdit() from error  # the caller rolls back


def _replaced(earlier: Signature | None) -> dict:
    if earlier is None:
        return {}
    if earlier.refused:
        return {"replaced_refusal": earlier.refusal_reason}
    return {"replaced_sha256": earlier.image_sha256}


def signature_data_uri(signature: Signature) -> str:
    """The signature image as a data: URI (for the PDF); empty for a refusal."""
    if not signature.is_signed:
        return ""
    encoded = base64.b64encode(storage().read(signature.image_key)).decode("ascii")
    return "data:image/png;base64," + encoded
