"""On-site quizzes through the API: drawing distinct papers and scoring submitted answers."""

from inspect_app.extensions import db
from inspect_app.quizzes.models import Question, QuizAttempt
from tests.api.case_support import PROBLEM, key
from tests.quizzes.test_onsite_support import backdate, make_quiz_case, right_answer


def _draw(caller, inspection, **body):
    return caller.post(f"/api/v1/cases/{inspection.id}/quizzes", key=key(), json=body)


def _right(paper: dict) -> dict:
    return {
        str(q["id"]): "".join(right_answer(db.session.get(Question, q["id"])))
        for q in paper["questions"]
    }


def test_a_paper_is_drawn_answered_and_scored(api, world):
    qcase = make_quiz_case(world)
    caller = api(world.inspector_a)
    drawn = _draw(caller, qcase.inspection, person_id=qcase.worker.id)
    paper = drawn.get_json()
    assert drawn.status_code == 201 and paper["worker_name"] == "张小三" and paper["score"] is None
    assert len(paper["questions"]) == 10 and all("answer" not in q for q in paper["questions"])
    assert all(o["label"] for q in paper["questions"] for o in q["options"])
    other = _draw(caller, qcase.inspection, worker_name="王五").get_json()
    assert sorted(q["id"] for q in other["questions"]) != sorted(
        q["id"] for q in paper["questions"]
    )
    url = f"/api/v1/cases/{qcase.inspection.id}/quizzes/{paper['id']}/answers"
    scored = caller.post(url, key=key(), json={"answers": _right(paper)})
    assert scored.status_code == 200 and (
        scored.get_json()["score"],
        scored.get_json()["passed"],
    ) == (100, True)
    again = caller.post(url, key=key(), json={"answers": _right(paper)})
    assert again.status_code == 422 and again.mimetype == PROBLEM
    listed = caller.get(f"/api/v1/cases/{qcase.inspection.id}/quizzes").get_json()
    assert [a["id"] for a in listed] == [paper["id"], other["id"]]


def test_quiz_refusals(api, world):
    qcase = make_quiz_case(world)
    caller = api(world.inspector_a)
    assert _draw(caller, qcase.inspection, person_id=qcase.other_unit_person.id).status_code == 404
    nobody = _draw(caller, qcase.inspection)
    assert nobody.status_code == 422 and nobody.get_json()["type"].endswith("/refused")
    paper = _draw(caller, qcase.inspection, worker_name="王五").get_json()
    url = f"/api/v1/cases/{qcase.inspection.id}/quizzes/{paper['id']}/answers"
    off_paper = caller.post(url, key=key(), json={"answers": {"999999": "A"}})
    assert off_paper.status_code == 422
    assert db.session.get(QuizAttempt, paper["id"]).finished_at is None
    assert api(world.supervisor_a).post(url, key=key(), json={"answers": {}}).status_code == 403


def test_answers_after_the_time_limit_are_not_kept_and_the_paper_is_scored(api, world):
    qcase = make_quiz_case(world)
    caller = api(world.inspector_a)
    paper = _draw(caller, qcase.inspection, worker_name="王五").get_json()
    backdate(db.session.get(QuizAttempt, paper["id"]), minutes=60)
    url = f"/api/v1/cases/{qcase.inspection.id}/quizzes/{paper['id']}/answers"
    late = caller.post(url, key=key(), json={"answers": _right(paper)})
    body = late.get_json()
    assert late.status_code == 409 and body["type"].endswith("/time-up")
    assert body["current"]["score"] == 0 and body["current"]["answers"] == {}
