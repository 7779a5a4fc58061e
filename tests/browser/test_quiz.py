"""An on-site quiz on a phone (390×844, touch): zhang.wei hands his own phone to a worker (worker
mode), one question per screen, to the score, takes it back with the case PIN and enters the
unit's recorded score; then a second worker answers on her own phone through the QR link, signed
out. Screenshots: tests/output/screens/quiz-NN-<step>.png."""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.quizzes import services
from inspect_app.quizzes.models import QuizAttempt
from tests.browser.quiz_cases import open_quiz_case
from tests.browser.support import (
    SHORT_TAP_TARGETS_JS,
    SIDEWAYS_JS,
    SMALL_TEXT_JS,
    TAP_MIN,
    TEXT_MIN,
    screenshot,
)

SUBJECT = "南通洋口港储运有限公司"
WORKER = "施小军"
OWN_PHONE_WORKER = "陆春燕"
RIGHT = 4  # of 10: 40 points, failed
OPTION_MIN = 56  # px: the runner's option buttons
PIN = "7391"


@dataclass(frozen=True)
class QuizCase:
    id: int


@pytest.fixture(scope="module")
def quiz_case(browser_app) -> QuizCase:
    """A fresh draft case of zhang.wei and li.na; a bank made in code if the demo has none."""
    with browser_app.app_context():
        case = open_quiz_case(SUBJECT, "陆海峰")
        return QuizCase(case.id)


# Screenshot steps in a fixed order, so each keeps its number whichever kinds the paper holds.
STEPS = (
    "index",
    "hand-over",
    "question-first",
    "question-single",
    "question-multiple",
    "question-true_false",
    "question-last",
    "take-back",
    "review",
    "gap-flagged",
    "qr-code",
    "worker-start",
    "worker-question",
    "worker-done",
    "worker-link-spent",
)


def shots(page: Page, step: str) -> None:
    """quiz-NN-<step>.png; each page checked for sideways scroll, tap targets and text size."""
    page.wait_for_load_state()
    sideways = page.evaluate(SIDEWAYS_JS)
    assert sideways["scrollWidth"] <= sideways["innerWidth"], (step, sideways["wide"])
    assert page.evaluate(SHORT_TAP_TARGETS_JS, TAP_MIN) == [], step
    assert page.evaluate(SMALL_TEXT_JS, TEXT_MIN) == [], step
    screenshot(page, f"quiz-{STEPS.index(step) + 1:02d}-{step}")


def _attempt(browser_app, name: str) -> tuple[int, list[tuple[int, str, str]]]:
    """(attempt id, [(question id, kind, right answer)…]) of the worker's attempt."""
    with browser_app.app_context():
        query = select(QuizAttempt).where(QuizAttempt.worker_name == name)
        attempt = db.session.scalar(query.order_by(QuizAttempt.id.desc()).limit(1))
        questions = services.paper_questions(attempt)
        return attempt.id, [(q.id, q.kind, q.answer) for q in questions]


def _tap_answer(page: Page, kind: str, answer: str, right: bool) -> None:
    """Tap the right labels, or a wrong pick (for multiple choice: only part of the set)."""
    if right:
        labels = list(answer)
    elif kind == "true_false":
        labels = ["F" if answer == "T" else "T"]
    elif kind == "multiple":
        labels = [answer[0]]
    else:
        labels = ["B" if answer == "A" else "A"]
    for label in labels:
        page.locator(f"label[for='answer-{label}']").tap()


def test_quiz_a_worker_on_the_inspectors_phone(browser_app, live_server_url, open_phone, quiz_case):
    page = open_phone(user="zhang.wei")
    base = f"{live_server_url}/inspections/{quiz_case.id}/quizzes"
    page.goto(base)
    expect(page.locator("nav.case-tabs a[aria-current=page]")).to_have_count(1)
    shots(page, "index")

    page.locator("#worker_name").fill(WORKER)
    page.locator(".qz-start button[value=here]").tap()
    expect(page).to_have_url(re.compile(r"/quizzes/\d+/hand-over$"))
    shots(page, "hand-over")
    page.locator("#pin").fill(PIN)
    page.locator("form.qz-hand-over button[type=submit]").tap()
    expect(page).to_have_url(re.compile(r"/quizzes/\d+/q/1$"))
    expect(page.locator("nav")).to_have_count(0)  # worker mode: the quiz and nothing else
    attempt_id, paper = _attempt(browser_app, WORKER)
    total, seen = len(paper), set()
    for number, (_qid, kind, answer) in enumerate(paper, 1):
        expect(page.locator("h1.qz-count")).to_have_text(f"第 {number} 题，共 {total} 题")
        page.wait_for_load_state()  # the stylesheet is in: the sizes are the real ones
        heights = page.locator(".qz-option").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().height)"
        )
        assert heights and min(heights) >= OPTION_MIN, heights
        _tap_answer(page, kind, answer, right=number <= RIGHT)
        step = "first" if number == 1 else "last" if number == total else kind
        if step not in seen:  # the first question, one of each kind, the last one
            shots(page, f"question-{step}")
        seen.update({step, kind})
        button = "finish" if number == total else "next"
        page.locator(f".qz-nav button[value={button}]").tap()

    expect(page).to_have_url(f"{base}/{attempt_id}/take-back")
    expect(page.locator(".qz-done-score")).to_contain_text("40")
    shots(page, "take-back")
    page.locator("#secret").fill(PIN)
    page.locator("form.qz-take-back-form button[type=submit]").tap()

    expect(page).to_have_url(f"{base}/{attempt_id}")
    expect(page.locator(".qz-score-number")).to_contain_text("40")
    expect(page.locator(".qz-score .sc-result-fail")).to_be_visible()
    expect(page.locator(".qz-item-right")).to_have_count(RIGHT)
    shots(page, "review")

    card = page.locator(f"#attempt-{attempt_id}")  # the result page takes the recorded score
    card.locator("details.qz-recorded[open] input[name=recorded_score]").fill("100")
    card.locator(".qz-recorded-form button[type=submit]").tap()
    expect(page).to_have_url(f"{base}/{attempt_id}#attempt-{attempt_id}")
    expect(page.locator(f"#attempt-{attempt_id}.qz-flagged .qz-gap-flagged")).to_contain_text("60")
    shots(page, "gap-flagged")
    with browser_app.app_context():
        attempt = db.session.get(QuizAttempt, attempt_id)
        assert (attempt.score, attempt.passed, attempt.recorded_score) == (40, False, 100)


def test_countdown_runs_on_the_inspectors_phone(live_server_url, open_phone, quiz_case):
    page = open_phone(user="zhang.wei")
    page.goto(f"{live_server_url}/inspections/{quiz_case.id}/quizzes")
    page.locator("#person_id").select_option(index=1)
    page.locator(".qz-start button[value=here]").tap()
    page.locator("form.qz-hand-over button[type=submit]").tap()
    timer = page.locator(".qz-timer")
    expect(timer).to_have_attribute("role", "timer")
    expect(timer).to_have_text(re.compile(r"1[45]:\d\d"))


def test_worker_answers_on_their_own_phone(
    browser_app, live_server_url, open_phone, page_watch, quiz_case
):
    inspector = open_phone(user="zhang.wei")
    inspector.goto(f"{live_server_url}/inspections/{quiz_case.id}/quizzes")
    inspector.locator("#worker_name").fill(OWN_PHONE_WORKER)
    inspector.locator(".qz-start button[value=link]").tap()
    expect(inspector).to_have_url(re.compile(r"/quizzes/\d+/link$"))
    expect(inspector.locator("img.qz-qr")).to_be_visible()
    shots(inspector, "qr-code")
    link = inspector.locator(".qz-url").inner_text().strip()
    assert re.fullmatch(r"https://inspect\.test/q/[\w-]{32,}", link), link

    worker = open_phone()  # another phone, nobody signed in
    worker.goto(link.replace("https://inspect.test", live_server_url))
    expect(worker.locator(".facts dd").first).to_have_text(SUBJECT)
    assert worker.locator("script").count() == 0
    shots(worker, "worker-start")
    worker.locator("a.qz-begin").tap()
    expect(worker.locator("h1.qz-count")).to_have_text(re.compile(r"^第 1 题，共 \d+ 题$"))
    attempt_id, paper = _attempt(browser_app, OWN_PHONE_WORKER)
    _qid, kind, answer = paper[0]
    _tap_answer(worker, kind, answer, right=True)
    shots(worker, "worker-question")
    worker.locator(".qz-nav button[value=next]").tap()
    expect(worker.locator("h1.qz-count")).to_have_text(re.compile(r"^第 2 题，共 \d+ 题$"))
    with browser_app.app_context():
        attempt = db.session.get(QuizAttempt, attempt_id)
        assert attempt.answers == {str(paper[0][0]): answer}
        assert not attempt.is_finished

    for _qid, kind, answer in paper[1:]:
        _tap_answer(worker, kind, answer, right=True)
        worker.locator(".qz-nav button.qz-next").tap()
    expect(worker.locator(".qz-done-score")).to_contain_text("100")
    shots(worker, "worker-done")
    page_watch.allow_status(410)
    worker.goto(link.replace("https://inspect.test", live_server_url))
    expect(worker.locator(".error-code")).to_have_text("410")
    shots(worker, "worker-link-spent")
    with browser_app.app_context():
        assert db.session.get(QuizAttempt, attempt_id).score == 100
