"""Demo quiz results, built through the same services the pages use.

Called for each demo case while it is still a draft (before it is issued), so the results are
part of the issued record. Questions come from the shipped starter bank.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.quizzes import oral, services
from inspect_app.quizzes.models import Question, QuizAttempt


@dataclass(frozen=True)
class DemoQuiz:
    """A worker quizzed on site: by register position (first such person) or a typed name."""

    who: str  # a position of the unit's people, or a name typed in
    score: int  # the on-site score to aim at (answers right in paper order)
    recorded: int | None  # the unit's own exam score for the worker


# subject → quizzes, then oral questions (worker, question, verdict, note)
PLANS = {
    "如东洋口化工有限公司": (
        (
            DemoQuiz("施建军", 40, 100),  # flagged: the unit's paper says 100
            DemoQuiz("special_operator", 80, 90),
            DemoQuiz("safety_manager", 70, 85),
        ),
        (
            (
                "施建军",
                "储罐区发生泄漏时第一步应当做什么？",
                "wrong",
                "回答“先打电话给班长”，不知道撤离和报警程序",
            ),
            (
                "safety_manager",
                "新员工上岗前安全培训不少于多少学时？",
                "partly",
                "知道有学时要求，说不出 72 学时",
            ),
        ),
    ),
    "如东县洋口建筑安装工程有限公司": (
        (DemoQuiz("顾小兵", 50, 75), DemoQuiz("special_operator", 60, None)),
        (("顾小兵", "三级安全教育是指哪三级？", "correct", ""),),
    ),
    "洋口冷链物流有限公司": (
        (DemoQuiz("special_operator", 90, 95), DemoQuiz("陆春燕", 70, 75)),
        (),
    ),
}


def seed_demo_quizzes(cases: list[Inspection]) -> int:
    """Quiz results for the demo cases that have a plan; returns how many attempts were made."""
    return sum(seed_case_quizzes(case) for case in cases)


def seed_case_quizzes(case: Inspection, user: User | None = None) -> int:
    """The planned quizzes and oral questions of one (draft) case; 0 without a plan or bank."""
    plan = PLANS.get(case.subject.name)
    if plan is None or not _bank_ready():
        return 0
    user = user or case.created_by
    quizzes, questions = plan
    for number, quiz in enumerate(quizzes):
        _quiz(case, user, quiz, number)
    for number, (who, text, verdict, note) in enumerate(questions):
        person, name = _worker(case, who)
        oral.record_oral_question(
            case,
            user,
            person=person,
            worker_name=name,
            question=None,
            text=text,
            verdict=verdict,
            note=note,
            client_key=f"demo-oral-{case.id}-{number}",
        )
    return len(quizzes)


def _bank_ready() -> bool:
    """Questions in the bank, loading the starter bank when it is empty."""
    if db.session.scalar(select(Question.id).where(Question.active).limit(1)) is None:
        from inspect_app.quizzes.bank import load_starter_bank

        try:
            load_starter_bank()
        except (OSError, ValueError) as error:
            current_app.logger.warning("No demo quizzes: the starter bank did not load (%s)", error)
            return False
    return db.session.scalar(select(Question.id).where(Question.active).limit(1)) is not None


def _worker(case: Inspection, who: str):
    person = next((p for p in case.subject.people if p.position == who), None)
    return person, (person.name if person else who)


def _quiz(case: Inspection, user: User, quiz: DemoQuiz, number: int) -> QuizAttempt:
    person, name = _worker(case, quiz.who)
    attempt, _short = services.start_attempt(
        case, user, person=person, worker_name=name, client_key=f"demo-quiz-{case.id}-{number}"
    )
    questions = services.paper_questions(attempt)
    right = round(quiz.score * len(questions) / 100)
    for index, question in enumerate(questions):
        services.answer_question(attempt, question.id, _answer(question, index < right))
    services.finish_attempt(attempt, user)
    if quiz.recorded is not None:
        services.set_recorded_score(attempt, user, quiz.recorded, attempt.version)
    _backdate(attempt, case, number)
    return attempt


def _answer(question: Question, right: bool) -> str:
    if right:
        return question.answer
    if question.kind == "true_false":
        return "F" if question.answer == "T" else "T"
    labels = [chr(ord("A") + i) for i in range(len(question.options or []))]
    return next((label for label in labels if label != question.answer), "")


def _backdate(attempt: QuizAttempt, case: Inspection, number: int) -> None:
    """On the inspection day: an hour in, twenty minutes apart, seven to twelve minutes each."""
    attempt.started_at = case.started_at + timedelta(hours=1, minutes=20 * number)
    attempt.finished_at = attempt.started_at + timedelta(minutes=7 + 2 * number, seconds=35)
