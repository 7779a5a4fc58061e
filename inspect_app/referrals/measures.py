"""Exam-site measures (暂停 / 取消考试资格) recorded directly, and what the subject pages show.

Measures decided in a penalty proceeding are created with its decision; those decided outside
the app's proceedings are recorded here from an exam-site case, with their decision's number.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.errors import CaseError
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.proceedings.models import ExamMeasure, ExamMeasureKind
from inspect_app.referrals.services import FutureDate, NotIssued

EXAM_SITE = "exam_site"


class NotAnExamSite(CaseError):
    message = _l("Exam-qualification measures apply to exam sites only.")


class DecisionRecorded(CaseError):
    message = _l("A measure with this decision number is already recorded for this site.")


class StartsBeforeDecision(CaseError):
    message = _l("The measure cannot take effect before it was decided.")


def record_exam_measure(inspection: Inspection, user: User, values: dict) -> ExamMeasure:
    """Record a measure decided outside the app's proceedings; the same decision twice is one."""
    _check_measure(inspection, values)
    same = select(ExamMeasure).where(
        ExamMeasure.subject_id == inspection.subject_id,
        ExamMeasure.kind == values["kind"],
        ExamMeasure.decision_no == values["decision_no"].strip(),
    )
    if (done := db.session.scalar(same)) is not None:
        if (done.decided_on, done.starts_on) != (values["decided_on"], values["starts_on"]):
            raise DecisionRecorded()
        return done  # a double tap
    measure = ExamMeasure(
        subject_id=inspection.subject_id,
        inspection_id=inspection.id,
        kind=values["kind"],
        decision_no=values["decision_no"].strip(),
        decided_on=values["decided_on"],
        starts_on=values["starts_on"],
        ends_on=values["ends_on"] if values["kind"] == ExamMeasureKind.SUSPENSION else None,
        reason=values["reason"].strip(),
        created_by_id=user.id,
    )
    db.session.add(measure)
    db.session.flush()
    record_audit(
        user,
        "record_exam_measure",
        measure,
        inspection,
        kind=measure.kind,
        decision_no=measure.decision_no,
        decided_on=measure.decided_on.isoformat(),
        starts_on=measure.starts_on.isoformat(),
        ends_on=measure.ends_on.isoformat() if measure.ends_on else None,
    )
    return measure


def _check_measure(inspection: Inspection, values: dict) -> None:
    if inspection.subject.kind != EXAM_SITE:
        raise NotAnExamSite()
    if inspection.is_draft:
        raise NotIssued()
    if values["decided_on"] > clock.today():
        raise FutureDate()
    if values["starts_on"] < values["decided_on"]:
        raise StartsBeforeDecision()


@dataclass(frozen=True)
class MeasureLine:
    measure: ExamMeasure
    in_force: bool
    case_number: str | None


def subject_measures(subject) -> list[MeasureLine]:
    """A subject's exam-site measures, latest decision first, each in force today or not."""
    today = clock.today()
    query = (
        select(ExamMeasure, Inspection.case_number)
        .join(Inspection, Inspection.id == ExamMeasure.inspection_id)
        .where(ExamMeasure.subject_id == subject.id)
        .order_by(ExamMeasure.decided_on.desc(), ExamMeasure.id.desc())
    )
    return [MeasureLine(m, m.in_force_on(today), number) for m, number in db.session.execute(query)]


def in_force_on(day: date):
    """SQL: a measure in force on a local day."""
    return and_(
        ExamMeasure.starts_on <= day,
        or_(ExamMeasure.ends_on.is_(None), ExamMeasure.ends_on >= day),
    )


def exam_site_status(subjects) -> dict[int, str]:
    """The measure in force today per subject id (revocation before suspension), one query."""
    ids = [s.id for s in subjects if s.kind == EXAM_SITE]
    if not ids:
        return {}
    query = select(ExamMeasure.subject_id, ExamMeasure.kind).where(
        ExamMeasure.subject_id.in_(ids), in_force_on(clock.today())
    )
    status: dict[int, str] = {}
    for subject_id, kind in db.session.execute(query):
        if status.get(subject_id) != ExamMeasureKind.REVOCATION:
            status[subject_id] = kind
    return status
