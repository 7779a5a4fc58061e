"""Opening cases, answering the checklist, issuing and revising records."""

import secrets
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import insert, select, update

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.casefile.snapshot import build_snapshot, snapshot_hash
from inspect_app.catalogs import CheckItem, latest_version, load_catalog
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.findings.models import RectificationOrder
from inspect_app.inspections import consistency
from inspect_app.inspections.errors import (
    NotEditable,
    NotReady,
    NumberTaken,
    ReasonRequired,
    StaleEdit,
)
from inspect_app.inspections.models import (
    CaseCounter,
    CaseInspector,
    Inspection,
    ItemAnswer,
    Result,
    Revision,
    Status,
)
from inspect_app.records.services import store_record_pdfs
from inspect_app.signatures.models import Signature
from inspect_app.subjects.models import Subject

MIN_INSPECTORS = 2
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def checklist_items(inspection: Inspection) -> tuple[CheckItem, ...]:
    """The items of the case's catalog version that apply to its subject."""
    catalog = load_catalog(inspection.campaign, inspection.subject.kind, inspection.catalog_version)
    return catalog.items_for(inspection.subject.high_risk)


def progress(inspection: Inspection) -> tuple[int, int]:
    """(answered, total) over the applicable items."""
    codes = {item.code for item in checklist_items(inspection)}
    return len(codes & {a.item_code for a in inspection.answers}), len(codes)


def open_inspection(subject: Subject, user: User, inspectors: list[User], **fields) -> Inspection:
    """Open a draft case for a subject with the latest catalog of the current campaign."""
    campaign = current_app.config["DEFAULT_CAMPAIGN"]
    inspection = Inspection(
        subject=subject,
        region_id=subject.region_id,
        campaign=campaign,
        catalog_version=latest_version(campaign, subject.kind),
        created_by=user,
        **fields,
    )
    for position, officer in enumerate(inspectors):
        inspection.inspectors.append(
            CaseInspector(
                user=officer,
                name=officer.display_name,
                cert_no=officer.cert_no or "",
                position=position,
            )
        )
    db.session.add(inspection)
    record_audit(user, "open_inspection", inspection, inspection, subject=subject.name)
    return inspection


def check_version(obj, submitted: int | None) -> None:
    """Refuse a save made from a version other than the current one."""
    if submitted is not None and int(submitted) != obj.version:
        raise StaleEdit()


def prepare_change(inspection: Inspection, reason: str | None) -> None:
    """Drafts change freely; an issued record needs a reason; a closed one cannot change."""
    if inspection.status == Status.CLOSED:
        raise NotEditable()
    if not inspection.is_draft and not (reason or "").strip():
        raise ReasonRequired()


def commit_change(inspection: Inspection, user: User, reason: str | None) -> Revision | None:
    """After a change to an issued record, freeze a new revision with the reason."""
    if inspection.is_draft:
        return None
    db.session.flush()  # the change itself, so the snapshot sees it
    return _add_revision(inspection, user, (reason or "").strip())


def answer_item(
    inspection: Inspection,
    code: str,
    result: str,
    note: str,
    user: User,
    base_version: int | None = None,
    reason: str | None = None,
) -> ItemAnswer:
    """Save one checklist answer; a non-compliant answer needs a note."""
    prepare_change(inspection, reason)
    answer = apply_answer(inspection, code, result, note, user, base_version)
    commit_change(inspection, user, reason)
    return answer


def apply_answer(
    inspection: Inspection, code: str, result: str, note: str, user: User, base_version=None
) -> ItemAnswer:
    """Set and audit one answer, without a revision (the caller's change makes it)."""
    items = {item.code: item for item in checklist_items(inspection)}
    if code not in items:
        raise ValueError(_("Unknown check item."))
    if result not in set(Result):
        raise ValueError(_("Choose compliant, non-compliant or not applicable."))
    if result == Result.NON_COMPLIANT and not note.strip():
        raise ValueError(_("Describe what is non-compliant."))
    if result == Result.COMPLIANT and not inspection.is_draft:
        consistency.refuse_contradiction(inspection, items[code])
    answer = inspection.answer_for(code)
    if answer is None:
        if base_version:  # the phone saw an answer that has since been removed
            raise StaleEdit()
        answer = ItemAnswer(inspection=inspection, item_code=code, result=result, note="")
    else:
        check_version(answer, base_version)
    answer.result, answer.note = result, note.strip()
    answer.answered_by, answer.answered_at = user, utcnow()
    db.session.add(answer)
    record_audit(user, "answer_item", answer, inspection, item=code, result=result, note=note)
    return answer


def issue_blockers(inspection: Inspection) -> list[str]:
    """Everything that still stands in the way of issuing the record."""
    blockers = []
    answered, total = progress(inspection)
    if answered < total:
        blockers.append(_("%(count)s check items are not answered yet.", count=total - answered))
    if len(inspection.inspectors) < MIN_INSPECTORS:
        blockers.append(_("At least two inspectors must be on the case."))
    if any(not i.cert_no for i in inspection.inspectors):
        blockers.append(_("Every inspector needs an enforcement certificate number."))
    contradicted = consistency.contradicted_items(inspection, checklist_items(inspection))
    blockers += [consistency.contradiction_message(item) for item in contradicted]
    missing = [name for key, name in required_signers(inspection) if key not in _signed(inspection)]
    if missing:
        blockers.append(
            _("Missing signature or refusal note: %(names)s.", names="、".join(missing))
        )
    return blockers


def required_signers(inspection: Inspection) -> list[tuple[str, str]]:
    """(signer key, name) for every inspector on the case and the representative."""
    signers = [(f"inspector:{i.user_id}", i.name) for i in inspection.inspectors]
    return [*signers, ("representative", inspection.representative_name)]


def _signed(inspection: Inspection) -> set[str]:
    """Signer keys with a signature or refusal that is still theirs (same name as now)."""
    names = dict(required_signers(inspection))
    query = select(Signature).where(Signature.inspection_id == inspection.id)
    return {
        s.signer_key for s in db.session.scalars(query) if names.get(s.signer_key) == s.signer_name
    }


def issue_record(inspection: Inspection, user: User) -> Inspection:
    """Number, freeze, hash and render the record (revision 1), in the caller's transaction.

    Everything is read and the PDF rendered before the first write: a write takes the database's
    write lock (SQLite has one for the whole file) until the commit, and rendering takes a good
    part of a second. The number read first is then claimed only if no other record of the
    region took it meanwhile; otherwise NumberTaken: roll back and issue again.
    """
    if not inspection.is_draft:
        raise NotEditable(_("This record has already been issued."))
    if blockers := issue_blockers(inspection):
        raise NotReady(blockers)
    db.session.flush()  # the caller's own changes, if any, so the snapshot sees them
    now = utcnow()
    year = clock.to_local(now).year
    seq = peek_case_seq(inspection.region_id, year)
    with db.session.no_autoflush:
        inspection.case_number = f"{inspection.region.code}-{year}-{seq:04d}"
        inspection.issued_at = now
        inspection.public_token = new_public_token()
        inspection.verification_code = new_verification_code()
        inspection.status = Status.RECTIFYING if _has_orders(inspection) else Status.ISSUED
        revision = _add_revision(inspection, user, "", at=now)
        claim_case_seq(inspection.region_id, year, seq)  # before the number is flushed
    record_audit(
        user,
        "issue_record",
        inspection,
        inspection,
        case_number=inspection.case_number,
        sha256=revision.sha256,
    )
    return inspection


def new_public_token() -> str:
    """The QR link's token: 192 random bits, URL-safe; the same across revisions."""
    return secrets.token_urlsafe(24)


def new_verification_code() -> str:
    """Eight characters printed on the paper only (not in the QR), without look-alikes."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def peek_case_seq(region_id: int, year: int) -> int:
    """The number the next record of a region and year would get (nothing is written)."""
    last = select(CaseCounter.last_seq).where(
        CaseCounter.region_id == region_id, CaseCounter.year == year
    )
    return (db.session.scalar(last) or 0) + 1


def claim_case_seq(region_id: int, year: int, seq: int) -> None:
    """Take number `seq` if it is still the next one; rolls back with the transaction.

    The conditional update waits for a concurrent claim to commit or roll back (a row lock on
    PostgreSQL, the write lock on SQLite) and then matches no row if that claim took the number.
    """
    if seq == 1:
        _create_counter(region_id, year)
    claim = (
        update(CaseCounter)
        .where(
            CaseCounter.region_id == region_id,
            CaseCounter.year == year,
            CaseCounter.last_seq == seq - 1,
        )
        .values(last_seq=seq)
        .execution_options(synchronize_session=False)
    )
    if db.session.execute(claim).rowcount != 1:
        raise NumberTaken()


def _create_counter(region_id: int, year: int) -> None:
    """Insert the counter row, tolerating a concurrent insert of the same row."""
    dialect = db.session.get_bind().dialect.name
    values = {"region_id": region_id, "year": year, "last_seq": 0}
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement = pg_insert(CaseCounter).values(values).on_conflict_do_nothing()
    else:
        statement = insert(CaseCounter).values(values).prefix_with("OR IGNORE")
    db.session.execute(statement)


def _has_orders(inspection: Inspection) -> bool:
    query = select(RectificationOrder.id).where(RectificationOrder.inspection_id == inspection.id)
    return db.session.scalar(query.limit(1)) is not None


def _add_revision(
    inspection: Inspection, user: User, reason: str, at: datetime | None = None
) -> Revision:
    snapshot = build_snapshot(inspection)
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
    store_record_pdfs(inspection, revision)
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


def mark_typical(inspection: Inspection, user: User, typical: bool) -> None:
    """A supervisor marks (or unmarks) a case as a typical case (典型案例)."""
    inspection.typical = typical
    record_audit(user, "mark_typical", inspection, inspection, typical=typical)


def case_started_local(inspection: Inspection) -> datetime:
    return clock.to_local(inspection.started_at)
