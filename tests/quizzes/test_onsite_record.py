"""The record's quiz partial: per worker, names masked as 张*三, flagged gaps, oral questions."""

from bs4 import BeautifulSoup
from flask import render_template

from inspect_app.extensions import db
from inspect_app.quizzes import oral, results, services
from tests.quizzes.test_onsite_support import make_quiz_case, right_answer, wrong_answer


def _finished(case, user, name: str, right: int, recorded: int | None):
    attempt, _short = services.start_attempt(case, user, worker_name=name)
    for number, question in enumerate(services.paper_questions(attempt)):
        labels = right_answer(question) if number < right else wrong_answer(question)
        services.answer_question(attempt, question.id, labels)
    services.finish_attempt(attempt, user)
    if recorded is not None:
        services.set_recorded_score(attempt, user, recorded, attempt.version)
    return attempt


def test_partial_masks_names_and_flags_the_gap(app, world):
    qcase = make_quiz_case(world)
    user = world.inspector_a
    _finished(qcase.inspection, user, "张小三", 4, 100)
    _finished(qcase.inspection, user, "欧阳小明", 8, None)
    oral.record_oral_question(
        qcase.inspection,
        user,
        person=None,
        worker_name="王五",
        question=None,
        text="三级安全教育是指哪三级？",
        verdict="partly",
        note="只答出公司级",
        client_key="o1",
    )
    db.session.commit()
    entries = results.quiz_snapshot(qcase.inspection)
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        masked = render_template("partials/_quiz_results.html", quizzes=entries, mask_names=True)
        plain = render_template("partials/_quiz_results.html", quizzes=entries)
    soup = BeautifulSoup(masked, "html.parser")
    rows = soup.select(".quiz-table tbody tr")
    assert [r.select("td")[1].get_text(strip=True) for r in rows] == ["张*三", "欧**明"]
    assert "quiz-flagged" in rows[0]["class"] and not rows[1].get("class")
    assert rows[0].select("td")[6].get_text(" ", strip=True).startswith("60")
    oral_row = soup.select_one(".oral-table tbody tr")
    cells = [td.get_text(strip=True) for td in oral_row.select("td")]
    assert cells[1:] == ["王*", "三级安全教育是指哪三级？", "Partly correct", "只答出公司级"]
    assert "张小三" not in masked and "张小三" in plain
