"""The worker's own phone: no sign-in, one attempt only, 30 minutes, then 410."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.quizzes import links, services
from inspect_app.ratelimit import RateEvent
from tests.pages import parse
from tests.quizzes.test_onsite_support import make_quiz_case, right_answer


@pytest.fixture
def qcase(world):
    return make_quiz_case(world)


def _linked(qcase, world, name="张小三"):
    attempt, _short = services.start_attempt(qcase.inspection, world.inspector_a, worker_name=name)
    links.issue_worker_link(attempt, world.inspector_a)
    db.session.commit()
    return attempt


def _post(client, token, number, question, labels, go="next"):
    data = {"question_id": str(question.id), "answer": labels, "go": go}
    return client.post(f"/q/{token}/{number}", data=data)


def test_link_opens_without_sign_in_and_shows_only_the_unit_name(client, world, qcase):
    attempt = _linked(qcase, world)
    response = client.get(f"/q/{attempt.worker_token}")
    assert response.status_code == 200
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    page = parse(response)
    facts = [dd.get_text(strip=True) for dd in page.select(".facts dd")]
    assert facts[:3] == ["Unit in A", "张小三", "10"]
    assert page.select("script") == [] and page.select_one(".case-tabs") is None
    assert qcase.inspection.place not in response.get_data(as_text=True)
    assert page.select_one("a.qz-begin")["href"] == f"/q/{attempt.worker_token}/1"


def test_worker_answers_and_sees_the_score(client, client_request, world, qcase):
    attempt = _linked(qcase, world)
    token = attempt.worker_token
    questions = services.paper_questions(attempt)
    page = client_request.get(f"/q/{token}/1")
    assert page.select_one("form.qz-form")["action"] == f"/q/{token}/1"
    assert page.select_one("input[name=csrf_token]") is None
    for number, question in enumerate(questions, 1):
        go = "finish" if number == len(questions) else "next"
        response = _post(client, token, number, question, right_answer(question), go)
    assert response.headers["Location"] == f"/q/{token}/done"
    done = client_request.get(f"/q/{token}/done")
    assert "100" in done.select_one(".qz-done-score").get_text()
    db.session.refresh(attempt)
    assert (attempt.score, attempt.passed) == (100, True)
    assert client.get(f"/q/{token}").status_code == 410  # finished: the link is spent
    assert client.get(f"/q/{token}/1").status_code == 410


def test_link_serves_only_its_own_attempt(client, client_request, world, qcase):
    mine, other = _linked(qcase, world), _linked(qcase, world, "李四")
    theirs = next(q for q in services.paper_questions(other) if q.id not in mine.question_ids)
    response = _post(client, mine.worker_token, 1, theirs, ["A"])
    assert response.status_code == 404
    assert client.get(f"/q/{mine.worker_token}/11").status_code == 404
    db.session.refresh(mine)
    db.session.refresh(other)
    assert mine.answers == {} and other.answers == {}
    page = client_request.get(f"/q/{mine.worker_token}/1")
    shown = int(page.select_one("input[name=question_id]")["value"])
    assert shown == mine.question_ids[0]


def test_expired_link_answers_410_and_unknown_404(client, world, qcase):
    attempt = _linked(qcase, world)
    attempt.worker_token_expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    gone = client.get(f"/q/{attempt.worker_token}")
    assert gone.status_code == 410
    assert parse(gone).select_one(".error-code").get_text() == "410"
    question = services.paper_questions(attempt)[0]
    assert _post(client, attempt.worker_token, 1, question, ["A"]).status_code == 410
    assert client.get("/q/" + "x" * 32).status_code == 404
    assert client.get("/q/" + "x" * 32 + "/done").status_code == 404


def test_link_expires_thirty_minutes_after_it_was_made(client, world, qcase, monkeypatch):
    attempt = _linked(qcase, world)
    made = attempt.worker_token_expires_at - timedelta(minutes=30)
    assert abs((made - utcnow()).total_seconds()) < 60
    later = made + timedelta(minutes=30, seconds=1)
    monkeypatch.setattr(links, "utcnow", lambda: later)
    assert client.get(f"/q/{attempt.worker_token}").status_code == 410


def test_worker_answers_are_rate_limited_lightly(client, world, qcase, monkeypatch):
    monkeypatch.setattr(links, "WORKER_ANSWERS", ("quiz_answer", 3, timedelta(minutes=30)))
    attempt = _linked(qcase, world)
    question = services.paper_questions(attempt)[0]
    for _tap in range(3):
        assert _post(client, attempt.worker_token, 1, question, ["A"]).status_code == 302
    refused = _post(client, attempt.worker_token, 1, question, ["B"])
    assert refused.status_code == 422
    assert parse(refused).select_one(".error-summary") is not None
    assert db.session.scalar(select(func.count()).select_from(RateEvent)) == 3


def test_time_up_scores_the_answers_given(client, client_request, world, qcase):
    attempt = _linked(qcase, world)
    first, second = services.paper_questions(attempt)[:2]
    _post(client, attempt.worker_token, 1, first, right_answer(first))
    attempt.started_at -= timedelta(minutes=16)  # the worker template allows 15 minutes
    db.session.commit()
    page = client_request.get(f"/q/{attempt.worker_token}/2")
    assert page.select_one("fieldset.qz-question").has_attr("disabled")
    response = _post(client, attempt.worker_token, 2, second, right_answer(second))
    assert response.headers["Location"] == f"/q/{attempt.worker_token}/done"
    db.session.refresh(attempt)
    assert attempt.is_finished and attempt.score == 10
