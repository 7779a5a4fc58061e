"""A quiz taken on the phone from a paper of the offline bundle: the server re-draws the paper
from its seed, refuses a forged one, and keeps its own score (the phone's is only compared)."""

import pytest
from sqlalchemy import func, select

from inspect_app.audit.models import AuditEntry
from inspect_app.extensions import db
from inspect_app.quizzes.models import Question, QuizAttempt
from inspect_app.quizzes.services import ensure_default_templates
from tests.api.case_support import key
from tests.offline.api_support import Phone, ago, iso, open_offline_case
from tests.quizzes.test_onsite_support import make_bank


@pytest.fixture
def phone(client, world):
    make_bank()
    ensure_default_templates()
    db.session.commit()
    return Phone(client, world.inspector_a)


def _paper(phone, subject_id: int, n: int = 0) -> tuple[dict, dict]:
    """The worker template of the subject's bundle, and its n-th paper."""
    bundle = phone.get(f"/api/v1/offline/subjects/{subject_id}").get_json()
    template = next(t for t in bundle["quiz_templates"] if t["position"] == "worker")
    return template, template["papers"][n]


def _body(template: dict, paper: dict, answers: dict, **extra) -> dict:
    return {
        "worker_name": "赵六",
        "template_id": template["id"],
        "seed": paper["seed"],
        "question_ids": paper["question_ids"],
        "answers": answers,
        "started_at": iso(ago(12)),
        "finished_at": iso(ago(5)),
        **extra,
    }


def _right(paper: dict) -> dict:
    return {str(q["id"]): q["answer"] for q in paper["questions"]}


def _attempts() -> int:
    return db.session.scalar(select(func.count()).select_from(QuizAttempt))


def test_the_server_scores_the_paper_itself_and_notes_a_different_phone_score(phone, world):
    case = open_offline_case(phone, world)
    template, paper = _paper(phone, world.subject_a.id)
    body = _body(template, paper, _right(paper), phone_score=40)
    response = phone.post(f"/api/v1/cases/{case['id']}/quizzes/offline", key=key(), json=body)
    assert response.status_code == 201, response.get_json()
    attempt = response.get_json()
    assert attempt["score"] == 100 and attempt["passed"] is True
    assert [q["id"] for q in attempt["questions"]] == paper["question_ids"]
    assert attempt["started_at"].startswith(body["started_at"][:19])
    audit = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "record_offline_quiz_attempt")
    )
    assert audit.details["phone_score"] == 40 and audit.details["score_mismatch"] is True


def test_answers_the_phone_marked_right_but_are_wrong_score_as_wrong(phone, world):
    case = open_offline_case(phone, world)
    template, paper = _paper(phone, world.subject_a.id)
    answers = _right(paper)
    first = paper["questions"][0]
    wrong = next(o["label"] for o in first["options"] if o["label"] not in first["answer"])
    answers[str(first["id"])] = wrong
    body = _body(template, paper, answers, phone_score=100)
    response = phone.post(f"/api/v1/cases/{case['id']}/quizzes/offline", key=key(), json=body)
    assert response.status_code == 201
    total = len(paper["question_ids"])
    assert response.get_json()["score"] == round((total - 1) * 100 / total)


def test_a_forged_paper_is_refused_and_nothing_kept(phone, world):
    case = open_offline_case(phone, world)
    template, paper = _paper(phone, world.subject_a.id)
    outside = db.session.scalar(
        select(Question.id).where(Question.id.not_in(paper["question_ids"]))
    )
    forged = [outside, *paper["question_ids"][1:]]
    body = _body(template, paper, {}) | {"question_ids": forged}
    response = phone.post(f"/api/v1/cases/{case['id']}/quizzes/offline", key=key(), json=body)
    assert response.status_code == 422
    assert "试卷" in response.get_json()["errors"]["question_ids"][0]
    assert _attempts() == 0


def test_an_answer_to_a_question_off_the_paper_is_refused(phone, world):
    case = open_offline_case(phone, world)
    template, paper = _paper(phone, world.subject_a.id)
    body = _body(template, paper, {"999999": "A"})
    response = phone.post(f"/api/v1/cases/{case['id']}/quizzes/offline", key=key(), json=body)
    assert response.status_code == 422 and "answers" in response.get_json()["errors"]
    assert _attempts() == 0


def test_a_replay_keeps_one_attempt_and_a_paper_is_used_once_per_case(phone, world):
    case = open_offline_case(phone, world)
    template, paper = _paper(phone, world.subject_a.id)
    url = f"/api/v1/cases/{case['id']}/quizzes/offline"
    body, same_key = _body(template, paper, _right(paper)), key()
    first = phone.post(url, key=same_key, json=body)
    again = phone.post(url, key=same_key, json=body)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    other_worker = phone.post(url, key=key(), json=body | {"worker_name": "钱七"})
    assert other_worker.status_code == 422
    assert "question_ids" in other_worker.get_json()["errors"]
    assert _attempts() == 1


def test_a_quiz_time_before_the_case_opened_is_refused(phone, world):
    case = open_offline_case(phone, world, minutes_ago=10)
    template, paper = _paper(phone, world.subject_a.id)
    body = _body(template, paper, {})  # started 12 minutes ago: before the opening
    response = phone.post(f"/api/v1/cases/{case['id']}/quizzes/offline", key=key(), json=body)
    assert response.status_code == 422 and "started_at" in response.get_json()["errors"]
    assert _attempts() == 0
