"""What quizzes show: per-worker results of a case, proposed findings, the record's frozen
entries, and pass rates by subject and by topic for the reports."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.quizzes import draw
from inspect_app.quizzes.models import GAP_FLAG, OralQuestion, Question, QuizAttempt
from inspect_app.quizzes.topics import topic_labels
from inspect_app.redaction import mask_name
from inspect_app.subjects.models import Subject


@dataclass(frozen=True)
class AttemptResult:
    """One attempt with its correct count (worked out from the stored answers)."""

    attempt: QuizAttempt
    correct: int
    total: int


@dataclass(frozen=True)
class Rate:
    """A pass rate: `passed` of `total` (workers for subjects, answers for topics)."""

    key: str | int
    label: str
    total: int
    passed: int

    @property
    def percent(self) -> int:
        return (200 * self.passed + self.total) // (2 * self.total) if self.total else 0


def case_attempts(inspection: Inspection) -> list[QuizAttempt]:
    query = select(QuizAttempt).where(QuizAttempt.inspection_id == inspection.id)
    return list(db.session.scalars(query.order_by(QuizAttempt.started_at, QuizAttempt.id)))


def case_oral_questions(inspection: Inspection) -> list[OralQuestion]:
    query = select(OralQuestion).where(OralQuestion.inspection_id == inspection.id)
    return list(db.session.scalars(query.order_by(OralQuestion.asked_at, OralQuestion.id)))


def _questions(attempts: list[QuizAttempt]) -> dict[int, Question]:
    ids = {qid for a in attempts for qid in a.question_ids}
    if not ids:
        return {}
    return {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(ids)))}


def attempt_results(attempts: list[QuizAttempt]) -> list[AttemptResult]:
    """Each attempt with how many of its questions were answered right (one query in all)."""
    questions = _questions(attempts)
    results = []
    for attempt in attempts:
        paper = [questions[qid] for qid in attempt.question_ids if qid in questions]
        correct, total, _percent = draw.score(paper, attempt.answers or {})
        results.append(AttemptResult(attempt, correct, total))
    return results


def quiz_suggestions(inspection: Inspection) -> list[tuple[QuizAttempt, str]]:
    """Finished attempts whose recorded score is 30 or more points above the re-test, each with
    a proposed finding: the unit's training records may be false."""
    flagged = [a for a in case_attempts(inspection) if a.is_finished and a.gap_flagged]
    return [(attempt, suggestion_text(attempt)) for attempt in flagged]


def suggestion_text(attempt: QuizAttempt) -> str:
    """The proposed finding's text; the worker's name masked, as the public page shows it."""
    return _(
        "Worker %(name)s scored %(score)s in the on-site quiz, but the unit's exam records "
        "show %(recorded)s, a gap of %(gap)s points: the training and exam records may be "
        "false.",
        name=mask_name(attempt.worker_name),
        score=attempt.score,
        recorded=attempt.recorded_score,
        gap=attempt.gap,
    )


def quiz_snapshot(inspection: Inspection) -> list[dict]:
    """The record's quiz entries, one per worker: finished attempts and oral questions."""
    attempts = [a for a in case_attempts(inspection) if a.is_finished]
    entries: dict[tuple, dict] = {}
    for result in attempt_results(attempts):
        _entry(entries, result.attempt)["quizzes"].append(_attempt_entry(result))
    for oral in case_oral_questions(inspection):
        _entry(entries, oral)["oral"].append(
            {"text": oral.text, "verdict": oral.verdict, "note": oral.note}
        )
    return list(entries.values())


def _entry(entries: dict, row) -> dict:
    key = (row.person_id, None) if row.person_id else (None, row.worker_name)
    position = row.person.position if row.person is not None else None
    return entries.setdefault(
        key, {"worker": row.worker_name, "position": position, "quizzes": [], "oral": []}
    )


def _attempt_entry(result: AttemptResult) -> dict:
    attempt = result.attempt
    return {
        "template": attempt.template.name,
        "correct": result.correct,
        "total": result.total,
        "score": attempt.score,
        "pass_mark": attempt.template.pass_mark,
        "passed": attempt.passed,
        "seconds": int(attempt.time_taken.total_seconds()),
        "recorded_score": attempt.recorded_score,
        "gap": attempt.gap,
        "flagged": attempt.gap_flagged,
        "gap_flag": GAP_FLAG,
    }


def _finished_in_scope(region_ids, since: datetime | None, until: datetime | None):
    """Finished attempts on cases in scope started in [since, until).

    The database starts from the attempts and looks each one's case up (EXISTS): joined, it
    would rather walk every case in scope to find the few that had a quiz."""
    in_scope = select(Inspection.id).where(
        Inspection.id == QuizAttempt.inspection_id, Inspection.region_id.in_(region_ids)
    )
    if since is not None:
        in_scope = in_scope.where(Inspection.started_at >= since)
    if until is not None:
        in_scope = in_scope.where(Inspection.started_at < until)
    return select(QuizAttempt).where(QuizAttempt.finished_at.is_not(None), in_scope.exists())


def pass_rates(
    region_ids, by: str = "subject", since: datetime | None = None, until: datetime | None = None
) -> list[Rate]:
    """Workers passed of workers quizzed per subject (SQL), or right answers of answers per
    topic (tallied in Python from the answers JSON), for cases started in [since, until)."""
    if by == "topic":
        return _topic_rates(region_ids, since, until)
    if by != "subject":
        raise ValueError(f"unknown grouping {by!r}")
    # Counted per case from the attempts, then summed per subject over those few cases.
    passed = func.sum(case((QuizAttempt.passed.is_(True), 1), else_=0))
    per_case = (
        _finished_in_scope(region_ids, since, until)
        .with_only_columns(
            QuizAttempt.inspection_id,
            func.count(QuizAttempt.id).label("total"),
            passed.label("passed"),
        )
        .group_by(QuizAttempt.inspection_id)
        .subquery()
    )
    query = (
        select(Subject.id, Subject.name, func.sum(per_case.c.total), func.sum(per_case.c.passed))
        .select_from(per_case)
        .join(Inspection, Inspection.id == per_case.c.inspection_id)
        .join(Subject, Subject.id == Inspection.subject_id)
        .group_by(Subject.id, Subject.name)
        .order_by(Subject.name, Subject.id)
    )
    return [
        Rate(sid, name, int(total), int(ok or 0))
        for sid, name, total, ok in db.session.execute(query)
    ]


def _topic_rates(region_ids, since, until) -> list[Rate]:
    # Only the columns scored: the papers' question ids and answers, the questions' kind,
    # topic and key (their texts and options are not read for a tally).
    papers = db.session.execute(
        _finished_in_scope(region_ids, since, until).with_only_columns(
            QuizAttempt.question_ids, QuizAttempt.answers
        )
    ).all()
    questions = _scored_questions({qid for paper in papers for qid in paper.question_ids})
    tally: dict[str, list[int]] = {}
    for paper in papers:
        for qid in paper.question_ids:
            if (question := questions.get(qid)) is None:
                continue
            counts = tally.setdefault(question.topic, [0, 0])
            counts[0] += 1
            counts[1] += draw.is_correct(question, (paper.answers or {}).get(str(qid)))
    names = topic_labels()
    labels = {topic: names.get(topic, topic) for topic in tally}
    return [Rate(t, labels[t], total, ok) for t, (total, ok) in sorted(tally.items())]


def _scored_questions(ids: set[int]) -> dict:
    """id -> (id, kind, topic, answer) of these questions: what scoring and tallying read."""
    if not ids:
        return {}
    columns = (Question.id, Question.kind, Question.topic, Question.answer)
    rows = db.session.execute(select(*columns).where(Question.id.in_(ids)))
    return {row.id: row for row in rows}


def paper_review(attempt: QuizAttempt, questions: list[Question]) -> list[tuple]:
    """(question, the worker's answer, answered right) for each question of the paper."""
    answers = attempt.answers or {}
    review = []
    for question in questions:
        given = answers.get(str(question.id), "")
        review.append((question, given, draw.is_correct(question, given)))
    return review
