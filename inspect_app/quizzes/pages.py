"""The quiz blueprint and what its page modules share: loading an attempt, the case's quiz
page, and the question runner (inspector's phone and worker's own phone alike)."""

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.inspections.errors import CaseError, StaleEdit
from inspect_app.quizzes import forms, oral, results, services
from inspect_app.quizzes.models import QuizAttempt
from inspect_app.quizzes.topics import topic_labels

bp = Blueprint("quizzes", __name__)
CASE = "/inspections/<int:inspection_id>/quizzes"
ATTEMPT = CASE + "/<int:attempt_id>"


def can_quiz(inspection) -> bool:
    return current_user.has_role("inspector", "admin") and inspection.status != "closed"


def error_message(error: Exception) -> tuple[str, int]:
    if isinstance(error, IntegrityError):  # two phones drew at the same moment
        error = StaleEdit()
    return str(error.message), 409 if isinstance(error, StaleEdit) else 422


def index_page(inspection, start_form=None, oral_form=None, error=None, status=200):
    editable = can_quiz(inspection)
    topic = request.args.get("topic", "")
    if editable:
        people = services.case_people(inspection)
        start_form = start_form or forms.StartForm(
            people=people, templates=services.quiz_templates()
        )
        oral_form = oral_form or new_oral_form(inspection, topic)
    attempts = results.attempt_results(results.case_attempts(inspection))
    page = render_template(
        "quizzes/index.html",
        inspection=inspection,
        editable=editable,
        results=attempts,
        oral_questions=results.case_oral_questions(inspection),
        start_form=start_form,
        oral_form=oral_form,
        error=error,
        topic=topic,
        topics=oral.bank_topics(),
        topic_labels=topic_labels(),
        score_form=forms.RecordedScoreForm(formdata=None),
        verdict_labels=forms.VERDICT_LABELS,
    )
    return page, status


def new_oral_form(inspection, topic: str = "") -> forms.OralForm:
    people, questions = services.case_people(inspection), oral.bank_questions(topic)
    return forms.OralForm(prefix="oral", people=people, questions=questions)


def load_attempt(inspection_id: int, attempt_id: int, editable: bool = False):
    load = queries.get_editable_inspection if editable else queries.get_inspection
    inspection = load(inspection_id)
    return inspection, queries.get_case_object(QuizAttempt, attempt_id, inspection)


def run_step(attempt: QuizAttempt, number: int, urls: dict, save, user=None):
    """Show question `number`, or keep its answer and go back, on, or finish."""
    step = services.question_step(attempt, number)
    if step is None:
        abort(404)
    if request.method == "GET":
        return _runner_page(attempt, step, urls)
    if request.form.get("question_id") != str(step.question.id):
        abort(404)  # a form of another paper, or of another question of this one
    try:
        save(attempt, step.question.id, request.form.getlist("answer"))
        db.session.commit()
    except services.TimeUp as error:
        db.session.rollback()
        services.finish_attempt(attempt, user)
        db.session.commit()
        flash(str(error.message), "info")
        return redirect(urls["done"])
    except CaseError as error:
        db.session.rollback()
        return _runner_page(attempt, step, urls, error=str(error.message), status=422)
    return _after_answer(attempt, step, urls, user)


def _after_answer(attempt, step, urls: dict, user):
    go = request.form.get("go", "next")
    if go == "finish":
        services.finish_attempt(attempt, user)
        db.session.commit()
        return redirect(urls["done"])
    target = step.number - 1 if go == "back" else step.number + 1
    return redirect(urls["step"](min(max(target, 1), step.total)))


def _runner_page(attempt, step, urls: dict, error=None, status=200):
    page = render_template(
        "quizzes/question.html",
        attempt=attempt,
        step=step,
        urls=urls,
        error=error,
        options=services.option_choices(step.question),
        now=utcnow(),
    )
    return page, status
