"""On-site quiz services: drawing distinct papers, answering, scoring, links, gaps, records."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from inspect_app.audit.models import AuditEntry
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections.errors import NotEditable, ReasonRequired, StaleEdit
from inspect_app.inspections.models import Revision
from inspect_app.quizzes import draw, links, oral, results, services
from inspect_app.quizzes.models import OralQuestion, Question, QuizAttempt, QuizTemplate
from tests import factories
from tests.quizzes.test_onsite_support import (
    issue,
    make_question,
    make_quiz_case,
    right_answer,
    wrong_answer,
)
from tests.signatures.helpers import issue_correction


@pytest.fixture
def qcase(world):
    return make_quiz_case(world)


@pytest.fixture
def request_ctx(app):
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        yield


def _start(qcase, world, **kwargs):
    kwargs.setdefault("person", qcase.worker)
    attempt, _short = services.start_attempt(qcase.inspection, world.inspector_a, **kwargs)
    db.session.commit()
    return attempt


def _answer_all(attempt, right: int) -> None:
    """Answer the first `right` questions right and the rest wrong."""
    for number, question in enumerate(services.paper_questions(attempt)):
        labels = right_answer(question) if number < right else wrong_answer(question)
        services.answer_question(attempt, question.id, labels)


def _audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_one_default_template_per_position_made_once(qcase):
    services.ensure_default_templates()
    templates = services.quiz_templates()
    positions = sorted(t.position for t in templates if t.is_default)
    assert positions == ["principal", "safety_manager", "special_operator", "worker"]
    worker = services.default_template("worker")
    assert (worker.pass_mark, worker.time_limit_minutes, sum(worker.topic_counts.values())) == (
        60,
        15,
        10,
    )
    assert services.default_template(None) is worker


def test_start_stores_the_seed_that_draws_the_same_paper_again(qcase, world):
    attempt = _start(qcase, world)
    template = services.default_template("worker")
    assert attempt.template_id == template.id and attempt.worker_name == "张小三"
    bank = services.eligible_bank("worker")
    counts, _short = draw.fit_counts(bank, template.topic_counts)
    assert draw.draw_paper(bank, counts, attempt.seed) == attempt.question_ids
    assert attempt.paper_key == draw.paper_key(attempt.question_ids)
    assert len(attempt.question_ids) == 10
    entry = _audit("start_quiz_attempt")[0]
    assert entry.details["seed"] == attempt.seed and entry.user_id == world.inspector_a.id


def test_thirty_workers_in_one_case_get_thirty_distinct_papers(qcase, world):
    keys = set()
    for n in range(30):
        attempt = _start(qcase, world, person=None, worker_name=f"工人{n}")
        keys.add(attempt.paper_key)
    assert len(keys) == 30
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 30


def test_only_active_questions_suiting_the_position_are_drawn(qcase, world):
    manager_only = make_question("LAW-M", "safety_law", positions=["safety_manager"])
    retired = make_question("LAW-X", "safety_law", active=False)
    db.session.commit()
    for n in range(15):
        attempt = _start(qcase, world, person=None, worker_name=f"工人{n}")
        assert not {manager_only.id, retired.id} & set(attempt.question_ids)
    assert manager_only.id in services.eligible_bank("safety_manager")["safety_law"]


def test_short_topics_are_drawn_as_far_as_they_go(qcase, world):
    attempt, short = services.start_attempt(
        qcase.inspection, world.inspector_a, person=qcase.operator
    )
    # The special operator template also asks special_cert, electrical… the test bank has none.
    assert short["special_cert"] == (2, 0)
    assert "safety_law" not in short
    assert len(attempt.question_ids) == 5  # safety_law 2, emergency_first_aid 2, fire 1


def test_empty_bank_and_exhausted_bank_are_refused(qcase, world):
    template = QuizTemplate(name="Only PPE", topic_counts={"confined_space": 2})
    db.session.add(template)
    with pytest.raises(services.BankTooSmall):
        services.start_attempt(
            qcase.inspection, world.inspector_a, worker_name="甲", template=template
        )
    tiny = QuizTemplate(name="Tiny", topic_counts={"ppe": 8})  # C(8, 8) = 1 paper
    db.session.add(tiny)
    _start(qcase, world, person=None, worker_name="甲", template=tiny)
    with pytest.raises(services.NoDistinctPaper):
        services.start_attempt(qcase.inspection, world.inspector_a, worker_name="乙", template=tiny)


def test_person_of_another_unit_is_refused(qcase, world):
    with pytest.raises(services.QuizRefused):
        services.start_attempt(qcase.inspection, world.inspector_a, person=qcase.other_unit_person)


def test_scoring_is_immediate_with_pass_at_the_mark(qcase, world):
    passed, failed = _start(qcase, world), _start(qcase, world, person=qcase.operator)
    _answer_all(passed, right=6)
    services.finish_attempt(passed, world.inspector_a)
    assert (passed.score, passed.passed) == (60, True)
    _answer_all(failed, right=2)  # 2 of 5
    services.finish_attempt(failed, world.inspector_a)
    assert (failed.score, failed.passed) == (40, False)
    assert passed.time_taken is not None and passed.time_taken >= timedelta(0)
    entry = _audit("finish_quiz_attempt")[0]
    assert entry.details["score"] == 60 and entry.details["answers"] == passed.answers


def test_no_answers_after_finishing_or_after_the_time_limit(qcase, world):
    attempt = _start(qcase, world)
    first = attempt.question_ids[0]
    later = utcnow() + timedelta(minutes=16)
    with pytest.raises(services.TimeUp):
        services.answer_question(attempt, first, ["A"], now=later)
    services.answer_question(attempt, first, ["a", "c"])
    assert attempt.answers == {str(first): "AC"}
    with pytest.raises(services.QuizRefused):
        services.answer_question(attempt, 999_999, ["A"])
    services.finish_attempt(attempt, world.inspector_a)
    with pytest.raises(services.AttemptFinished):
        services.answer_question(attempt, first, ["B"])


def test_gap_of_thirty_is_flagged_and_proposes_a_finding(qcase, world, request_ctx):
    low, near = _start(qcase, world), _start(qcase, world, person=None, worker_name="王五")
    _answer_all(low, right=4)
    _answer_all(near, right=7)
    for attempt in (low, near):
        services.finish_attempt(attempt, world.inspector_a)
    services.set_recorded_score(low, world.inspector_a, 70, low.version)  # 70 − 40 = 30
    services.set_recorded_score(near, world.inspector_a, 99, near.version)  # 99 − 70 = 29
    assert (low.gap, low.gap_flagged) == (30, True)
    assert (near.gap, near.gap_flagged) == (29, False)
    suggestions = results.quiz_suggestions(qcase.inspection)
    assert [a.id for a, _text in suggestions] == [low.id]
    assert (
        "张*三" in suggestions[0][1]
        and "张小三" not in suggestions[0][1]
        and "30" in suggestions[0][1]
    )
    assert _audit("set_recorded_score")[0].details["after"] == 70


def test_recorded_score_checks_version_and_range(qcase, world):
    attempt = _start(qcase, world)
    with pytest.raises(StaleEdit):
        services.set_recorded_score(attempt, world.inspector_a, 80, attempt.version + 1)
    with pytest.raises(services.QuizRefused):
        services.set_recorded_score(attempt, world.inspector_a, 101, attempt.version)


def test_worker_link_expires_after_thirty_minutes(qcase, world):
    attempt = _start(qcase, world)
    now = utcnow()
    url = links.issue_worker_link(attempt, world.inspector_a, now=now)
    assert url == f"https://inspect.test/q/{attempt.worker_token}"
    assert len(attempt.worker_token) >= 32
    assert links.issue_worker_link(attempt, world.inspector_a, now=now) == url  # kept
    token = attempt.worker_token
    assert links.attempt_for_token(token, now + timedelta(minutes=29)) is attempt
    assert links.attempt_for_token(token, now + timedelta(minutes=30)) is None
    assert links.attempt_for_token("not-a-token") is None
    later = now + timedelta(minutes=31)
    assert links.issue_worker_link(attempt, world.inspector_a, now=later) != url  # a new one
    services.finish_attempt(attempt, world.inspector_a)
    assert links.attempt_for_token(attempt.worker_token, later) is None
    with pytest.raises(services.AttemptFinished):
        links.issue_worker_link(attempt, world.inspector_a)


def test_issued_record_needs_a_reason_and_gets_a_correction(qcase, world):
    issue(qcase.inspection, world.inspector_a)
    with pytest.raises(ReasonRequired):
        services.start_attempt(qcase.inspection, world.inspector_a, person=qcase.worker)
    attempt = _start(qcase, world, reason="复查时抽考")
    services.finish_attempt(attempt)  # on the worker's own phone: no user
    db.session.commit()
    assert qcase.inspection.pending_correction == ["复查时抽考"]  # start and finish: one reason
    issue_correction(qcase.inspection, world.inspector_a)
    reasons = [r.reason for r in db.session.scalars(select(Revision).order_by(Revision.number))]
    assert reasons == ["", "复查时抽考"]
    assert qcase.inspection.revision == 2


def test_closed_case_takes_no_quiz(qcase, world):
    attempt = _start(qcase, world)
    qcase.inspection.status = "closed"
    db.session.commit()
    with pytest.raises(NotEditable):
        services.start_attempt(qcase.inspection, world.inspector_a, person=qcase.worker)
    with pytest.raises(NotEditable):
        services.answer_question(attempt, attempt.question_ids[0], ["A"])


def test_oral_question_double_tap_keeps_one_row(qcase, world):
    question = db.session.scalar(select(Question).limit(1))
    values = {
        "person": qcase.worker,
        "worker_name": "",
        "question": question,
        "text": "",
        "verdict": "partly",
        "note": "只答出一半",
        "client_key": "tap-1",
    }
    first = oral.record_oral_question(qcase.inspection, world.inspector_a, **values)
    again = oral.record_oral_question(qcase.inspection, world.inspector_a, **values)
    db.session.commit()
    assert first.id == again.id and first.text == question.text
    assert db.session.scalar(select(func.count()).select_from(OralQuestion)) == 1
    assert len(_audit("record_oral_question")) == 1
    with pytest.raises(services.QuizRefused):
        oral.record_oral_question(
            qcase.inspection, world.inspector_a, **{**values, "client_key": "k2", "verdict": "meh"}
        )


def test_record_entries_per_worker(qcase, world):
    attempt = _start(qcase, world)
    _answer_all(attempt, right=10)
    services.finish_attempt(attempt, world.inspector_a)
    services.set_recorded_score(attempt, world.inspector_a, 100, attempt.version)
    _start(qcase, world, person=qcase.operator)  # unfinished: not on the record
    oral.record_oral_question(
        qcase.inspection,
        world.inspector_a,
        person=qcase.worker,
        worker_name="",
        question=None,
        text="灭火器怎么用？",
        verdict="correct",
        note="",
        client_key="k",
    )
    oral.record_oral_question(
        qcase.inspection,
        world.inspector_a,
        person=None,
        worker_name="临时工老王",
        question=None,
        text="发生火灾先做什么？",
        verdict="wrong",
        note="答不上来",
        client_key="k2",
    )
    entries = results.quiz_snapshot(qcase.inspection)
    assert [e["worker"] for e in entries] == ["张小三", "临时工老王"]
    quiz = entries[0]["quizzes"][0]
    assert (quiz["score"], quiz["correct"], quiz["total"], quiz["passed"]) == (100, 10, 10, True)
    assert (quiz["recorded_score"], quiz["gap"], quiz["flagged"]) == (100, 0, False)
    assert entries[0]["oral"] == [{"text": "灭火器怎么用？", "verdict": "correct", "note": ""}]
    assert entries[1]["quizzes"] == [] and entries[1]["oral"][0]["verdict"] == "wrong"


def test_pass_rates_by_subject_and_by_topic(qcase, world, request_ctx):
    other_subject = factories.make_subject(world.town_a, name="Second unit")
    other_case = factories.make_inspection(world, subject=other_subject)
    for right in (10, 3):
        attempt = _start(qcase, world, person=None, worker_name=f"A{right}")
        _answer_all(attempt, right=right)
        services.finish_attempt(attempt, world.inspector_a)
    attempt, _short = services.start_attempt(other_case, world.inspector_a, worker_name="B")
    _answer_all(attempt, right=10)
    services.finish_attempt(attempt, world.inspector_a)
    _start(qcase, world, person=None, worker_name="unfinished")
    db.session.commit()
    by_subject = {
        r.label: (r.passed, r.total, r.percent) for r in results.pass_rates([world.town_a.id])
    }
    assert by_subject == {"Unit in A": (1, 2, 50), "Second unit": (1, 1, 100)}
    assert results.pass_rates([world.town_b.id]) == []
    by_topic = {r.key: r for r in results.pass_rates([world.town_a.id], by="topic")}
    assert by_topic["safety_law"].total == 9 and by_topic["safety_law"].passed == 9
    assert by_topic["ppe"].total == 3 and by_topic["ppe"].passed == 2
    assert by_topic["ppe"].label == "Personal protective equipment"
