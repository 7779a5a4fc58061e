"""Worker mode on a phone (390×844, touch): zhang.wei hands his phone to a worker for a quiz.
The worker sees only the quiz and reaches no other page of the inspector's session (not the
unit's people and their phone numbers, not sign-out); the inspector takes the phone back with
the case PIN and enters the unit's recorded score on the result page.
Screenshots: tests/output/screens/worker-mode-NN-<step>.png."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.quiz_cases import open_quiz_case
from tests.browser.support import (
    SHORT_TAP_TARGETS_JS,
    SIDEWAYS_JS,
    SMALL_TEXT_JS,
    TAP_MIN,
    TEXT_MIN,
    screenshot,
)

SUBJECT = "如东洋口化工有限公司"  # its people have phone numbers on the subject page
WORKER = "缪建华"
PIN = "2580"
STEPS = ("hand-over", "question", "bounced", "take-back", "wrong-pin", "result", "recorded")


@pytest.fixture(scope="module")
def case(browser_app) -> dict:
    """A fresh draft case of zhang.wei and li.na at the chemical works."""
    with browser_app.app_context():
        inspection = open_quiz_case(SUBJECT, "缪红梅")
        subject = inspection.subject
        phones = [p.phone for p in subject.people if p.phone]
        return {"id": inspection.id, "subject": subject.id, "phones": phones}


def shots(page: Page, step: str) -> None:
    """worker-mode-NN-<step>.png; each page checked for sideways scroll, taps and text size."""
    page.wait_for_load_state()
    sideways = page.evaluate(SIDEWAYS_JS)
    assert sideways["scrollWidth"] <= sideways["innerWidth"], (step, sideways["wide"])
    assert page.evaluate(SHORT_TAP_TARGETS_JS, TAP_MIN) == [], step
    assert page.evaluate(SMALL_TEXT_JS, TEXT_MIN) == [], step
    screenshot(page, f"worker-mode-{STEPS.index(step) + 1:02d}-{step}")


def only_the_quiz(page: Page, take_back: str) -> None:
    """Nothing of the inspector's app: no menu, no account, no sign-out, no link out."""
    expect(page.locator("nav")).to_have_count(0)
    expect(page.locator("footer")).to_have_count(0)
    expect(page.locator("form[action='/logout']")).to_have_count(0)
    expect(page.locator(".lang-switch")).to_have_count(0)
    hrefs = page.locator("a[href]").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert set(hrefs) <= {"#main", take_back}, hrefs


def test_worker_sees_only_the_quiz_and_the_pin_takes_the_phone_back(
    live_server_url, open_phone, page_watch, case
):
    page_watch.allow_status(422)  # the wrong PIN
    page = open_phone(user="zhang.wei")
    base = f"{live_server_url}/inspections/{case['id']}/quizzes"
    page.goto(base)
    page.locator("#worker_name").fill(WORKER)
    page.locator(".qz-start button[value=here]").tap()
    expect(page).to_have_url(re.compile(r"/quizzes/\d+/hand-over$"))
    expect(page.locator("nav.site-nav")).to_be_visible()  # still the inspector's own page
    shots(page, "hand-over")
    page.locator("#pin").fill(PIN)
    page.locator("form.qz-hand-over button[type=submit]").tap()
    expect(page).to_have_url(re.compile(r"/quizzes/\d+/q/1$"))
    attempt_url = page.url.rsplit("/q/", 1)[0]
    take_back = attempt_url.removeprefix(live_server_url) + "/take-back"
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^第 1 题，共 \d+ 题$"))
    only_the_quiz(page, take_back)
    shots(page, "question")

    # One tap used to take the worker anywhere: now every address leads back to the quiz.
    page.locator(".qz-option").first.tap()
    page.locator(".qz-nav button.qz-next").tap()
    expect(page).to_have_url(attempt_url + "/q/2")
    case_page = f"/inspections/{case['id']}"
    for path in ("/", f"/subjects/{case['subject']}", case_page, case_page + "/quizzes"):
        page.goto(live_server_url + path)
        expect(page).to_have_url(attempt_url + "/q/2")
        only_the_quiz(page, take_back)
    for phone in case["phones"]:
        expect(page.get_by_text(phone)).to_have_count(0)
    sign_out_anyway(page)
    expect(page).to_have_url(attempt_url + "/q/2")
    shots(page, "bounced")

    while True:
        page.locator(".qz-option").first.tap()
        button = page.locator(".qz-nav button.qz-next")
        last = button.get_attribute("value") == "finish"
        button.tap()
        if last:
            break
    expect(page).to_have_url(attempt_url + "/take-back")
    expect(page.locator(".qz-done-score")).to_be_visible()
    only_the_quiz(page, take_back)
    shots(page, "take-back")

    page.locator("#secret").fill("1234")
    page.locator("form.qz-take-back-form button[type=submit]").tap()
    expect(page.locator(".qz-take-back-form .error-summary")).to_contain_text("PIN 码或密码错误")
    only_the_quiz(page, take_back)
    shots(page, "wrong-pin")
    page.locator("#secret").fill(PIN)
    page.locator("form.qz-take-back-form button[type=submit]").tap()
    expect(page).to_have_url(attempt_url)
    expect(page.locator("nav.site-nav")).to_be_visible()
    shots(page, "result")

    recorded = page.locator("details.qz-recorded[open] input[name=recorded_score]")
    recorded.fill("100")
    page.locator(".qz-recorded-form button[type=submit]").tap()
    expect(page).to_have_url(re.compile(re.escape(attempt_url) + r"#attempt-\d+$"))
    expect(page.locator(".qz-flagged .qz-gap-flagged")).to_be_visible()
    shots(page, "recorded")
    page.goto(f"{live_server_url}/subjects/{case['subject']}")
    expect(page).to_have_url(f"{live_server_url}/subjects/{case['subject']}")


def sign_out_anyway(page: Page) -> None:
    """Post the sign-out form by hand, with a valid token taken from the quiz form."""
    page.evaluate(
        """() => {
          const form = document.createElement('form');
          form.method = 'post';
          form.action = '/logout';
          const token = document.querySelector('input[name=csrf_token]').cloneNode();
          form.appendChild(token);
          document.body.appendChild(form);
          form.submit();
        }"""
    )
    page.wait_for_load_state()
