"""Registering tip-offs, putting them to verification, recording their outcome and answer.

The informant's contact is kept on the tip only: it goes into no audit row, log line or page of
the public side.
"""

import secrets
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.plans.services import TaskError, create_task
from inspect_app.regions.models import Region
from inspect_app.subjects.models import Subject
from inspect_app.tips.models import Tip, TipChannel, TipOutcome, TipStatus

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud or typed on a phone
CODE_LENGTH = 12  # about 59 bits; look-ups are rate-limited per address


class TipError(Exception):
    """A change refused, with a message for the user."""


def new_query_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str | None) -> str:
    """A code as typed (any case, spaces or dashes) in its stored form."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def show_code(code: str) -> str:
    """A query code in groups of four, as given to the informant."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def tip_by_code(text: str | None) -> Tip | None:
    code = normalise_code(text)
    if len(code) != CODE_LENGTH:
        return None
    return db.session.scalar(select(Tip).where(Tip.query_code == code))


def register_tip(region: Region, values: dict, by) -> Tip:
    """A tip received by phone, letter or website, registered by a member of staff."""
    subject = values.get("subject")
    if subject is not None and subject.region_id != region.id:
        raise TipError(_l("The unit is not registered in the chosen region."))
    if subject is None and not (values.get("subject_name") or "").strip():
        raise TipError(_l("Choose the unit from the register or write its name."))
    tip = _new_tip(region, values, channel=values["channel"], by=by)
    tip.received_on = values["received_on"]
    if tip.received_on > clock.today():
        raise TipError(_l("The date received cannot be in the future."))
    return _audited(tip, by, "register_tip")


def submit_public_tip(region: Region, values: dict) -> Tip:
    """A tip sent through the public form: received today, no account behind it."""
    tip = _new_tip(region, {**values, "subject": None}, channel=TipChannel.PUBLIC_FORM, by=None)
    tip.received_on = clock.today()
    return _audited(tip, None, "submit_public_tip")


def _new_tip(region: Region, values: dict, channel: str, by) -> Tip:
    subject = values.get("subject")
    tip = Tip(
        region_id=region.id,
        channel=str(channel),
        subject_id=subject.id if subject else None,
        subject_name="" if subject else (values.get("subject_name") or "").strip()[:128],
        allegation=(values.get("allegation") or "").strip(),
        contact=(values.get("contact") or "").strip()[:128],
        query_code=new_query_code(),
        created_by_id=getattr(by, "id", None),
    )
    if not tip.allegation:
        raise TipError(_l("Write what is alleged."))
    db.session.add(tip)
    return tip


def _audited(tip: Tip, by, action: str, **details) -> Tip:
    db.session.flush()
    record_audit(by, action, tip, None, status=tip.status, has_contact=tip.has_contact, **details)
    return tip


def verify_by_task(tip: Tip, subject: Subject, officers: list, due_month: date, by) -> Tip:
    """Put the tip to a verification task (检查任务) for two or more officers."""
    _check_open(tip)
    _check_subject(tip, subject)
    try:
        task = create_task(tip.region, subject, officers, due_month, "tip", by)
    except TaskError as error:
        raise TipError(str(error)) from error
    db.session.flush()
    tip.subject_id, tip.verified_by_task_id = subject.id, task.id
    return _begin(tip, by, task=task.id)


def verify_by_case(tip: Tip, inspection: Inspection, by) -> Tip:
    """Let a case of the same unit verify the tip."""
    _check_open(tip)
    if inspection.region_id != tip.region_id:
        raise TipError(_l("The case belongs to another region."))
    _check_subject(tip, inspection.subject)
    tip.subject_id, tip.verified_by_case_id = inspection.subject_id, inspection.id
    return _begin(tip, by, case=inspection.id)


def _begin(tip: Tip, by, **link) -> Tip:
    if tip.status == TipStatus.RECEIVED:
        tip.status, tip.verifying_since = TipStatus.VERIFYING.value, clock.utcnow()
    return _audited(tip, by, "verify_tip", **link)


def _check_open(tip: Tip) -> None:
    if tip.status == TipStatus.CLOSED:
        raise TipError(_l("This tip has been handled; its verification cannot change."))


def _check_subject(tip: Tip, subject: Subject) -> None:
    if subject.region_id != tip.region_id:
        raise TipError(_l("The unit is not registered in the tip's region."))
    if tip.subject_id is not None and tip.subject_id != subject.id:
        raise TipError(_l("The tip is about another unit."))


def record_outcome(tip: Tip, outcome: str, note: str, by) -> Tip:
    """Close a tip under verification with what was found."""
    if tip.status != TipStatus.VERIFYING:
        raise TipError(_l("Record the outcome once a task or a case has verified the tip."))
    if outcome not in {o.value for o in TipOutcome}:
        raise TipError(_l("Choose an outcome."))
    if not (note or "").strip():
        raise TipError(_l("Write what the verification found."))
    tip.outcome, tip.outcome_note = outcome, note.strip()
    tip.status, tip.closed_at = TipStatus.CLOSED.value, clock.utcnow()
    return _audited(tip, by, "close_tip", outcome=outcome)


def mark_answered(tip: Tip, note: str, by) -> Tip:
    """Note that the informant was told the outcome (only where a contact was given)."""
    if not tip.awaits_answer:
        raise TipError(_l("Only a handled tip with the informant's contact awaits an answer."))
    tip.answered_at, tip.answer_note = clock.utcnow(), (note or "").strip()
    return _audited(tip, by, "answer_tip")


def tips_in(region_ids: list[int], status: str | None = None) -> list[Tip]:
    """Tips of these regions, newest received first."""
    query = select(Tip).where(Tip.region_id.in_(region_ids))
    if status:
        query = query.where(Tip.status == status)
    return list(db.session.scalars(query.order_by(Tip.received_on.desc(), Tip.id.desc())))


def open_tips(region_ids: list[int]) -> list[Tip]:
    """Tips still running against a time limit or awaiting their answer."""
    query = select(Tip).where(Tip.region_id.in_(region_ids))
    unanswered = (
        (Tip.status == TipStatus.CLOSED) & (Tip.answered_at.is_(None)) & (Tip.contact != "")
    )
    query = query.where((Tip.status != TipStatus.CLOSED) | unanswered)
    return list(db.session.scalars(query.order_by(Tip.received_on, Tip.id)))


def cases_for(tip: Tip) -> list[Inspection]:
    """Cases that may verify the tip: of its region, on its unit when known, newest first."""
    query = select(Inspection).where(Inspection.region_id == tip.region_id)
    if tip.subject_id is not None:
        query = query.where(Inspection.subject_id == tip.subject_id)
    return list(db.session.scalars(query.order_by(Inspection.started_at.desc()).limit(50)))
