"""Opening cases, answering the checklist, and changing issued records under a reason."""

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import insert, select, update

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.catalogs import CheckItem, latest_version, load_catalog
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections.errors import (
    NotEditable,
    NumberTaken,
    ReasonRequired,
    StaleEdit,
)
from inspect_app.inspections.hooks import case_hooks
from inspect_app.inspections.models import (
    CaseCounter,
    CaseInspector,
    Inspection,
    ItemAnswer,
    Result,
    Status,
)
from inspect_app.subjects.models import Subject


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


_CONTENT_BEFORE = "_record_content_before_change"


def prepare_change(inspection: Inspection, reason: str | None) -> None:
    """Drafts change freely; an issued record needs a reason; a closed one cannot change.

    For an issued record it notes what the record states before the change, so that
    commit_change can tell whether the change touched the record at all.
    """
    if inspection.status == Status.CLOSED:
        raise NotEditable()
    if inspection.is_draft:
        return
    if not (reason or "").strip():
        raise ReasonRequired()
    db.session.flush()
    setattr(inspection, _CONTENT_BEFORE, case_hooks().record_content(inspection))


def commit_change(inspection: Inspection, user: User, reason: str | None) -> None:
    """After a change to an issued record that alters what it states, add the reason to the
    pending correction (更正). No revision is made here: the correction is signed on its own
    and then issued."""
    if inspection.is_draft:
        return
    db.session.flush()  # the change itself, so the record's content can be compared
    before = inspection.__dict__.pop(_CONTENT_BEFORE, None)
    if before is not None and before == case_hooks().record_content(inspection):
        return  # nothing the record states has changed (a penalty, for example)
    case_hooks().correct(inspection, user, (reason or "").strip())


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


def answer_state(inspection: Inspection, code: str) -> dict | None:
    """What is saved for one item now (None if nothing), as a phone needs to show it."""
    answer = inspection.answer_for(code)
    if answer is None:
        return None
    return {"version": answer.version, "result": answer.result, "note": answer.note}


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
        for guard in case_hooks().answer_guards:
            guard(inspection, items[code])
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


def required_signers(inspection: Inspection) -> list[tuple[str, str]]:
    """(signer key, name) for every inspector on the case and the representative."""
    signers = [(f"inspector:{i.user_id}", i.name) for i in inspection.inspectors]
    return [*signers, ("representative", inspection.representative_name)]


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


def mark_typical(inspection: Inspection, user: User, typical: bool) -> None:
    """A supervisor marks (or unmarks) a case as a typical case (典型案例)."""
    inspection.typical = typical
    record_audit(user, "mark_typical", inspection, inspection, typical=typical)


def case_started_local(inspection: Inspection) -> datetime:
    return clock.to_local(inspection.started_at)
