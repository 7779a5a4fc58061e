"""Demo quiz results: one worker flagged (recorded 100, on-site 40), part of the record."""

from sqlalchemy import select

from inspect_app.demo.quizzes import seed_case_quizzes, seed_demo_quizzes
from inspect_app.extensions import db
from inspect_app.quizzes import results
from inspect_app.quizzes.models import OralQuestion, QuizAttempt
from tests import factories
from tests.quizzes.test_onsite_support import make_bank

TOPICS = (
    "safety_law",
    "three_level",
    "training_hours",
    "emergency_first_aid",
    "fire",
    "ppe",
    "special_cert",
    "electrical",
    "welding_hot_work",
    "work_at_height",
)


def test_demo_case_gets_results_with_one_flagged_gap(app, world):
    make_bank(per_topic=6, topics=TOPICS)
    subject = factories.make_subject(world.town_a, name="如东洋口化工有限公司")
    factories.make_person(subject, name="钱晓明", position="special_operator")
    factories.make_person(subject, name="管理员1号", position="safety_manager")
    case = factories.make_inspection(world, subject=subject)
    other = factories.make_inspection(world)  # no plan for this unit
    assert seed_demo_quizzes([case, other]) == 3
    db.session.commit()
    attempts = list(db.session.scalars(select(QuizAttempt).order_by(QuizAttempt.started_at)))
    assert [(a.worker_name, a.score, a.recorded_score) for a in attempts] == [
        ("施建军", 40, 100),
        ("钱晓明", 80, 90),
        ("管理员1号", 70, 85),
    ]
    assert [a.gap_flagged for a in attempts] == [True, False, False]
    assert all(a.inspection_id == case.id and a.time_taken.seconds > 400 for a in attempts)
    assert len(results.quiz_suggestions(case)) == 1
    assert db.session.scalar(select(OralQuestion).limit(1)).verdict == "wrong"
    entries = results.quiz_snapshot(case)
    assert entries[0]["worker"] == "施建军" and entries[0]["quizzes"][0]["flagged"]


def test_no_bank_no_demo_quizzes(app, world, monkeypatch):
    from inspect_app.quizzes import bank

    def missing():
        raise FileNotFoundError("starter.csv")

    monkeypatch.setattr(bank, "load_starter_bank", missing)
    subject = factories.make_subject(world.town_a, name="洋口冷链物流有限公司")
    case = factories.make_inspection(world, subject=subject)
    assert seed_case_quizzes(case) == 0
