"""Referring a case's matter to another agency (案件移送书) and recording the result it reports.

A referral is made once: its letter is rendered and stored with its hash, and the row keeps what
was sent. The result the receiving agency reports back is recorded later, against the version
the inspector saw.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.documents.models import Document, DocumentKind
from inspect_app.documents.services import base_content, issue_document
from inspect_app.errors import CaseError, StaleEdit
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.inspections.errors import NotEditable
from inspect_app.inspections.models import Inspection, Status
from inspect_app.proceedings.models import Proceeding, Referral


class NotIssued(CaseError):
    message = _l("Only an issued case can be referred to another agency.")


class FutureDate(CaseError):
    message = _l("The date cannot be in the future.")


class ResultBeforeReferral(CaseError):
    message = _l("The result cannot be dated before the referral.")


@dataclass(frozen=True)
class ReferralInput:
    """What the referral form gives; `basis` and `contact` are printed on the letter only."""

    agency_kind: str
    agency_name: str
    referred_on: date
    facts: str
    evidence: list[str]
    basis: str
    contact: str
    contact_phone: str
    photo_ids: list[int]
    proceeding_id: int | None


def evidence_items(text: str) -> list[str]:
    """One evidence item per non-empty line, trimmed."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def referral_by_client_key(client_key: str, inspection: Inspection) -> Referral | None:
    query = select(Referral).where(
        Referral.client_key == client_key, Referral.inspection_id == inspection.id
    )
    return db.session.scalar(query)


def refer_case(
    inspection: Inspection, user: User, values: ReferralInput, client_key: str
) -> Referral:
    """Refer the matter and issue its 案件移送书; a double tap returns the first one. Audited."""
    if (done := referral_by_client_key(client_key, inspection)) is not None:
        return done
    _check_referable(inspection, values.referred_on)
    referral = Referral(
        inspection_id=inspection.id,
        proceeding_id=_proceeding_id(inspection, values.proceeding_id),
        agency_kind=values.agency_kind,
        agency_name=values.agency_name.strip(),
        referred_on=values.referred_on,
        facts=values.facts.strip(),
        evidence=values.evidence,
        photos=_case_photos(inspection, values.photo_ids),
        created_by_id=user.id,
        client_key=client_key,
    )
    db.session.add(referral)
    db.session.flush()
    document = issue_document(
        inspection,
        DocumentKind.REFERRAL,
        user,
        referral_content(inspection, referral, values),
        proceeding_id=referral.proceeding_id,
        dated=referral.referred_on,
    )
    record_audit(
        user,
        "refer_case",
        referral,
        inspection,
        agency_kind=referral.agency_kind,
        agency_name=referral.agency_name,
        referred_on=referral.referred_on.isoformat(),
        evidence=len(referral.evidence),
        photos=[photo.id for photo in referral.photos],
        document=document.number,
    )
    return referral


def _check_referable(inspection: Inspection, referred_on: date) -> None:
    if inspection.is_draft:
        raise NotIssued()
    if inspection.status == Status.CLOSED:
        raise NotEditable()
    if referred_on > clock.today():
        raise FutureDate()


def _proceeding_id(inspection: Inspection, proceeding_id: int | None) -> int | None:
    if proceeding_id is None:
        return None
    proceeding = db.session.get(Proceeding, proceeding_id)
    if proceeding is None or proceeding.inspection_id != inspection.id:
        raise CaseError(_l("Choose a proceeding of this case."))
    return proceeding.id


def _case_photos(inspection: Inspection, photo_ids: list[int]) -> list[Photo]:
    if not photo_ids:
        return []
    query = select(Photo).where(Photo.evidence_of(inspection.id), Photo.id.in_(photo_ids))
    photos = list(db.session.scalars(query.order_by(Photo.id)))
    if len(photos) != len(set(photo_ids)):
        raise CaseError(_l("Choose photos of this case."))
    return photos


def referral_content(inspection: Inspection, referral: Referral, values: ReferralInput) -> dict:
    """What the 案件移送书 states, frozen: sender, receiver, party, facts, reason, evidence."""
    proceeding = (
        db.session.get(Proceeding, referral.proceeding_id) if referral.proceeding_id else None
    )
    return {
        **base_content(inspection),
        "referral_id": referral.id,
        "party": "unit",
        "agency_kind": referral.agency_kind,
        "receiver": referral.agency_name,
        "referred_on": referral.referred_on.isoformat(),
        "facts": referral.facts,
        "basis": values.basis.strip(),
        "evidence": list(referral.evidence),
        "photos": [_photo_line(photo) for photo in referral.photos],
        "proceeding_number": proceeding.number if proceeding else None,
        "contact": values.contact.strip(),
        "contact_phone": values.contact_phone.strip(),
    }


def _photo_line(photo: Photo) -> dict:
    taken = photo.captured_at or photo.uploaded_at
    day = clock.local_day(taken).isoformat()
    return {"id": photo.id, "caption": photo.caption, "kind": photo.kind, "taken_on": day}


def record_referral_result(
    referral: Referral, user: User, result: str, result_on: date, version: int | None
) -> Referral:
    """Record what the receiving agency reported back; the same result twice is a double tap."""
    if referral.result == result.strip() and referral.result_on == result_on:
        return referral
    if version is None or version != referral.version:
        raise StaleEdit()
    if result_on > clock.today():
        raise FutureDate()
    if result_on < referral.referred_on:
        raise ResultBeforeReferral()
    before = {"result": referral.result, "result_on": referral.result_on}
    referral.result, referral.result_on = result.strip(), result_on
    db.session.flush()
    record_audit(
        user,
        "record_referral_result",
        referral,
        referral_inspection(referral),
        result_on=result_on.isoformat(),
        before=before,
    )
    return referral


def referral_inspection(referral: Referral) -> Inspection:
    return db.session.get(Inspection, referral.inspection_id)


@dataclass(frozen=True)
class CaseReferral:
    referral: Referral
    document: Document | None


def case_referrals(inspection: Inspection) -> list[CaseReferral]:
    """A case's referrals, oldest first, each with its letter (two queries)."""
    query = select(Referral).where(Referral.inspection_id == inspection.id)
    referrals = list(db.session.scalars(query.order_by(Referral.referred_on, Referral.id)))
    if not referrals:
        return []
    documents = select(Document).where(
        Document.inspection_id == inspection.id, Document.kind == DocumentKind.REFERRAL
    )
    by_referral = {doc.content.get("referral_id"): doc for doc in db.session.scalars(documents)}
    return [CaseReferral(r, by_referral.get(r.id)) for r in referrals]
