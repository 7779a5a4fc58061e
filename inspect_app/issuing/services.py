"""Issuing a record: number, freeze and hash it, and have the worker render it; and every later
revision of it (corrections: issuing.corrections).

It sits above the case core: it checks records, which read every feature of a case.
"""

import secrets
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.casefile.snapshot import build_snapshot, snapshot_hash
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.findings import consistency
from inspect_app.findings.documents import issue_order_notice
from inspect_app.findings.models import RectificationOrder
from inspect_app.inspections import queries
from inspect_app.inspections import services as cases
from inspect_app.inspections.errors import NotEditable, NotReady, NumberTaken
from inspect_app.inspections.hooks import case_hooks
from inspect_app.inspections.models import Inspection, Revision, Status
from inspect_app.inspections.rules import MIN_INSPECTORS
from inspect_app.records.jobs import request_revision_pdfs
from inspect_app.records.printable import check_printable
from inspect_app.signatures.models import Signature, open_revision

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def issue_blockers(inspection: Inspection) -> list[str]:
    """Everything that still stands in the way of issuing the record, or its pending correction
    (the same rules; the signatures are those given for the revision to be issued)."""
    blockers = []
    answered, total = cases.progress(inspection)
    if answered < total:
        blockers.append(_("%(count)s check items are not answered yet.", count=total - answered))
    if len(inspection.inspectors) < MIN_INSPECTORS:
        blockers.append(_("At least two inspectors must be on the case."))
    if any(not i.cert_no for i in inspection.inspectors):
        blockers.append(_("Every inspector needs an enforcement certificate number."))
    contradicted = consistency.contradicted_items(inspection, cases.checklist_items(inspection))
    blockers += [consistency.contradiction_message(item) for item in contradicted]
    signed = _signed(inspection, open_revision(inspection) or inspection.revision + 1)
    missing = [name for key, name in cases.required_signers(inspection) if key not in signed]
    if missing:
        blockers.append(
            _("Missing signature or refusal note: %(names)s.", names="、".join(missing))
        )
    return blockers


def _signed(inspection: Inspection, revision: int) -> set[str]:
    """Signer keys with a signature or refusal for `revision` that is still theirs (same name
    as now)."""
    names = dict(cases.required_signers(inspection))
    query = select(Signature).where(
        Signature.inspection_id == inspection.id, Signature.revision == revision
    )
    return {
        s.signer_key for s in db.session.scalars(query) if names.get(s.signer_key) == s.signer_name
    }


def issue_record(inspection: Inspection, user: User) -> Inspection:
    """Number, freeze and hash the record (revision 1), in the caller's transaction; the
    worker renders its PDFs once the caller commits (records.jobs).

    Rendering took a good part of a second, and a write holds the database's write lock (SQLite
    has one for the whole file) until the commit; what rendering would refuse (missing glyphs
    or files) is still checked here (records.printable). The number read first is claimed only
    if no other record of the region took it meanwhile; otherwise NumberTaken: roll back and
    issue again.
    """
    if not inspection.is_draft:
        raise NotEditable(_("This record has already been issued."))
    if blockers := issue_blockers(inspection):
        raise NotReady(blockers)
    db.session.flush()  # the caller's own changes, if any, so the snapshot sees them
    now = utcnow()
    year = clock.to_local(now).year
    seq = cases.peek_case_seq(inspection.region_id, year)
    with db.session.no_autoflush:
        inspection.case_number = f"{inspection.region.code}-{year}-{seq:04d}"
        inspection.issued_at = now
        inspection.public_token = new_public_token()
        inspection.verification_code = new_verification_code()
        inspection.status = Status.RECTIFYING if _has_orders(inspection) else Status.ISSUED
        revision = add_revision(inspection, user, "", at=now)
        cases.claim_case_seq(inspection.region_id, year, seq)  # before the number is flushed
    record_audit(
        user,
        "issue_record",
        inspection,
        inspection,
        case_number=inspection.case_number,
        sha256=revision.sha256,
    )
    issue_order_notice(inspection, user)  # the orders' own document, served on the case page
    for hook in case_hooks().on_issue:
        hook(inspection, user)
    return inspection


def new_public_token() -> str:
    """The QR link's token: 192 random bits, URL-safe; the same across revisions."""
    return secrets.token_urlsafe(24)


def new_verification_code() -> str:
    """Eight characters printed on the paper only (not in the QR), without look-alikes."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _has_orders(inspection: Inspection) -> bool:
    query = select(RectificationOrder.id).where(RectificationOrder.inspection_id == inspection.id)
    return db.session.scalar(query.limit(1)) is not None


def add_revision(
    inspection: Inspection, user: User, reason: str, at: datetime | None = None
) -> Revision:
    """Freeze and hash the next revision of the record, with the signatures given for it;
    check it would print, and have the worker render it after the commit."""
    snapshot = build_snapshot(inspection, revision=inspection.revision + 1)
    digest = snapshot_hash(snapshot)
    inspection.revision += 1
    inspection.record_sha256 = digest
    revision = Revision(
        inspection=inspection,
        number=inspection.revision,
        reason=reason,
        snapshot=snapshot,
        sha256=digest,
        created_by=user,
        created_at=at or utcnow(),  # set now: the record prints it before anything is flushed
    )
    db.session.add(revision)
    check_printable(inspection, revision)
    request_revision_pdfs(inspection, revision)
    if inspection.revision > 1:
        record_audit(
            user,
            "revise_record",
            revision,
            inspection,
            number=revision.number,
            reason=reason,
            sha256=digest,
        )
    return revision


ISSUE_ATTEMPTS = 6  # another record of the town took the number meanwhile: freeze again


def issue_with_retries(inspection_id: int, user: User, version: int | None) -> Inspection:
    """Issue and commit (the page and the API); when another record of the town took the
    number first, start over. The transaction is the unit of work, so this commits."""
    for _attempt in range(ISSUE_ATTEMPTS - 1):
        try:
            return _issue_once(inspection_id, user, version)
        except NumberTaken:
            db.session.rollback()
    return _issue_once(inspection_id, user, version)


def _issue_once(inspection_id: int, user: User, version: int | None) -> Inspection:
    inspection = queries.get_editable_inspection(inspection_id)
    cases.check_version(inspection, version)
    issue_record(inspection, user)
    db.session.commit()
    return inspection
