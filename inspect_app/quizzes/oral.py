"""现场问答: oral questions asked on site, from the bank or typed, and how they were answered."""

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.inspections.services import commit_change, prepare_change
from inspect_app.quizzes.models import OralQuestion, Question
from inspect_app.quizzes.services import QuizRefused
from inspect_app.quizzes.topics import topic_labels
from inspect_app.subjects.models import Person

VERDICTS = ("correct", "partly", "wrong")


def record_oral_question(
    inspection: Inspection,
    user: User,
    *,
    person: Person | None,
    worker_name: str,
    question: Question | None,
    text: str,
    verdict: str,
    note: str,
    client_key: str,
    reason: str | None = None,
) -> OralQuestion:
    """现场问答: a bank question or a typed one, marked correct, partly correct or wrong."""
    if done := oral_with_key(client_key):
        return done
    prepare_change(inspection, reason)
    if person is not None and person.subject_id != inspection.subject_id:
        raise QuizRefused(_l("This person does not belong to the inspected unit."))
    name = person.name if person is not None else (worker_name or "").strip()
    asked = question.text if question is not None else (text or "").strip()
    if not name or not asked or verdict not in VERDICTS:
        raise QuizRefused(_l("Give the worker, the question and how it was answered."))
    oral = OralQuestion(inspection_id=inspection.id, person=person, worker_name=name, text=asked)
    oral.question_id = question.id if question is not None else None
    oral.verdict, oral.note, oral.asked_by_id = verdict, (note or "").strip(), user.id
    oral.client_key = client_key or secrets.token_urlsafe(16)
    db.session.add(oral)
    details = {"worker": name, "question": asked, "verdict": verdict, "note": oral.note}
    record_audit(user, "record_oral_question", oral, inspection, **details, reason=reason or "")
    commit_change(inspection, user, reason)
    return oral


def oral_with_key(client_key: str | None) -> OralQuestion | None:
    """The oral question a form with this key already recorded (a double tap), if any."""
    if not client_key:
        return None
    return db.session.scalar(select(OralQuestion).where(OralQuestion.client_key == client_key))


def bank_questions(topic: str = "") -> list[Question]:
    """Active bank questions to ask orally, of one topic or all."""
    query = select(Question).where(Question.active)
    if topic:
        query = query.where(Question.topic == topic)
    return list(db.session.scalars(query.order_by(Question.topic, Question.code)))


def bank_topics() -> list[str]:
    """Topics that hold active questions, in the bank's catalog order."""
    query = select(Question.topic).where(Question.active).distinct()
    order = list(topic_labels())
    found = set(db.session.scalars(query))
    return [t for t in order if t in found] + sorted(found - set(order))
