"""After scoring, the result page takes the unit's recorded score (0–100, stale-safe), which
feeds the 30-point gap rule and the proposed finding."""

import pytest

from inspect_app.extensions import db
from inspect_app.quizzes import services
from tests.pages import parse
from tests.quizzes.test_onsite_support import make_quiz_case, right_answer, wrong_answer


@pytest.fixture
def scored(world, login, client):
    """张小三's quiz finished at 30 points; the inspector signed in."""
    qcase = make_quiz_case(world)
    attempt, _short = services.start_attempt(qcase.inspection, world.inspector_a, qcase.worker)
    for number, question in enumerate(services.paper_questions(attempt)):
        labels = right_answer(question) if number < 3 else wrong_answer(question)
        services.answer_question(attempt, question.id, labels)
    services.finish_attempt(attempt, world.inspector_a)
    db.session.commit()
    login(world.inspector_a)
    return qcase.inspection, attempt, f"/inspections/{qcase.inspection.id}/quizzes/{attempt.id}"


def _fact(page, term: str) -> str:
    dt = next(d for d in page.select(".qz-attempt dt") if d.get_text(strip=True) == term)
    return dt.find_next_sibling("dd").get_text(" ", strip=True)


def test_result_page_offers_the_recorded_score_field(client_request, scored):
    _case, attempt, url = scored
    page = client_request.get(url)
    assert _fact(page, "单位记录成绩") == "未录入"
    details = page.select_one(f"#recorded-score-{attempt.id}")
    assert details.name == "details" and details.has_attr("open")
    form = details.select_one("form")
    assert form["action"] == url + "/recorded-score"
    field = form.select_one("input[name=recorded_score]")
    assert (field["type"], field["min"], field["max"]) == ("number", "0", "100")
    assert form.select_one("input[name=version]")["value"] == str(attempt.version)
    assert form.select_one("input[name=back]")["value"] == "review"


def test_recorded_score_saved_on_the_result_page_flags_the_gap(client, client_request, scored):
    case, attempt, url = scored
    data = {"recorded_score": "90", "version": attempt.version, "back": "review"}
    saved = client.post(url + "/recorded-score", data=data)
    assert saved.headers["Location"] == f"{url}#attempt-{attempt.id}"
    page = client_request.get(url)
    assert _fact(page, "单位记录成绩") == "90"
    assert "qz-flagged" in page.select_one(f"#attempt-{attempt.id}")["class"]
    assert page.select_one(".qz-gap-flagged").get_text(strip=True).startswith("60")
    link = page.select_one(f"#attempt-{attempt.id} a[href*='/findings']")["href"]
    assert link == f"/inspections/{case.id}/findings#suggestion-quiz-{attempt.id}"
    findings = client_request.get(f"/inspections/{case.id}/findings")
    suggestion = findings.select_one(f"#suggestion-quiz-{attempt.id}")
    assert "60" in suggestion.select_one(".suggestion-text").get_text()


@pytest.mark.parametrize("typed", ["101", "-1", "", "九十"])
def test_out_of_range_score_is_refused_on_the_result_page(client, scored, typed):
    _case, attempt, url = scored
    data = {"recorded_score": typed, "version": attempt.version, "back": "review"}
    refused = client.post(url + "/recorded-score", data=data)
    assert refused.status_code == 422
    page = parse(refused)
    details = page.select_one(f"#recorded-score-{attempt.id}")
    assert details.has_attr("open") and details.select_one(".error[role=alert]").get_text()
    field = details.select_one("input[name=recorded_score]")
    assert field["aria-invalid"] == "true" and field["value"] == typed
    db.session.refresh(attempt)
    assert attempt.recorded_score is None


def test_stale_recorded_score_is_refused_on_the_result_page(client, scored):
    _case, attempt, url = scored
    first = {"recorded_score": "95", "version": attempt.version, "back": "review"}
    assert client.post(url + "/recorded-score", data=first).status_code == 302
    stale = client.post(url + "/recorded-score", data={**first, "recorded_score": "40"})
    assert stale.status_code == 409
    assert "他人已修改了此内容" in parse(stale).select_one(".qz-recorded .error").get_text()
    db.session.refresh(attempt)
    assert attempt.recorded_score == 95
