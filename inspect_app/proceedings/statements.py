"""While the proceeding is NOTIFIED: statements (陈述申辩), the hearing and the collective
discussion of a major case."""

import secrets
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from inspect_app import clock, ratelimit
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.documents.models import DocumentKind
from inspect_app.documents.services import issue_document
from inspect_app.extensions import db
from inspect_app.i18n import format_local_date
from inspect_app.inspections.models import Inspection
from inspect_app.inspections.services import check_version
from inspect_app.proceedings import content
from inspect_app.proceedings.models import Proceeding, Statement, StatementSource
from inspect_app.proceedings.models import ProceedingStatus as S
from inspect_app.proceedings.services import StepRefused, inspection_of, require_status
from inspect_app.public.services import AnswerRefused, Throttled, check_code

# Statements sent from the public page, per case and hour (a right code is needed as well).
STATEMENTS_PER_CASE = ("public_statement", 10, timedelta(hours=1))


def statement_open(proceeding: Proceeding, today: date | None = None) -> bool:
    """The party may still send a statement: NOTIFIED and the statement period runs."""
    today = today or clock.today()
    return proceeding.status == S.NOTIFIED and today <= proceeding.statement_due


def hearing_open(proceeding: Proceeding, today: date | None = None) -> bool:
    """The party may still ask for the hearing it was offered."""
    today = today or clock.today()
    offered = proceeding.status == S.NOTIFIED and proceeding.hearing_offered
    return offered and not proceeding.hearing_requested and today <= proceeding.hearing_due


def send_statement(
    inspection: Inspection,
    proceeding: Proceeding,
    *,
    code: str,
    text: str,
    hearing: bool,
    client_key: str,
    address: str,
) -> Statement:
    """The party's statement from the public page, with the case's verification code. After the
    statement period only a hearing request (within its own period) is taken."""
    if (done := statement_by_key(client_key)) is not None:
        return _same_proceeding(done, proceeding)
    _check_period(proceeding, text, hearing)
    _check_throttle(inspection)
    check_code(inspection, code, address)
    text = (text or "").strip()
    if not text and not hearing:
        raise AnswerRefused(_("Write your statement, or ask for a hearing."), "text")
    statement = _add_statement(proceeding, StatementSource.PUBLIC, text, hearing, client_key)
    ratelimit.record_event(STATEMENTS_PER_CASE[0], f"case:{inspection.id}")
    record_audit(None, "send_statement", statement, inspection, hearing=statement.hearing_requested)
    return statement


def _check_period(proceeding: Proceeding, text: str, hearing: bool) -> None:
    if proceeding.status != S.NOTIFIED:
        raise AnswerRefused(_("This proceeding no longer takes statements."))
    due = format_local_date(proceeding.statement_due)
    if statement_open(proceeding):
        return
    if hearing and hearing_open(proceeding) and not (text or "").strip():
        return
    if hearing_open(proceeding):
        raise AnswerRefused(
            _(
                "The period for statements ended on %(date)s. You can still ask for a hearing "
                "until %(hearing)s: tick the box and leave the statement empty.",
                date=due,
                hearing=format_local_date(proceeding.hearing_due),
            ),
            "text",
        )
    raise AnswerRefused(_("The period for statements ended on %(date)s.", date=due), "text")


def _check_throttle(inspection: Inspection) -> None:
    bucket, limit, window = STATEMENTS_PER_CASE
    if ratelimit.is_limited(bucket, f"case:{inspection.id}", limit, window):
        raise Throttled(_("Too many statements were sent for this case. Please try later."))


def statement_by_key(client_key: str) -> Statement | None:
    if not client_key:
        return None
    return db.session.scalar(select(Statement).where(Statement.client_key == client_key))


def _same_proceeding(statement: Statement, proceeding: Proceeding) -> Statement:
    """A double tap returns the statement stored first; a key of another form is refused."""
    if statement.proceeding_id != proceeding.id:
        raise AnswerRefused(_("This form was already used. Reload the page and try again."))
    return statement


def _add_statement(proceeding, source, text, hearing, client_key, user=None, day=None) -> Statement:
    """The statement; a hearing request counts while the party may still ask for one."""
    hearing = bool(hearing) and hearing_open(proceeding, day)
    statement = Statement(
        proceeding=proceeding,
        source=source,
        text=text,
        hearing_requested=hearing,
        recorded_by_id=getattr(user, "id", None),
        client_key=client_key or secrets.token_urlsafe(16),
    )
    db.session.add(statement)
    if hearing:
        proceeding.hearing_requested = True
    return statement


def record_statement(
    proceeding: Proceeding,
    user: User,
    *,
    text: str,
    given_on: date | None,
    hearing: bool,
    client_key: str,
    version: int | None,
) -> Statement:
    """A statement given on paper or orally, recorded by the inspector (陈述申辩笔录)."""
    if (done := statement_by_key(client_key)) is not None:
        return _same_proceeding(done, proceeding)
    require_status(proceeding, S.NOTIFIED)
    check_version(proceeding, version)
    given_on = given_on or clock.today()
    if not (text := (text or "").strip()):
        raise StepRefused({"text": _("Write down what the party stated.")})
    _check_day(given_on, proceeding.notified_on, "given_on")
    statement = _add_statement(
        proceeding, StatementSource.PAPER, text, hearing, client_key, user, given_on
    )
    inspection = inspection_of(proceeding)
    document_content = content.statement_record(inspection, proceeding, statement, user, given_on)
    issue_document(
        inspection,
        DocumentKind.STATEMENT_RECORD,
        user,
        document_content,
        proceeding_id=proceeding.id,
        dated=given_on,
    )
    record_audit(user, "record_statement", statement, inspection, hearing=hearing)
    return statement


def record_hearing(
    proceeding: Proceeding, user: User, *, held_on: date | None, summary: str, version
) -> Proceeding:
    """听证: the day it was held and what it found, before the decision."""
    require_status(proceeding, S.NOTIFIED)
    check_version(proceeding, version)
    if not proceeding.hearing_requested:
        raise StepRefused(_("The party has not asked for a hearing."))
    errors = {
        "held_on": _day_problem(held_on, proceeding.notified_on),
        "summary": None if (summary or "").strip() else _("Summarise the hearing."),
    }
    _raise_any(errors)
    proceeding.hearing_held_on, proceeding.hearing_summary = held_on, summary.strip()
    record_audit(user, "record_hearing", proceeding, inspection_of(proceeding), held_on=held_on)
    return proceeding


def record_discussion(
    proceeding: Proceeding,
    user: User,
    *,
    discussed_on: date | None,
    members: str,
    conclusion: str,
    version: int | None,
) -> Proceeding:
    """集体讨论: the agency's heads discuss a major case; its record is a document."""
    require_status(proceeding, S.NOTIFIED)
    check_version(proceeding, version)
    errors = {
        "discussed_on": _day_problem(discussed_on, proceeding.notified_on),
        "members": None if (members or "").strip() else _("List who took part."),
        "conclusion": None if (conclusion or "").strip() else _("Write the conclusion."),
    }
    _raise_any(errors)
    proceeding.discussed_on = discussed_on
    proceeding.discussion_members, proceeding.discussion_conclusion = (
        members.strip(),
        conclusion.strip(),
    )
    inspection = inspection_of(proceeding)
    issue_document(
        inspection,
        DocumentKind.COLLECTIVE_DISCUSSION,
        user,
        content.discussion(inspection, proceeding, user),
        proceeding_id=proceeding.id,
        dated=discussed_on,
    )
    record_audit(user, "record_discussion", proceeding, inspection, discussed_on=discussed_on)
    return proceeding


def _day_problem(day: date | None, notified_on: date) -> str | None:
    if day is None:
        return _("Enter the date.")
    if day < notified_on:
        return _(
            "The date cannot be before the notice (%(date)s).", date=format_local_date(notified_on)
        )
    if day > clock.today():
        return _("The date cannot be in the future.")
    return None


def _check_day(day: date, notified_on: date, field: str) -> None:
    _raise_any({field: _day_problem(day, notified_on)})


def _raise_any(errors: dict) -> None:
    if found := {field: message for field, message in errors.items() if message}:
        raise StepRefused(found)
