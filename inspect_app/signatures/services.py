"""Collecting signatures on the record, or the representative's refusal (安全生产法 Art. 68)."""

import base64
import hashlib

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError, NotEditable, StaleEdit
from inspect_app.inspections.models import Inspection, Status
from inspect_app.inspections.services import prepare_change, required_signers
from inspect_app.signatures.drawing import (
    MAX_PNG_BYTES,
    SignatureRejected,
    clean_signature_png,
)
from inspect_app.signatures.models import (
    INSPECTOR,
    REPRESENTATIVE,
    Signature,
    SignerSlot,
    open_revision,
    shown_revision,
)
from inspect_app.storage import storage

__all__ = ["MAX_PNG_BYTES", "SignatureRejected", "clean_signature_png"]

MAX_REFUSAL_CHARS = 1000


NO_REFUSAL_FOR_INSPECTORS = _l(
    "Inspectors on the case must sign. Only the unit's representative can refuse to sign."
)


class SignaturesFrozen(CaseError):
    message = _l(
        "The record has been issued: its signatures can no longer be changed. "
        "A correction to the record is signed on its own."
    )


def signer_slots(inspection: Inspection, revision: int | None = None) -> list[SignerSlot]:
    """Every required signer in record order (inspectors, then the representative), with what
    they gave for `revision` (default: the open revision, else the latest issued one)."""
    revision = revision or shown_revision(inspection)
    given = {s.signer_key: s for s in revision_signatures(inspection, revision)}
    officers = {f"{INSPECTOR}:{i.user_id}": i for i in inspection.inspectors}
    return [
        SignerSlot(
            key=key,
            revision=revision,
            role=INSPECTOR if key in officers else REPRESENTATIVE,
            name=name,
            user_id=officers[key].user_id if key in officers else None,
            cert_no=officers[key].cert_no if key in officers else "",
            position="" if key in officers else inspection.representative_position,
            signature=given.get(key),
        )
        for key, name in required_signers(inspection)
    ]


def find_slot(
    inspection: Inspection, signer_key: str, revision: int | None = None
) -> SignerSlot | None:
    """The required signer with this key (for `revision`, as signer_slots), or None."""
    slots = signer_slots(inspection, revision)
    return next((s for s in slots if s.key == signer_key), None)


def revision_signatures(inspection: Inspection, revision: int) -> list[Signature]:
    """The signatures and refusals given for one revision of the record."""
    query = select(Signature).where(
        Signature.inspection_id == inspection.id, Signature.revision == revision
    )
    return list(db.session.scalars(query.order_by(Signature.id)))


def record_signature(
    inspection: Inspection,
    user: User,
    signer_key: str,
    png_bytes: bytes,
    reason: str | None = None,
    base_version: int | None = None,
) -> Signature:
    """Store a drawn signature for a required signer of the open revision (the draft, or a
    pending correction), replacing an earlier one."""
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
        **_correction(signature),
    )
    return signature


def record_refusal(
    inspection: Inspection,
    user: User,
    reason_text: str,
    reason: str | None = None,
    base_version: int | None = None,
    signer_key: str = REPRESENTATIVE,
) -> Signature:
    """Record that the representative refused to sign the open revision, and what they said."""
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
        user,
        "record_refusal",
        signature,
        inspection,
        signer=slot.key,
        note=text,
        **replaced,
        **_correction(signature),
    )
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
    """Remove a signature or refusal of the open revision so the person can sign again."""
    slot = _writable_slot(inspection, signer_key, reason)
    signature = slot.signature
    if signature is None:
        if base_version:
            raise StaleEdit()
        return
    _check_version(signature, base_version)
    record_audit(
        user,
        "clear_signature",
        signature,
        inspection,
        signer=signer_key,
        **_replaced(signature),
        **_correction(signature),
    )
    db.session.delete(signature)
    db.session.flush()


def _writable_slot(inspection: Inspection, signer_key: str, reason: str | None) -> SignerSlot:
    """The slot of the open revision (the draft, or a pending correction), if it exists."""
    revision = open_revision(inspection)
    if inspection.status == Status.CLOSED:
        raise NotEditable()
    if revision is None:
        raise SignaturesFrozen()
    if inspection.is_draft:
        prepare_change(inspection, reason)
    slot = find_slot(inspection, signer_key, revision)
    if slot is None:
        raise CaseError(_("No one with this key has to sign this record."))
    return slot


def _claim(inspection: Inspection, slot: SignerSlot, base_version, user: User) -> Signature:
    """The slot's row to write into, after checking the phone saw the current state."""
    recorder_id = user.id  # read first: loading it must not flush a half-changed row
    signature = slot.signature
    if signature is None:
        if base_version:  # the phone saw an entry that has since been removed
            raise StaleEdit()
        signature = Signature(
            inspection_id=inspection.id,
            revision=slot.revision,
            signer_key=slot.key,
            role=slot.role,
            user_id=slot.user_id,
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


def _correction(signature: Signature) -> dict:
    """The revision an entry signs, in the audit log of a correction (revision 1 says nothing)."""
    return {"revision": signature.revision} if signature.revision > 1 else {}


def signature_data_uri(signature: Signature) -> str:
    """The signature image as a data: URI (for the PDF); empty for a refusal."""
    if not signature.is_signed:
        return ""
    encoded = base64.b64encode(storage().read(signature.image_key)).decode("ascii")
    return "data:image/png;base64," + encoded
