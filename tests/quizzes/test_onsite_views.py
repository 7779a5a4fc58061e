"""Quiz pages of a case: starting a quiz, the one-question-per-screen runner, results, recorded
scores, oral questions, and who may do what."""

import pytest
from sqlalchemy import func, select

from inspect_app.audit.models import AuditEntry
from inspect_app.extensions import db
from inspect_app.quizzes import services
from inspect_app.quizzes.models import OralQuestion, Question, QuizAttempt
from tests.factories import PASSWORD
from tests.pages import parse
from tests.quizzes.test_onsite_support import make_quiz_case, right_answer, wrong_answer


@pytest.fixture
def qcase(world):
    return make_quiz_case(world)


def _base(qcase) -> str:
    return f"/inspections/{qcase.inspection.id}/quizzes"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _only_attempt() -> QuizAttempt:
    return db.session.scalar(select(QuizAttempt))


def _start(client, qcase, **data):
    form = {"person_id": str(qcase.worker.id), "template_id": "", "client_key": "k1"}
    form.update(data)
    return client.post(_base(qcase) + "/start", data=form)


def _hand_over(client, qcase, attempt):
    """The inspector hands the phone to the worker: worker mode, question by question."""
    response = client.post(f"{_base(qcase)}/{attempt.id}/hand-over")
    assert response.status_code == 302, response.data[:300]
    return response


def _answer(client, url: str, question: Question, labels, go="next"):
    return client.post(url, data={"question_id": str(question.id), "answer": labels, "go": go})


def test_start_goes_to_handing_over_and_a_double_tap_starts_once(client, world, login, qcase):
    login(world.inspector_a)
    first = _start(client, qcase)
    attempt = _only_attempt()
    hand_over = f"{_base(qcase)}/{attempt.id}/hand-over"
    assert first.status_code == 302 and first.headers["Location"] == hand_over
    again = _start(client, qcase)
    assert again.headers["Location"] == hand_over
    runner = f"{_base(qcase)}/{attempt.id}/q/1"
    assert _hand_over(client, qcase, attempt).headers["Location"] == runner
    assert _count(QuizAttempt) == 1
    assert attempt.template.position == "worker" and attempt.person_id == qcase.worker.id


def test_start_needs_a_worker(client, world, login, qcase):
    login(world.inspector_a)
    response = _start(client, qcase, person_id="", worker_name=" ")
    assert response.status_code == 422
    assert parse(response).select_one(".error-summary a[href='#worker_name']") is not None
    assert _count(QuizAttempt) == 0


def test_runner_one_question_per_screen_to_the_score(client, client_request, world, login, qcase):
    login(world.inspector_a)
    _start(client, qcase, person_id="", worker_name="临时工老王")
    attempt = _only_attempt()
    _hand_over(client, qcase, attempt)
    questions = services.paper_questions(attempt)
    base = f"{_base(qcase)}/{attempt.id}/q"
    page = client_request.get(f"{base}/1")
    assert page.select_one("h1.qz-count").get_text(strip=True) == "第 1 题，共 10 题"
    options = page.select(".qz-option input")
    kinds = {"single": "radio", "multiple": "checkbox", "true_false": "radio"}
    assert {o["type"] for o in options} == {kinds[questions[0].kind]}
    assert page.select_one("button[value=back]") is None
    for number, question in enumerate(questions, 1):
        labels = right_answer(question) if number <= 5 else wrong_answer(question)
        go = "finish" if number == len(questions) else "next"
        response = _answer(client, f"{base}/{number}", question, labels, go)
        assert response.status_code == 302
    assert response.headers["Location"] == f"{_base(qcase)}/{attempt.id}/take-back"
    db.session.refresh(attempt)
    assert (attempt.score, attempt.passed) == (50, False)
    done = client_request.get(response.headers["Location"])
    assert done.select_one(".qz-done-score").get_text(strip=True) == "您的得分为 50 分。"
    back = client.post(response.headers["Location"], data={"secret": PASSWORD})
    assert back.headers["Location"] == f"{_base(qcase)}/{attempt.id}"
    review = client_request.get(back.headers["Location"])
    assert len(review.select(".qz-item")) == 10
    assert len(review.select(".qz-item-right")) == 5
    assert review.select_one(".qz-score .sc-result-fail") is not None


def test_back_keeps_the_answer_and_shows_it(client, client_request, world, login, qcase):
    login(world.inspector_a)
    _start(client, qcase)
    attempt = _only_attempt()
    _hand_over(client, qcase, attempt)
    first, second = services.paper_questions(attempt)[:2]
    base = f"{_base(qcase)}/{attempt.id}/q"
    _answer(client, f"{base}/1", first, right_answer(first))
    response = _answer(client, f"{base}/2", second, [], go="back")
    assert response.headers["Location"] == f"{base}/1"
    checked = [i["value"] for i in client_request.get(f"{base}/1").select("input[checked]")]
    assert checked == right_answer(first)


def test_runner_refuses_other_questions_and_numbers(client, world, login, qcase):
    login(world.inspector_a)
    _start(client, qcase)
    attempt = _only_attempt()
    _hand_over(client, qcase, attempt)
    questions = services.paper_questions(attempt)
    base = f"{_base(qcase)}/{attempt.id}/q"
    assert client.get(f"{base}/0").status_code == 404
    assert client.get(f"{base}/11").status_code == 404
    assert _answer(client, f"{base}/1", questions[1], ["A"]).status_code == 404
    assert _only_attempt().answers == {}


def test_results_show_gap_flag_from_thirty_points(client, client_request, world, login, qcase):
    login(world.inspector_a)
    low, near = (
        services.start_attempt(qcase.inspection, world.inspector_a, worker_name=name)[0]
        for name in ("甲", "乙")
    )
    for attempt, right in ((low, 4), (near, 5)):
        for number, question in enumerate(services.paper_questions(attempt)):
            pick = right_answer(question) if number < right else wrong_answer(question)
            services.answer_question(attempt, question.id, pick)
        services.finish_attempt(attempt, world.inspector_a)
    db.session.commit()
    for attempt, recorded in ((low, 70), (near, 79)):
        url = f"{_base(qcase)}/{attempt.id}/recorded-score"
        response = client.post(url, data={"recorded_score": recorded, "version": attempt.version})
        assert response.status_code == 302
    page = client_request.get(_base(qcase))
    flagged = page.select_one(f"#attempt-{low.id}")
    assert "qz-flagged" in flagged["class"]
    assert flagged.select_one(".qz-gap-flagged").get_text(strip=True).startswith("30")
    assert "qz-flagged" not in page.select_one(f"#attempt-{near.id}")["class"]
    assert page.select_one(f"#attempt-{near.id} .qz-gap").get_text(strip=True).startswith("29")


def test_stale_or_invalid_recorded_score_is_refused(client, world, login, qcase):
    login(world.inspector_a)
    attempt, _short = services.start_attempt(qcase.inspection, world.inspector_a, worker_name="甲")
    db.session.commit()
    url = f"{_base(qcase)}/{attempt.id}/recorded-score"
    stale = client.post(url, data={"recorded_score": 90, "version": attempt.version + 5})
    assert stale.status_code == 409
    assert client.post(url, data={"recorded_score": 140, "version": 1}).status_code == 422
    db.session.refresh(attempt)
    assert attempt.recorded_score is None


def test_oral_question_from_the_bank_or_typed_double_tap_once(
    client, client_request, world, login, qcase
):
    login(world.inspector_a)
    question = db.session.scalar(select(Question).where(Question.topic == "fire").limit(1))
    data = {
        "oral-person_id": str(qcase.worker.id),
        "oral-question_id": str(question.id),
        "oral-verdict": "partly",
        "oral-note": "知道报警电话，不会用灭火器",
        "oral-client_key": "tap",
    }
    for _tap in range(2):
        response = client.post(_base(qcase) + "/oral", data=data)
        assert response.status_code == 302
    typed = {**data, "oral-question_id": "", "oral-text": "", "oral-client_key": "t2"}
    assert client.post(_base(qcase) + "/oral", data=typed).status_code == 422
    typed["oral-text"] = "动火作业前要办理什么手续？"
    assert client.post(_base(qcase) + "/oral", data=typed).status_code == 302
    assert _count(OralQuestion) == 2
    page = client_request.get(_base(qcase))
    texts = [p.get_text(strip=True) for p in page.select(".qz-oral-text")]
    assert texts == [question.text, "动火作业前要办理什么手续？"]
    assert page.select_one(".qz-verdict-partly") is not None


def test_topic_filter_narrows_the_bank_questions(client_request, world, login, qcase):
    login(world.inspector_a)
    page = client_request.get(_base(qcase) + "?topic=ppe")
    options = page.select("#oral-question_id option")
    assert len(options) == 1 + 8  # "none" and the eight PPE questions


def test_supervisor_reads_but_cannot_quiz(client, client_request, world, login, qcase):
    services.start_attempt(qcase.inspection, world.inspector_a, worker_name="甲")
    db.session.commit()
    login(world.supervisor_a)
    page = client_request.get(_base(qcase))
    assert page.select_one(".qz-start") is None and page.select_one(".qz-oral-form") is None
    assert len(page.select(".qz-attempt")) == 1
    assert _start(client, qcase).status_code == 403
    attempt = _only_attempt()
    assert client.get(f"{_base(qcase)}/{attempt.id}/q/1").status_code == 403
    assert client.get(f"{_base(qcase)}/{attempt.id}").status_code == 200


def test_other_town_case_is_not_found(client, world, login, qcase):
    login(world.inspector_b)
    assert client.get(_base(qcase)).status_code == 404
    assert _start(client, qcase).status_code == 404


def test_attempt_of_another_case_is_not_found(client, world, login, qcase):
    from tests import factories

    other = factories.make_inspection(world)
    attempt, _short = services.start_attempt(other, world.inspector_a, worker_name="甲")
    db.session.commit()
    login(world.inspector_a)
    assert client.get(f"{_base(qcase)}/{attempt.id}").status_code == 404
    assert client.get(f"{_base(qcase)}/{attempt.id}/q/1").status_code == 404


def test_start_on_the_workers_phone_shows_the_qr_code(client, client_request, world, login, qcase):
    login(world.inspector_a)
    response = _start(client, qcase, mode="link")
    attempt = _only_attempt()
    assert response.headers["Location"] == f"{_base(qcase)}/{attempt.id}/link"
    page = client_request.get(response.headers["Location"])
    assert page.select_one("img.qz-qr")["src"].startswith("data:image/svg+xml;base64,")
    assert page.select_one(".qz-url").get_text(strip=True) == (
        f"https://inspect.test/q/{attempt.worker_token}"
    )
    actions = [e.action for e in db.session.scalars(select(AuditEntry))]
    assert "start_quiz_attempt" in actions and "issue_quiz_link" in actions
