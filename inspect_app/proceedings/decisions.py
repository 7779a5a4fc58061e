"""决定书: the penalty decided at the end of a proceeding, and the exam-site measures it orders."""

import secrets
from datetime import date

from flask_babel import gettext as _

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.documents.models import DocumentKind
from inspect_app.documents.services import issue_document
from inspect_app.extensions import db
from inspect_app.i18n import format_local_date
from inspect_app.inspections.models import Inspection
from inspect_app.inspections.services import check_version
from inspect_app.penalties.models import Penalty, Procedure
from inspect_app.proceedings import content
from inspect_app.proceedings.models import ExamMeasure, ExamMeasureKind, Proceeding
from inspect_app.proceedings.models import ProceedingStatus as S
from inspect_app.proceedings.services import (
    StepRefused,
    checked_penalty,
    inspection_of,
    require_status,
)
from inspect_app.proceedings.statements import hearing_open

SUSPENSION = "exam_qualification_suspension"
REVOCATION = "exam_qualification_revocation"


def decide_proceeding(
    proceeding: Proceeding,
    user: User,
    *,
    fine_yuan: int | None,
    measures: list[str],
    decided_on: date | None,
    review: str,
    suspension_starts_on: date | None = None,
    suspension_ends_on: date | None = None,
    version: int | None,
) -> Penalty:
    """Decide the penalty (it may differ from the notice after a statement): the Penalty, its
    行政处罚决定书 and any exam-site measure, in one step."""
    if proceeding.status == S.DECIDED and proceeding.penalty is not None:
        return proceeding.penalty  # a double tap
    require_status(proceeding, S.NOTIFIED)
    check_version(proceeding, version)
    inspection = inspection_of(proceeding)
    values = _checked(inspection, proceeding, fine_yuan, measures)
    _check_decision_day(proceeding, decided_on)
    span = _exam_span(
        values["proposed_measures"], decided_on, suspension_starts_on, suspension_ends_on
    )
    decided = {
        "fine_yuan": values["proposed_fine_yuan"],
        "measures": values["proposed_measures"],
        "decided_on": decided_on,
        "review": (review or "").strip(),
        "exam_measure": _iso_span(span),
    }
    document = issue_document(
        inspection,
        DocumentKind.DECISION,
        user,
        content.decision(inspection, proceeding, decided),
        proceeding_id=proceeding.id,
        dated=decided_on,
    )
    penalty = _penalty(inspection, proceeding, user, decided, document)
    if span is not None:
        _exam_measure(inspection, proceeding, user, document.number, decided_on, span)
    proceeding.status = S.DECIDED
    record_audit(
        user,
        "decide_proceeding",
        proceeding,
        inspection,
        number=document.number,
        fine_yuan=penalty.fine_yuan,
        measures=penalty.measures,
    )
    return penalty


def _checked(inspection, proceeding, fine_yuan, measures) -> dict:
    return checked_penalty(
        inspection,
        proceeding.party,
        proceeding.person_name,
        proceeding.facts,
        proceeding.basis_code,
        fine_yuan,
        measures,
    )


def decision_day_problem(proceeding: Proceeding, day: date | None) -> str | None:
    """Not before the notice, nor in the future; after the statement period unless the party
    stated its case; after the hearing period (and the hearing) and the collective discussion."""
    if day is None:
        return _("Enter the date of the decision.")
    if day > clock.today():
        return _("The decision date cannot be in the future.")
    if day < proceeding.notified_on:
        return _(
            "The decision cannot be dated before the notice (%(date)s).",
            date=format_local_date(proceeding.notified_on),
        )
    return _waiting_problem(proceeding, day)


def _waiting_problem(proceeding: Proceeding, day: date) -> str | None:
    if not proceeding.statements and day <= proceeding.statement_due:
        return _(
            "The party may state its case until %(date)s: decide after that day, or record "
            "its statement first.",
            date=format_local_date(proceeding.statement_due),
        )
    if hearing_open(proceeding, day):
        return _(
            "The party may ask for a hearing until %(date)s: decide after that day.",
            date=format_local_date(proceeding.hearing_due),
        )
    if proceeding.hearing_requested and not proceeding.hearing_held_on:
        return _("The party asked for a hearing: record the hearing before deciding.")
    if proceeding.hearing_held_on and day < proceeding.hearing_held_on:
        return _("The decision cannot be dated before the hearing.")
    return _discussion_problem(proceeding, day)


def _discussion_problem(proceeding: Proceeding, day: date) -> str | None:
    if proceeding.major and not proceeding.discussed_on:
        return _("This is a major case: record the collective discussion before deciding.")
    if proceeding.discussed_on and day < proceeding.discussed_on:
        return _("The decision cannot be dated before the collective discussion.")
    return None


def _check_decision_day(proceeding: Proceeding, day: date | None) -> None:
    if problem := decision_day_problem(proceeding, day):
        raise StepRefused({"decided_on": problem})


def _exam_span(measures, decided_on, starts_on, ends_on) -> tuple[str, date, date | None] | None:
    """(kind, first day, last day) of the exam-site measure decided, if any."""
    if REVOCATION in measures:
        return (ExamMeasureKind.REVOCATION, decided_on, None)
    if SUSPENSION not in measures:
        return None
    if starts_on is None or ends_on is None:
        message = _("Enter the first and last day of the suspension.")
    elif starts_on < decided_on or ends_on < starts_on:
        message = _("The suspension starts on or after the decision and ends after it starts.")
    else:
        return (ExamMeasureKind.SUSPENSION, starts_on, ends_on)
    raise StepRefused({"suspension_starts_on": message})


def _iso_span(span) -> dict | None:
    if span is None:
        return None
    kind, starts_on, ends_on = span
    return {"kind": str(kind), "starts_on": content.iso(starts_on), "ends_on": content.iso(ends_on)}


def _penalty(inspection: Inspection, proceeding: Proceeding, user, decided, document) -> Penalty:
    penalty = Penalty(
        inspection_id=inspection.id,
        party=proceeding.party,
        person_name=proceeding.person_name,
        violation=proceeding.facts,
        basis_code=proceeding.basis_code,
        basis_law=proceeding.basis_law,
        basis_article=proceeding.basis_article,
        fine_yuan=decided["fine_yuan"],
        measures=decided["measures"],
        procedure=Procedure.GENERAL,
        decision_no=document.number,
        decision_date=decided["decided_on"],
        proceeding_id=proceeding.id,
        document_id=document.id,
        client_key=secrets.token_urlsafe(16),
        created_by=user,
    )
    db.session.add(penalty)
    record_audit(
        user,
        "impose_penalty",
        penalty,
        inspection,
        decision_no=document.number,
        fine_yuan=penalty.fine_yuan,
        proceeding=proceeding.id,
    )
    return penalty


def _exam_measure(inspection, proceeding, user, number: str, decided_on: date, span) -> None:
    kind, starts_on, ends_on = span
    measure = ExamMeasure(
        subject_id=inspection.subject_id,
        inspection_id=inspection.id,
        proceeding_id=proceeding.id,
        kind=kind,
        decision_no=number,
        decided_on=decided_on,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=proceeding.facts,
        created_by_id=user.id,
    )
    db.session.add(measure)
    record_audit(
        user,
        "decide_exam_measure",
        measure,
        inspection,
        kind=str(kind),
        starts_on=starts_on,
        ends_on=ends_on,
    )
