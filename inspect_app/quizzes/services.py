"""On-site quizzes: templates, drawing a distinct paper, answering one question per screen,
scoring and the unit's recorded score. Services flush; the request boundary commits.
The worker's own-phone link is in quizzes/links.py, oral questions in quizzes/oral.py."""

import random
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app.audit.models import AuditEntry
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError, NotEditable
from inspect_app.inspections.models import Inspection, Status
from inspect_app.inspections.services import check_version, commit_change, prepare_change
from inspect_app.quizzes import draw
from inspect_app.quizzes.models import Question, QuizAttempt, QuizTemplate
from inspect_app.quizzes.topics import DEFAULT_TEMPLATES
from inspect_app.subjects.models import Person

START = "start_quiz_attempt"


class QuizRefused(CaseError):
    message = _l("This quiz cannot take that answer.")


class BankTooSmall(CaseError):
    message = _l(
        "The question bank has no questions for this template. Ask the administrator to "
        "import questions, or choose another template."
    )


class NoDistinctPaper(CaseError):
    message = _l(
        "The question bank is too small to give this worker a paper different from the "
        "other workers' papers in this case. Choose another template or add questions."
    )


class AttemptFinished(QuizRefused):
    message = _l("This quiz is finished: its answers can no longer change.")


class TimeUp(QuizRefused):
    message = _l("The time for this quiz is up: it has been scored with the answers given.")


# --- templates ---------------------------------------------------------------------------------


def quiz_templates() -> list[QuizTemplate]:
    """Every template, the position defaults first (created on first use)."""
    ensure_default_templates()
    query = select(QuizTemplate).order_by(QuizTemplate.is_default.desc(), QuizTemplate.name)
    return list(db.session.scalars(query))


def ensure_default_templates() -> None:
    """One default template per position, when none exists yet."""
    if db.session.scalar(select(QuizTemplate.id).where(QuizTemplate.is_default).limit(1)):
        return
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):  # names are stored data
        for position, (name, counts) in DEFAULT_TEMPLATES.items():
            template = QuizTemplate(name=str(name), position=position, topic_counts=dict(counts))
            template.pass_mark, template.time_limit_minutes, template.is_default = 60, 15, True
            db.session.add(template)
    db.session.flush()


def default_template(position: str | None) -> QuizTemplate:
    """The default template of a position (of ordinary workers when the position is unknown)."""
    ensure_default_templates()
    query = select(QuizTemplate).where(QuizTemplate.is_default)
    defaults = {t.position: t for t in db.session.scalars(query.order_by(QuizTemplate.id))}
    return defaults.get(position) or defaults.get("worker") or next(iter(defaults.values()))


def eligible_bank(position: str | None) -> dict[str, list[int]]:
    """Active question ids by topic that suit the position (or every position)."""
    query = select(Question.id, Question.topic, Question.positions).where(Question.active)
    bank: dict[str, list[int]] = {}
    for qid, topic, positions in db.session.execute(query.order_by(Question.id)):
        if not positions or position is None or position in positions:
            bank.setdefault(topic, []).append(qid)
    return bank


# --- attempts ----------------------------------------------------------------------------------


def attempt_with_key(inspection: Inspection, client_key: str) -> QuizAttempt | None:
    """The attempt a form with this key already started (a double tap), if any."""
    if not client_key:
        return None
    query = select(QuizAttempt).where(QuizAttempt.client_key == client_key)
    found = db.session.scalar(query)
    return found if found is not None and found.inspection_id == inspection.id else None


def start_attempt(
    inspection: Inspection,
    user: User,
    person: Person | None = None,
    worker_name: str | None = None,
    template: QuizTemplate | None = None,
    client_key: str = "",
    reason: str | None = None,
) -> tuple[QuizAttempt, dict[str, tuple[int, int]]]:
    """Draw a paper no other worker of the case has; returns it with the topics cut short."""
    prepare_change(inspection, reason)
    name, position = _worker(inspection, person, worker_name)
    template = template or default_template(position)
    paper, short = _draw_for(inspection, template, position or template.position)
    attempt = QuizAttempt(inspection_id=inspection.id, person=person, worker_name=name)
    attempt.template, attempt.seed, attempt.answers = template, paper.seed, {}
    attempt.question_ids, attempt.paper_key = paper.question_ids, paper.key
    attempt.started_at, attempt.created_by_id = utcnow(), user.id
    attempt.client_key = client_key or None
    db.session.add(attempt)
    details = {"worker": name, "template": template.name, "seed": paper.seed, "short": short}
    details.update(
        questions=paper.question_ids, client_key=client_key, reason=(reason or "").strip()
    )
    record_audit(user, START, attempt, inspection, **details)
    commit_change(inspection, user, reason)
    return attempt, short


def _worker(inspection: Inspection, person: Person | None, typed: str | None):
    """(name, position) of the worker quizzed: a person of the unit, or a typed name."""
    if person is not None and person.subject_id != inspection.subject_id:
        raise QuizRefused(_l("This person does not belong to the inspected unit."))
    name = person.name if person is not None else (typed or "").strip()
    if not name:
        raise QuizRefused(_l("Choose a person of the unit or type the worker's name."))
    return name, person.position if person is not None else None


def _draw_for(inspection: Inspection, template: QuizTemplate, position: str | None):
    bank = eligible_bank(position)
    counts, short = draw.fit_counts(bank, template.topic_counts or {})
    if not counts:
        raise BankTooSmall()
    taken = set(
        db.session.scalars(
            select(QuizAttempt.paper_key).where(QuizAttempt.inspection_id == inspection.id)
        )
    )
    try:
        return draw.draw_distinct(bank, counts, taken, random.SystemRandom()), short
    except draw.DrawError as error:
        raise NoDistinctPaper() from error


def paper_questions(attempt: QuizAttempt) -> list[Question]:
    """The attempt's questions in paper order (re-read from the stored ids)."""
    rows = db.session.scalars(select(Question).where(Question.id.in_(attempt.question_ids)))
    by_id = {q.id: q for q in rows}
    return [by_id[qid] for qid in attempt.question_ids if qid in by_id]


def answer_question(attempt: QuizAttempt, qid: int, labels, now: datetime | None = None) -> None:
    """Keep the worker's answer to one question of the paper (replacing an earlier one)."""
    _refuse_changes(attempt, now or utcnow())
    if qid not in attempt.question_ids:
        raise QuizRefused(_l("This question is not on this paper."))
    attempt.answers = {**(attempt.answers or {}), str(qid): draw.normalise_labels(labels)}
    db.session.flush()


def _refuse_changes(attempt: QuizAttempt, now: datetime) -> None:
    if attempt.is_finished:
        raise AttemptFinished()
    if _case(attempt).status == Status.CLOSED:
        raise NotEditable()
    if attempt.deadline is not None and now > attempt.deadline:
        raise TimeUp()


def finish_attempt(attempt: QuizAttempt, user: User | None = None) -> QuizAttempt:
    """Score now, pass or fail; on an issued record a new revision keeps the result."""
    if attempt.is_finished:
        return attempt
    inspection = _case(attempt)
    if inspection.status == Status.CLOSED:
        raise NotEditable()
    questions = paper_questions(attempt)
    correct, total, percent = draw.score(questions, attempt.answers or {})
    attempt.score, attempt.finished_at = percent, utcnow()
    attempt.passed = draw.passes(correct, total, attempt.template.pass_mark)
    by = user or attempt.created_by
    details = {"worker": attempt.worker_name, "score": percent, "correct": correct, "total": total}
    details.update(passed=attempt.passed, answers=attempt.answers, on_worker_phone=user is None)
    record_audit(user, "finish_quiz_attempt", attempt, inspection, **details)
    if not inspection.is_draft:
        commit_change(inspection, by, _start_reason(attempt) or _finish_reason(attempt))
    return attempt


def _finish_reason(attempt: QuizAttempt) -> str:
    return str(_l("On-site quiz of %(name)s finished.", name=attempt.worker_name))


def _start_reason(attempt: QuizAttempt) -> str:
    query = select(AuditEntry.details).where(
        AuditEntry.action == START,
        AuditEntry.entity_id == attempt.id,
        AuditEntry.inspection_id == attempt.inspection_id,
    )
    details = db.session.scalar(query.limit(1)) or {}
    return details.get("reason") or ""


def _case(attempt: QuizAttempt) -> Inspection:
    return db.session.get(Inspection, attempt.inspection_id)


def set_recorded_score(
    attempt: QuizAttempt, user: User, value: int, version: int | None, reason: str | None = None
) -> QuizAttempt:
    """The enterprise's own exam score for the worker, 0–100, to compare with the re-test."""
    inspection = _case(attempt)
    prepare_change(inspection, reason)
    check_version(attempt, version)
    if not 0 <= int(value) <= 100:
        raise QuizRefused(_l("A score is between 0 and 100."))
    before, attempt.recorded_score = attempt.recorded_score, int(value)
    details = {"worker": attempt.worker_name, "before": before, "after": attempt.recorded_score}
    record_audit(user, "set_recorded_score", attempt, inspection, **details, reason=reason or "")
    commit_change(inspection, user, reason)
    return attempt


# --- the runner (one question per screen) ------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """Question `number` (from 1) of `total`, the answer given so far and what is still open."""

    question: Question
    number: int
    total: int
    given: str
    unanswered: tuple[int, ...]

    @property
    def is_last(self) -> bool:
        return self.number == self.total


def question_step(attempt: QuizAttempt, number: int) -> Step | None:
    """The paper's question `number`, or None outside the paper."""
    questions = paper_questions(attempt)
    if not 1 <= number <= len(questions):
        return None
    answers = attempt.answers or {}
    open_numbers = tuple(n for n, q in enumerate(questions, 1) if not answers.get(str(q.id)))
    question = questions[number - 1]
    return Step(question, number, len(questions), answers.get(str(question.id), ""), open_numbers)


def option_choices(question: Question) -> list[tuple[str, str]]:
    """(label, text) of each option: A, B, C… or T and F for true/false."""
    if question.kind == "true_false":
        return [("T", str(_l("True"))), ("F", str(_l("False")))]
    return [(chr(ord("A") + i), text) for i, text in enumerate(question.options or [])]


def case_subject_name(attempt: QuizAttempt) -> str:
    """All the worker's page shows of the case: the unit's name."""
    return _case(attempt).subject.name


def case_people(inspection: Inspection) -> list[Person]:
    return list(inspection.subject.people)
