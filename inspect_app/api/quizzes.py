"""On-site quizzes: draw a paper for a worker, submit the worker's answers, read the result.
The same services as the quiz pages draw distinct papers and score them."""

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Dict, Integer, List, Nested, String
from apiflask.validators import Length
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.api.case_schemas import REASON, WRITES, Id, values_of
from inspect_app.api.idempotency import idempotent
from inspect_app.api.problems import Problem
from inspect_app.api.refusals import refusals
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.quizzes import results, services
from inspect_app.quizzes.models import QuizAttempt, QuizTemplate
from inspect_app.subjects.queries import get_person

CASE = "/cases/<int:case_id>/quizzes"
UNKNOWN_TEMPLATE = _l("Choose a quiz template from the list.")
NOT_ON_PAPER = _l("This question is not on this paper.")


class OptionOut(Schema):
    label = String(metadata={"description": "A, B, C… or T and F for true/false."})
    text = String()


class QuestionOut(Schema):
    id = Integer()
    kind = String()
    text = String()
    options = List(Nested(OptionOut))


class AttemptOut(Schema):
    id = Integer()
    person_id = Integer(allow_none=True)
    worker_name = String()
    template = String()
    started_at = DateTime()
    finished_at = DateTime(allow_none=True)
    score = Integer(allow_none=True, metadata={"description": "Percent, once finished."})
    passed = Boolean(allow_none=True)
    version = Integer()
    questions = List(Nested(QuestionOut), metadata={"description": "The paper, in order."})
    answers = Dict(keys=String(), values=String())


class DrawIn(Schema):
    person_id = Id(load_default=None, allow_none=True)
    worker_name = String(load_default=None, allow_none=True, validate=Length(max=64))
    template_id = Id(
        load_default=None,
        allow_none=True,
        metadata={"description": "Default: the template of the person's position."},
    )
    reason = String(load_default=None, allow_none=True, validate=Length(max=500), metadata=REASON)


class AnswersIn(Schema):
    answers = Dict(
        keys=String(),
        values=String(validate=Length(max=8)),
        required=True,
        metadata={"description": '{question id: chosen labels, such as "AC" or "T"}'},
    )


def attempt_out(attempt: QuizAttempt) -> dict:
    questions = [
        values_of(q, QuestionOut, options=_options(q)) for q in services.paper_questions(attempt)
    ]
    return values_of(attempt, AttemptOut, questions=questions, template=attempt.template.name)


def _options(question) -> list[dict]:
    return [{"label": label, "text": text} for label, text in services.option_choices(question)]


@bp.get(CASE)
@bp.auth_required(token_auth)
@bp.output(AttemptOut(many=True))
def list_quizzes(case_id: int):
    """The case's quiz attempts, with their papers and results."""
    return [attempt_out(a) for a in results.case_attempts(queries.get_inspection(case_id))]


@bp.post(CASE)
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(DrawIn, arg_name="data")
@bp.output(AttemptOut, status_code=201)
def draw_paper(case_id: int, data):
    """Draw a paper no other worker of this case has.

    The worker is a person of the unit, or named in the request."""
    inspection = queries.get_editable_inspection(case_id)
    person = get_person(inspection.subject, data["person_id"]) if data["person_id"] else None
    template = _template(data["template_id"])
    with refusals():
        attempt, _short = services.start_attempt(
            inspection, current_user, person, data["worker_name"], template,
            reason=data["reason"],
        )  # fmt: skip
    return attempt_out(attempt), 201


def _template(template_id: int | None) -> QuizTemplate | None:
    if template_id is None:
        return None
    template = db.session.get(QuizTemplate, template_id)
    if template is None:
        message = str(UNKNOWN_TEMPLATE)
        raise Problem(422, "validation", message, errors={"template_id": [message]})
    return template


@bp.post(CASE + "/<int:attempt_id>/answers")
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(AnswersIn, arg_name="data")
@bp.output(AttemptOut)
def submit_answers(case_id: int, attempt_id: int, data):
    """Keep the worker's answers and score the paper (pass or fail), as the quiz page does."""
    inspection = queries.get_editable_inspection(case_id)
    attempt = queries.get_case_object(QuizAttempt, attempt_id, inspection)
    try:
        with refusals():
            for qid, labels in data["answers"].items():
                services.answer_question(attempt, _question_id(qid), labels)
            services.finish_attempt(attempt, current_user)
    except Problem as problem:
        if problem.extra_data.get("kind") == "refused" and _time_is_up(attempt):
            raise _scored_as_it_was(attempt) from problem
        raise
    return attempt_out(attempt)


def _time_is_up(attempt: QuizAttempt) -> bool:
    return not attempt.is_finished and attempt.deadline is not None and utcnow() > attempt.deadline


def _scored_as_it_was(attempt: QuizAttempt) -> Problem:
    """Time ran out before the answers came: the paper is scored with what it held (and that
    is kept, as on the page); the answers sent are not."""
    services.finish_attempt(attempt, current_user)
    db.session.commit()
    return Problem(
        409,
        "time-up",
        str(services.TimeUp.message),
        current=AttemptOut().dump(attempt_out(attempt)),
    )


def _question_id(value: str) -> int:
    if not value.isdigit():
        raise services.QuizRefused(NOT_ON_PAPER)
    return int(value)
