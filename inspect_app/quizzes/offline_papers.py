"""Quizzes taken on a phone without signal: papers drawn ahead for the offline bundle, and the
paper the phone sends back, re-drawn from its seed and scored again here (the phone's score is
only compared, and a difference is kept in the audit log).

Offline papers are drawn from the bank of the template's position: the phone does not know yet
which worker will take which paper, and the server must re-draw exactly the same paper."""

import random
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError
from inspect_app.inspections.models import Inspection
from inspect_app.inspections.services import commit_change, prepare_change
from inspect_app.quizzes import draw
from inspect_app.quizzes.models import Question, QuizAttempt, QuizTemplate
from inspect_app.quizzes.services import eligible_bank, option_choices, paper_questions
from inspect_app.subjects.models import Person

PAPERS_PER_TEMPLATE = 6
ACTION = "record_offline_quiz_attempt"


class OfflineQuizRefused(CaseError):
    """A refusal of one field of the paper sent back."""

    def __init__(self, field: str, message) -> None:
        super().__init__(message)
        self.field, self.message = field, message


FORGED = _l("This paper is not the one its seed and template give. Nothing was saved.")
NOT_ON_PAPER = _l("An answer is for a question that is not on this paper.")
PAPER_TAKEN = _l("Another worker of this case already took this paper.")
NO_WORKER = _l("Choose a person of the unit or type the worker's name.")
NOT_OF_UNIT = _l("This person does not belong to the inspected unit.")
EMPTY_BANK = _l("The question bank has no questions for this template.")
FINISHED_FIRST = _l("The quiz cannot finish before it started.")


def offline_papers(template: QuizTemplate, count: int = PAPERS_PER_TEMPLATE) -> list[dict]:
    """Up to `count` distinct papers of the template, each {seed, question_ids, questions}."""
    bank = eligible_bank(template.position)
    counts, _short = draw.fit_counts(bank, template.topic_counts or {})
    if not counts:
        return []
    rng, taken, papers = random.SystemRandom(), set(), []
    for _n in range(count):
        try:
            paper = draw.draw_distinct(bank, counts, taken, rng)
        except draw.DrawError:
            break
        taken.add(paper.key)
        papers.append({"seed": paper.seed, "question_ids": paper.question_ids})
    return papers


def redraw(template: QuizTemplate, seed: int) -> list[int]:
    """The question ids the template's offline paper with this seed holds."""
    bank = eligible_bank(template.position)
    counts, _short = draw.fit_counts(bank, template.topic_counts or {})
    if not counts:
        raise OfflineQuizRefused("template_id", EMPTY_BANK)
    return draw.draw_paper(bank, counts, seed)


def record_offline_attempt(
    inspection: Inspection,
    user: User,
    *,
    person: Person | None,
    worker_name: str | None,
    template: QuizTemplate,
    seed: int,
    question_ids: list[int],
    answers: dict[str, str],
    started_at: datetime,
    finished_at: datetime,
    phone_score: int | None,
    reason: str | None = None,
) -> QuizAttempt:
    """Keep a quiz taken offline, scored here from the re-drawn paper."""
    prepare_change(inspection, reason)
    name = _worker_name(inspection, person, worker_name)
    if redraw(template, seed) != list(question_ids):
        raise OfflineQuizRefused("question_ids", FORGED)
    if any(not key.isdigit() or int(key) not in question_ids for key in answers):
        raise OfflineQuizRefused("answers", NOT_ON_PAPER)
    if finished_at < started_at:
        raise OfflineQuizRefused("finished_at", FINISHED_FIRST)
    key = draw.paper_key(question_ids)
    if _paper_taken(inspection, key):
        raise OfflineQuizRefused("question_ids", PAPER_TAKEN)
    attempt = QuizAttempt(inspection_id=inspection.id, person=person, worker_name=name)
    attempt.template, attempt.seed, attempt.question_ids = template, seed, list(question_ids)
    attempt.paper_key, attempt.created_by_id = key, user.id
    attempt.answers = {k: draw.normalise_labels(v) for k, v in answers.items()}
    attempt.started_at, attempt.finished_at = started_at, finished_at
    db.session.add(attempt)
    db.session.flush()
    correct, total, percent = draw.score(paper_questions(attempt), attempt.answers)
    attempt.score, attempt.passed = percent, draw.passes(correct, total, template.pass_mark)
    details = {"worker": name, "template": template.name, "seed": seed, "score": percent}
    details.update(correct=correct, total=total, passed=attempt.passed, answers=attempt.answers)
    details.update(phone_score=phone_score, score_mismatch=_differs(phone_score, percent))
    record_audit(user, ACTION, attempt, inspection, **details, reason=(reason or "").strip())
    commit_change(inspection, user, reason)
    return attempt


def _differs(phone_score: int | None, score: int) -> bool:
    return phone_score is not None and phone_score != score


def _worker_name(inspection: Inspection, person: Person | None, typed: str | None) -> str:
    if person is not None and person.subject_id != inspection.subject_id:
        raise OfflineQuizRefused("person_id", NOT_OF_UNIT)
    name = person.name if person is not None else (typed or "").strip()
    if not name:
        raise OfflineQuizRefused("worker_name", NO_WORKER)
    return name


def _paper_taken(inspection: Inspection, key: str) -> bool:
    query = select(QuizAttempt.id).where(
        QuizAttempt.inspection_id == inspection.id, QuizAttempt.paper_key == key
    )
    return db.session.scalar(query.limit(1)) is not None


def papers_with_questions(papers: list[dict]) -> list[dict]:
    """The papers with their questions (answers included: the phone scores locally)."""
    ids = {qid for paper in papers for qid in paper["question_ids"]}
    rows = db.session.scalars(select(Question).where(Question.id.in_(ids))) if ids else []
    by_id = {q.id: q for q in rows}
    return [
        {**paper, "questions": [_question(by_id[qid]) for qid in paper["question_ids"]]}
        for paper in papers
    ]


def _question(question: Question) -> dict:
    options = [{"label": label, "text": text} for label, text in option_choices(question)]
    return {
        "id": question.id,
        "kind": question.kind,
        "text": question.text,
        "options": options,
        "answer": question.answer,
    }
