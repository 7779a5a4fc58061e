"""Oral questions (现场问答) of a case: asked on site, from the bank or typed, and how the worker
answered; the page's service records them."""

from apiflask import Schema
from apiflask.fields import DateTime, Integer, String
from apiflask.validators import Length, OneOf
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.api.case_schemas import REASON, WRITES, Id
from inspect_app.api.idempotency import idempotent
from inspect_app.api.phone_times import PhoneTime, phone_time
from inspect_app.api.problems import Problem
from inspect_app.api.refusals import refusals
from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.quizzes import oral, results
from inspect_app.quizzes.models import Question
from inspect_app.subjects.queries import get_person

CASE = "/cases/<int:case_id>/oral-questions"
UNKNOWN_QUESTION = _l("Choose a question of the bank, or type the question.")


class OralOut(Schema):
    id = Integer()
    person_id = Integer(allow_none=True)
    worker_name = String()
    question_id = Integer(allow_none=True)
    text = String()
    verdict = String(metadata={"enum": list(oral.VERDICTS)})
    note = String()
    asked_at = DateTime()


class OralIn(Schema):
    person_id = Id(load_default=None, allow_none=True)
    worker_name = String(load_default="", validate=Length(max=64))
    question_id = Id(
        load_default=None, allow_none=True, metadata={"description": "A question of the bank."}
    )
    text = String(
        load_default="",
        validate=Length(max=2000),
        metadata={"description": "The question asked, when it is not from the bank."},
    )
    verdict = String(required=True, validate=OneOf(oral.VERDICTS))
    note = String(load_default="", validate=Length(max=2000))
    asked_at = PhoneTime("When the question was asked on the phone.")
    reason = String(load_default=None, allow_none=True, validate=Length(max=500), metadata=REASON)


@bp.get(CASE)
@bp.auth_required(token_auth)
@bp.output(OralOut(many=True))
def list_oral_questions(case_id: int):
    """The case's oral questions, in the order they were asked."""
    return results.case_oral_questions(queries.get_inspection(case_id))


@bp.post(CASE)
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(OralIn, arg_name="data")
@bp.output(OralOut, status_code=201)
def record_oral_question(case_id: int, data):
    """Record a question asked on site (of a person of the unit, or a named worker)."""
    inspection = queries.get_editable_inspection(case_id)
    person = get_person(inspection.subject, data["person_id"]) if data["person_id"] else None
    question = _question(data["question_id"])
    asked_at = phone_time(data["asked_at"], inspection, "asked_at")
    with refusals():
        row = oral.record_oral_question(
            inspection,
            current_user,
            person=person,
            worker_name=data["worker_name"],
            question=question,
            text=data["text"],
            verdict=data["verdict"],
            note=data["note"],
            client_key="",
            reason=data["reason"],
        )
        row.asked_at = asked_at or row.asked_at
    return row, 201


def _question(question_id: int | None) -> Question | None:
    if question_id is None:
        return None
    question = db.session.get(Question, question_id)
    if question is None or not question.active:
        message = str(UNKNOWN_QUESTION)
        raise Problem(422, "validation", message, errors={"question_id": [message]})
    return question
