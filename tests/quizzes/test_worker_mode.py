"""Worker mode: a worker answering on the inspector's phone sees only the quiz, reaches no other
page of the inspector's session, and the phone comes back only with the case PIN or the
inspector's password (wrong tries rate-limited)."""

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from inspect_app.audit.models import AuditEntry
from inspect_app.extensions import db
from inspect_app.quizzes import services
from inspect_app.quizzes.handover import ALL_LIMIT, PIN_LIMIT
from inspect_app.quizzes.models import WorkerModePin
from inspect_app.ratelimit import RateEvent
from inspect_app.sessions import STATELESS_PREFIX
from tests.factories import PASSWORD
from tests.pages import parse
from tests.quizzes.test_onsite_support import backdate, make_quiz_case, right_answer

PIN = "4826"


@pytest.fixture
def qcase(world):
    return make_quiz_case(world)


@pytest.fixture
def handed(client, world, login, qcase):
    """zhang: the inspector started a quiz of 张小三 and handed over the phone with a PIN."""
    login(world.inspector_a)
    attempt, _short = services.start_attempt(qcase.inspection, world.inspector_a, qcase.worker)
    db.session.commit()
    base = f"/inspections/{qcase.inspection.id}/quizzes/{attempt.id}"
    response = client.post(base + "/hand-over", data={"pin": PIN})
    assert response.headers["Location"] == base + "/q/1"
    return attempt, base


def test_a_late_response_carrying_an_older_cookie_keeps_worker_mode(client, world, login, qcase):
    """The service worker and the status bar fetch in parallel: a response that left the server
    before the hand-over, with the cookie of that moment, may land after it."""
    login(world.inspector_a)
    attempt, _short = services.start_attempt(qcase.inspection, world.inspector_a, qcase.worker)
    db.session.commit()
    base = f"/inspections/{qcase.inspection.id}/quizzes/{attempt.id}"
    before = client.get_cookie("session").value
    assert client.post(base + "/hand-over", data={"pin": PIN}).status_code == 302
    client.set_cookie("session", before)
    assert client.get(base + "/q/1").status_code == 200
    assert client.get("/inspections/").headers["Location"] == base + "/q/1"


def _answer_first(client, attempt, base):
    question = services.paper_questions(attempt)[0]
    data = {"question_id": str(question.id), "answer": right_answer(question), "go": "next"}
    return client.post(base + "/q/1", data=data)


def _urls(app, world, qcase):
    """(method, url) of every page of the app but the quiz's own runner pages (the API takes no
    session, so worker mode never reaches it)."""
    values = {"inspection_id": qcase.inspection.id, "subject_id": world.subject_a.id}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.rule.startswith(STATELESS_PREFIX):
            continue
        url = rule.build({name: values.get(name, 1) for name in rule.arguments})[1]
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule.endpoint, method, url


def test_quiz_pages_show_nothing_but_the_quiz(client_request, handed):
    _attempt, base = handed
    page = client_request.get(base + "/q/1")
    assert page.select_one("h1.qz-count").get_text(strip=True).startswith("第 1 题")
    assert page.select_one("nav") is None and page.select_one("footer") is None
    assert page.select_one("form[action='/logout']") is None
    assert page.select_one(".lang-switch") is None
    assert page.select_one(".site-header a") is None  # the brand is no link either
    links = {a["href"] for a in page.select("a[href]")}
    assert links == {"#main", base + "/take-back"}
    forms = {f.get("action") for f in page.select("form")}
    assert forms == {base + "/q/1"}


def test_every_other_page_leads_back_to_the_quiz(app, client, world, handed, qcase):
    attempt, base = handed
    assert _answer_first(client, attempt, base).status_code == 302
    allowed = {"quizzes.question", "quizzes.finish", "quizzes.take_back"}
    checked = 0
    for endpoint, method, url in _urls(app, world, qcase):
        if endpoint in allowed and url.startswith(base + "/"):
            continue
        response = client.open(url, method=method, data={"lang": "en", "name": "x"})
        assert (response.status_code, response.headers.get("Location")) == (303, base + "/q/2"), (
            endpoint,
            method,
        )
        checked += 1
    assert checked > 100
    other, _short = services.start_attempt(qcase.inspection, world.inspector_a, worker_name="乙")
    db.session.commit()
    other_base = f"/inspections/{qcase.inspection.id}/quizzes/{other.id}"
    assert client.get(other_base + "/q/1").headers["Location"] == base + "/q/2"
    still = client.get(base + "/q/2")  # signing out was refused: still signed in, same quiz
    assert still.status_code == 200 and parse(still).select_one(".qz-who").get_text() == "张小三"


def test_scripts_get_a_json_refusal(client, handed, qcase):
    _attempt, _base = handed
    url = f"/inspections/{qcase.inspection.id}/answers/PU-1"
    response = client.post(url, json={"result": "compliant", "note": ""})
    assert response.status_code == 403 and response.get_json()["ok"] is False
    assert qcase.inspection.answer_for("PU-1") is None


def test_the_pin_is_kept_hashed_and_takes_the_phone_back(
    client, client_request, world, handed, qcase
):
    attempt, base = handed
    row = db.session.get(WorkerModePin, qcase.inspection.id)
    assert row.pin_hash != PIN and check_password_hash(row.pin_hash, PIN)
    page = client_request.get(base + "/take-back")
    assert page.select_one("nav") is None
    assert page.select_one(".qz-resume")["href"] == base + "/q/1"

    wrong = client.post(base + "/take-back", data={"secret": "1111"})
    assert wrong.status_code == 422
    message = parse(wrong).select_one(".error-summary").get_text(" ", strip=True)
    assert "PIN 码或密码错误" in message
    assert client.get("/").status_code == 303

    back = client.post(base + "/take-back", data={"secret": PIN})
    assert back.headers["Location"] == base
    home = client.get("/")
    assert home.status_code == 200 and parse(home).select_one("nav.site-nav") is not None
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_id == attempt.id)
    )
    assert {"enter_worker_mode", "leave_worker_mode"} <= set(actions)
    assert _count(RateEvent) == 0  # the slate is clean again


def test_password_takes_the_phone_back_without_a_pin(client, client_request, world, login, qcase):
    login(world.inspector_a)
    attempt, _short = services.start_attempt(qcase.inspection, world.inspector_a, qcase.worker)
    db.session.commit()
    base = f"/inspections/{qcase.inspection.id}/quizzes/{attempt.id}"
    page = client_request.get(base + "/hand-over")
    assert page.select_one(".qz-pin-status .badge") is None
    client.post(base + "/hand-over", data={"pin": ""})
    assert client.post(base + "/take-back", data={"secret": PIN}).status_code == 422
    assert client.post(base + "/take-back", data={"secret": PASSWORD}).status_code == 302
    assert db.session.get(WorkerModePin, qcase.inspection.id) is None


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_wrong_tries_lock_the_pin_then_everything(client, handed):
    _attempt, base = handed
    for _try in range(PIN_LIMIT):
        last = client.post(base + "/take-back", data={"secret": "0000"})
    assert "PIN 码已锁定" in parse(last).select_one(".error-summary").get_text()
    right_pin = client.post(base + "/take-back", data={"secret": PIN})
    assert right_pin.status_code == 422  # the PIN is locked…
    for _try in range(ALL_LIMIT - PIN_LIMIT - 2):
        client.post(base + "/take-back", data={"secret": "0000"})
    assert _count(RateEvent) == ALL_LIMIT - 1
    password = client.post(base + "/take-back", data={"secret": PASSWORD})
    assert password.status_code == 302  # …but the password still works, and clears the count
    assert _count(RateEvent) == 0


def test_after_too_many_wrong_tries_even_the_password_waits(client, handed):
    _attempt, base = handed
    for _try in range(ALL_LIMIT):
        client.post(base + "/take-back", data={"secret": "wrong-password"})
    refused = client.post(base + "/take-back", data={"secret": PASSWORD})
    assert refused.status_code == 422
    assert "15 分钟后再试" in parse(refused).select_one(".error-summary").get_text()
    assert client.get("/").status_code == 303


def test_a_pin_is_four_digits(client, world, login, qcase):
    login(world.inspector_a)
    attempt, _short = services.start_attempt(qcase.inspection, world.inspector_a, qcase.worker)
    db.session.commit()
    base = f"/inspections/{qcase.inspection.id}/quizzes/{attempt.id}"
    refused = client.post(base + "/hand-over", data={"pin": "12a4"})
    assert refused.status_code == 422
    assert parse(refused).select_one(".error-summary a[href='#pin']") is not None
    assert client.get("/").status_code == 200  # not handed over
    assert db.session.get(WorkerModePin, qcase.inspection.id) is None


def test_the_runner_needs_the_phone_handed_over(client, client_request, world, login, qcase):
    login(world.inspector_a)
    attempt, _short = services.start_attempt(qcase.inspection, world.inspector_a, qcase.worker)
    db.session.commit()
    base = f"/inspections/{qcase.inspection.id}/quizzes/{attempt.id}"
    assert client.get(base + "/q/1").headers["Location"] == base + "/hand-over"
    assert client.get(base + "/take-back").headers["Location"] == base
    page = client_request.get(base + "/hand-over")
    assert page.select_one("nav.site-nav") is not None  # the inspector's own page
    assert page.select_one("form.qz-hand-over input#pin[type=password]") is not None


def test_time_up_ends_on_the_take_back_page(client, client_request, handed):
    attempt, base = handed
    backdate(attempt, 20)  # the worker template allows 15 minutes
    response = _answer_first(client, attempt, base)
    assert response.headers["Location"] == base + "/take-back"
    page = client_request.get(base + "/take-back")
    assert page.select_one(".qz-done-score") is not None and page.select_one("nav") is None


def test_an_error_page_in_worker_mode_stays_stripped(client, handed):
    _attempt, base = handed
    missing = client.get(base + "/q/99")
    assert missing.status_code == 404
    page = parse(missing)
    assert page.select_one("nav") is None and page.select_one("footer") is None
    assert [a["href"] for a in page.select(".error-page a")] == [base + "/q/1"]
