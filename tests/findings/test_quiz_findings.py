"""A quiz score far below the unit's recorded score is offered as a finding, once."""

from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.findings.models import Finding
from inspect_app.quizzes import services as quizzes
from tests import factories
from tests.findings.helpers import non_compliant
from tests.quizzes.test_onsite_support import make_quiz_case, right_answer, wrong_answer


def _url(case, rest: str = "findings") -> str:
    return f"/inspections/{case.id}/{rest}"


def _keys(page) -> list[str]:
    return [li["id"].removeprefix("suggestion-") for li in page.select(".suggestion")]


def _hidden(page, key: str) -> dict:
    form = page.select_one(f"#suggestion-{key} form")
    data: dict = {}
    for node in form.select("input[type=hidden]"):
        data.setdefault(node["name"], []).append(node["value"])
    return data


def _quizzed(qcase, world, right: int, recorded: int, **who):
    who = who or {"person": qcase.worker}
    attempt, _short = quizzes.start_attempt(qcase.inspection, world.inspector_a, **who)
    for number, question in enumerate(quizzes.paper_questions(attempt)):
        labels = right_answer(question) if number < right else wrong_answer(question)
        quizzes.answer_question(attempt, question.id, labels)
    quizzes.finish_attempt(attempt, world.inspector_a)
    quizzes.set_recorded_score(attempt, world.inspector_a, recorded, attempt.version)
    db.session.commit()
    return attempt


def test_quiz_gap_is_suggested_under_pu8_and_goes_once_used(client, client_request, world, login):
    qcase = make_quiz_case(world)
    flagged = _quizzed(qcase, world, right=4, recorded=95)  # 95 − 40 = 55
    _quizzed(qcase, world, right=7, recorded=99, person=None, worker_name="王五")  # gap 29
    login(world.inspector_a)

    page = client_request.get(_url(qcase.inspection))
    key = f"quiz-{flagged.id}"
    assert _keys(page) == [key]
    data = _hidden(page, key)
    assert data["item_code"] == ["PU-8"] and data["quiz_attempt_id"] == [str(flagged.id)]
    assert (
        "张*三" in data["description"][0]
        and "张小三" not in data["description"][0]
        and "55" in data["description"][0]
    )

    assert client.post(_url(qcase.inspection, "findings/new"), data=data).status_code == 302
    finding = db.session.scalar(select(Finding).where(Finding.inspection_id == qcase.inspection.id))
    assert (finding.quiz_attempt_id, finding.item_code) == (flagged.id, "PU-8")
    assert _keys(client_request.get(_url(qcase.inspection))) == []


def test_quiz_finding_does_not_hide_a_non_compliant_pu8(client, client_request, world, login):
    qcase = make_quiz_case(world)
    flagged = _quizzed(qcase, world, right=3, recorded=100)
    login(world.inspector_a)
    data = _hidden(client_request.get(_url(qcase.inspection)), f"quiz-{flagged.id}")
    client.post(_url(qcase.inspection, "findings/new"), data=data)
    non_compliant(qcase.inspection, world.inspector_a, "PU-8", "档案缺失")
    assert _keys(client_request.get(_url(qcase.inspection))) == ["PU-8"]


def test_edit_before_adding_keeps_the_quiz_link(client_request, world, login):
    qcase = make_quiz_case(world)
    flagged = _quizzed(qcase, world, right=2, recorded=90)
    login(world.inspector_a)
    page = client_request.get(_url(qcase.inspection, f"findings/new?from=quiz-{flagged.id}"))
    assert page.select_one("#quiz_attempt_id")["value"] == str(flagged.id)
    assert page.select_one(".finding-form .notice") is not None


def test_quiz_of_another_case_is_refused(client, world, login):
    qcase = make_quiz_case(world)
    flagged = _quizzed(qcase, world, right=2, recorded=90)
    other = factories.make_inspection(world)
    login(world.inspector_a)
    response = client.post(
        _url(other, "findings/new"),
        data={"description": "记录不实", "quiz_attempt_id": flagged.id, "client_key": "k-q-1"},
    )
    assert response.status_code == 422
    assert db.session.scalar(select(Finding).where(Finding.inspection_id == other.id)) is None
