"""Shared by the on-site quiz tests (no tests here): a small bank made in code, a case with
people, and a request context in English. The starter CSV is never used."""

from dataclasses import dataclass
from datetime import timedelta

from inspect_app.extensions import db
from inspect_app.quizzes.models import Question, QuizAttempt
from inspect_app.quizzes.services import ensure_default_templates
from tests import factories

# The worker template asks safety_law 3, three_level 2, emergency_first_aid 2, fire 2, ppe 1.
TOPICS = ("safety_law", "three_level", "emergency_first_aid", "fire", "ppe")


def make_question(code: str, topic: str, kind: str = "single", **fields) -> Question:
    options = {"single": ["甲", "乙", "丙", "丁"], "multiple": ["甲", "乙", "丙", "丁"]}
    answer = {"single": "B", "multiple": "AC", "true_false": "T"}[kind]
    data = {
        "code": code,
        "kind": kind,
        "topic": topic,
        "positions": [],
        "text": f"题目 {code}",
        "options": options.get(kind, []),
        "answer": answer,
        "explanation": "依据",
    }
    data.update(fields)
    question = Question(**data)
    db.session.add(question)
    return question


def make_bank(per_topic: int = 8, topics=TOPICS) -> list[Question]:
    """per_topic questions in each topic, kinds in turn: single, multiple, true/false."""
    kinds = ("single", "multiple", "true_false")
    questions = [
        make_question(f"{topic[:4].upper()}-{n:02d}", topic, kinds[n % 3])
        for topic in topics
        for n in range(per_topic)
    ]
    db.session.flush()
    return questions


def right_answer(question: Question) -> list[str]:
    return list(question.answer)


def wrong_answer(question: Question) -> list[str]:
    return {"single": ["A"], "multiple": ["A"], "true_false": ["F"]}[question.kind]


@dataclass
class QuizCase:
    inspection: object
    worker: object
    operator: object
    other_unit_person: object


def make_quiz_case(world) -> QuizCase:
    worker = factories.make_person(world.subject_a, name="张小三", position="worker")
    operator = factories.make_person(world.subject_a, name="李四", position="special_operator")
    inspection = factories.make_inspection(world)
    make_bank()
    ensure_default_templates()
    db.session.commit()
    return QuizCase(inspection, worker, operator, world.person_b)


def backdate(attempt: QuizAttempt, minutes: int) -> None:
    """Move the attempt's start (and link expiry) into the past."""
    attempt.started_at -= timedelta(minutes=minutes)
    if attempt.worker_token_expires_at is not None:
        attempt.worker_token_expires_at -= timedelta(minutes=minutes)
    db.session.commit()


def issue(inspection, user) -> None:
    """Answer the checklist, sign and issue the case (a real record, revision 1)."""
    from inspect_app.demo.builders import answer_every_item
    from inspect_app.demo.media import signature
    from inspect_app.inspections.services import required_signers
    from inspect_app.issuing.services import issue_record
    from inspect_app.signatures.services import record_signature

    answer_every_item(inspection, user)
    for key, name in required_signers(inspection):
        record_signature(inspection, user, key, signature(name))
    issue_record(inspection, user)
    db.session.commit()
