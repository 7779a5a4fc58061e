"""The canonical serialization of a record, and its SHA-256.

The same record always serializes to the same bytes: sorted keys, no insignificant whitespace,
UTF-8, ISO dates in UTC. ID numbers, phone numbers and GPS are never part of it.
"""

import hashlib
import json
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from inspect_app.catalogs import load_catalog
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.findings.models import Finding, RectificationOrder
from inspect_app.inspections.models import Inspection
from inspect_app.penalties.models import Penalty, Procedure
from inspect_app.signatures.models import Signature, shown_revision
from inspect_app.spotchecks.models import CertificateCheck

SCHEMA = 1


CHECKS = {"eager": [CertificateCheck.person, CertificateCheck.certificate]}
ORDERS = {"eager": [RectificationOrder.findings]}


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _rows(model, inspection: Inspection, order=None, eager=()) -> list:
    """The case's rows of a model, with the relationships in `eager` loaded alongside."""
    query = select(model).where(model.inspection_id == inspection.id)
    query = query.options(*(selectinload(relationship) for relationship in eager))
    return list(db.session.scalars(query.order_by(order if order is not None else model.id)))


def build_snapshot(inspection: Inspection, revision: int | None = None) -> dict:
    """Everything the record states, as plain data (quizzes only when there are any), with the
    signatures given for `revision` (default: the open revision, else the latest issued)."""
    from inspect_app.quizzes.results import quiz_snapshot

    snapshot = _record_snapshot(inspection, revision or shown_revision(inspection))
    if quizzes := quiz_snapshot(inspection):
        snapshot["quizzes"] = quizzes
    return snapshot


def _record_snapshot(inspection: Inspection, revision: int) -> dict:
    subject = inspection.subject
    return {
        "schema": SCHEMA,
        "case_number": inspection.case_number,
        "campaign": inspection.campaign,
        "catalog_version": inspection.catalog_version,
        "subject": {
            "name": subject.name,
            "uscc": subject.uscc,
            "address": subject.address,
            "kind": subject.kind,
            "high_risk": subject.high_risk,
        },
        "region": inspection.region.name,
        "started_at": _iso(inspection.started_at),
        "place": inspection.place,
        "representative": {
            "name": inspection.representative_name,
            "position": inspection.representative_position,
        },
        "inspectors": [{"name": i.name, "cert_no": i.cert_no} for i in inspection.inspectors],
        "checklist": _checklist(inspection),
        "photos": [_photo(p) for p in _evidence_photos(inspection)],
        "certificate_checks": [_check(c) for c in _rows(CertificateCheck, inspection, **CHECKS)],
        "findings": [_finding(f) for f in _rows(Finding, inspection, eager=[Finding.photos])],
        "orders": [_order(o) for o in _rows(RectificationOrder, inspection, **ORDERS)],
        "penalties": [_penalty(p) for p in _on_site_penalties(inspection)],
        "signatures": [_signature(s) for s in _current_signatures(inspection, revision)],
    }


def _evidence_photos(inspection: Inspection) -> list[Photo]:
    query = select(Photo).where(Photo.evidence_of(inspection.id)).order_by(Photo.id)
    return list(db.session.scalars(query))


def _checklist(inspection: Inspection) -> list[dict]:
    catalog = load_catalog(inspection.campaign, inspection.subject.kind, inspection.catalog_version)
    items = catalog.items_for(inspection.subject.high_risk)
    answers = {a.item_code: a for a in inspection.answers}
    return [
        {
            "code": item.code,
            "text": item.text_zh,
            "result": answers[item.code].result if item.code in answers else None,
            "note": answers[item.code].note if item.code in answers else "",
        }
        for item in items
    ]


def _photo(photo: Photo) -> dict:
    return {
        "sha256": photo.sha256,
        "kind": photo.kind,
        "item": photo.item_code,
        "caption": photo.caption,
        "captured_at": _iso(photo.captured_at),
        "headcount_on_sheet": photo.headcount_on_sheet,
        "headcount_in_photos": photo.headcount_in_photos,
    }


def _check(check: CertificateCheck) -> dict:
    certificate = check.certificate
    return {
        "person": check.person.name,
        "position": check.person.position,
        "certificate_kind": certificate.kind if certificate else None,
        "certificate_number": certificate.number if certificate else None,
        "shown": check.shown,
        "number_matches": check.number_matches,
        "status": check.status,
        "platform_verified": check.platform_verified,
        "result": check.result,
        "note": check.note,
    }


def _finding(finding: Finding) -> dict:
    return {
        "id": finding.id,
        "item": finding.item_code,
        "description": finding.description,
        "photos": [p.sha256 for p in finding.photos],
    }


def _order(order: RectificationOrder) -> dict:
    return {
        "requirement": order.requirement,
        "deadline": _iso(order.deadline),
        "findings": [f.id for f in order.findings],
    }


def _penalty(penalty: Penalty) -> dict:
    return {
        "party": penalty.party,
        "person_name": penalty.person_name,
        "violation": penalty.violation,
        "basis": penalty.basis_code,
        "basis_article": penalty.basis_article,
        "basis_law": penalty.basis_law,
        "procedure": penalty.procedure,
        "revoke_reason": penalty.revoke_reason,
        "fine_yuan": penalty.fine_yuan,
        "decision_no": penalty.decision_no,
        "decision_date": _iso(penalty.decision_date),
        "measures": sorted(penalty.measures or []),
        "revoked": penalty.revoked_at is not None,
    }


def _on_site_penalties(inspection: Inspection) -> list[Penalty]:
    """Only decisions made on the spot (simple procedure) belong to the record; a general-
    procedure penalty is decided in its own proceeding, with its own documents."""
    rows = _rows(Penalty, inspection)
    return [p for p in rows if p.procedure == Procedure.SIMPLE]


def _current_signatures(inspection: Inspection, revision: int) -> list[Signature]:
    """Signatures given for this revision by the people now on the case (not by an inspector
    since removed)."""
    keys = {f"inspector:{i.user_id}" for i in inspection.inspectors} | {"representative"}
    rows = _rows(Signature, inspection, Signature.signer_key)
    return [s for s in rows if s.signer_key in keys and s.revision == revision]


def _signature(signature: Signature) -> dict:
    return {
        "role": signature.role,
        "name": signature.signer_name,
        "image_sha256": signature.image_sha256,
        "refused": signature.refused,
        "refusal_reason": signature.refusal_reason,
    }


def canonical_bytes(snapshot: dict) -> bytes:
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def snapshot_hash(snapshot: dict) -> str:
    return hashlib.sha256(canonical_bytes(snapshot)).hexdigest()
