"""An enterprise fills in its self-check on a phone with JavaScript off and no account: a draft,
then coming back, then submitting; the town's office sees it on its overview.

Screenshots: tests/output/screens/selfcheck-NN-<step>.png.
"""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.selfchecks.models import SelfCheck
from inspect_app.subjects.models import Subject
from tests.browser.support import (
    SHORT_TAP_TARGETS_JS,
    SIDEWAYS_JS,
    SMALL_TEXT_JS,
    TAP_MIN,
    TEXT_MIN,
    phone_context_args,
    screenshot,
)

UNIT = "栟茶镇烟花爆竹批发部"  # the demo unit whose link is sent and not yet answered
OVERDUE_UNIT = "如东县宏达纺织有限公司"
PROBLEM = "部分培训无签到表和培训照片"
FIX = "建立培训考勤制度，每次培训留存签到表和照片"


def _self_check(app, name: str) -> tuple[str, int]:
    with app.app_context():
        subject = db.session.scalar(select(Subject).where(Subject.name == name))
        found = db.session.scalar(select(SelfCheck).where(SelfCheck.subject_id == subject.id))
        return found.token, subject.id


def _stored(app, name: str) -> SelfCheck:
    with app.app_context():
        subject = db.session.scalar(select(Subject).where(Subject.name == name))
        found = db.session.scalar(select(SelfCheck).where(SelfCheck.subject_id == subject.id))
        db.session.refresh(found)
        return found.status, [i.has_problem for i in found.items], found.responsible_name


def _fits_a_phone(page: Page) -> None:
    sideways = page.evaluate(SIDEWAYS_JS)
    assert sideways["scrollWidth"] <= sideways["innerWidth"], sideways["wide"]
    assert page.evaluate(SHORT_TAP_TARGETS_JS, TAP_MIN) == []
    assert page.evaluate(SMALL_TEXT_JS, TEXT_MIN) == []


@pytest.fixture
def no_script_phone(chromium_browser, page_watch):
    """A fresh phone with JavaScript off (WeChat's in-app browser), signed out."""
    contexts = []

    def _open() -> Page:
        context = chromium_browser.new_context(**phone_context_args(), java_script_enabled=False)
        context.set_default_timeout(10_000)
        context.on("request", page_watch.on_request)
        context.on("console", page_watch.on_console)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def test_enterprise_saves_a_draft_comes_back_and_submits(
    browser_app, live_server_url, no_script_phone, page_watch
):
    token, _subject_id = _self_check(browser_app, UNIT)
    link = f"{live_server_url}/s/{token}"
    page = no_script_phone()
    response = page.goto(link)
    assert response.headers["referrer-policy"] == "no-referrer"
    expect(page.locator("h1")).to_have_text(UNIT)
    expect(page.locator("fieldset.sck-item")).to_have_count(6)
    screenshot(page, "selfcheck-01-form")
    _fits_a_phone(page)

    page.locator("#item_1-answer-0").check()
    page.locator("#item_4-answer-1").check()
    page.locator("#item_4-problem").fill(PROBLEM)
    page.locator("button[value=save]").click()
    page.wait_for_url(link)
    expect(page.locator(".flashes .notice-success")).to_be_visible()
    assert _stored(browser_app, UNIT) == ("draft", [False, None, None, True, None, None], "")

    page = no_script_phone()  # the next day, on another phone
    page.goto(link)
    expect(page.locator("#item_4-problem")).to_have_value(PROBLEM)
    expect(page.locator("#item_1-answer-0")).to_be_checked()
    for number in (2, 3, 5, 6):
        page.locator(f"#item_{number}-answer-0").check()
    page_watch.allow_status(422)
    page.locator("button[value=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    # rectification, its deadline, who is responsible, the name
    expect(summary.locator("a")).to_have_count(4)
    screenshot(page, "selfcheck-02-incomplete")
    assert _stored(browser_app, UNIT)[0] == "draft"

    page.locator("#item_4-rectification").fill(FIX)
    page.locator("#item_4-rectify_by").fill("2030-06-30")
    page.locator("#item_4-responsible").fill("钱宏")
    page.locator("#item_4-rectified").check()
    page.locator("#responsible_name").fill("钱宏")
    page.locator("button[value=submit]").click()
    page.wait_for_url(link)
    expect(page.locator(".sck-submitted")).to_be_visible()
    expect(page.locator("form.sck-form")).to_have_count(0)
    expect(page.locator(".sck-responsible")).to_have_text("钱宏")
    expect(page.locator("#answer-4 .sck-verdict-problem")).to_be_visible()
    screenshot(page, "selfcheck-03-read-only")
    _fits_a_phone(page)
    assert _stored(browser_app, UNIT) == (
        "submitted",
        [False, False, False, True, False, False],
        "钱宏",
    )


def test_town_office_sees_the_overview_and_a_units_link(browser_app, live_server_url, open_phone):
    page = open_phone(user="chen.jie")
    page.goto(f"{live_server_url}/selfchecks")
    expect(page.locator(".sck-unit")).to_have_count(12)  # 8 units and 4 institutions
    expect(page.locator(".sck-unit .sck-kind-training_institution")).to_have_count(2)
    expect(page.locator(".sck-unit .sck-closed")).to_have_count(1)
    screenshot(page, "selfcheck-04-overview-all-kinds")
    page.goto(f"{live_server_url}/selfchecks?kind=production_unit")
    expect(page.locator(".sck-unit")).to_have_count(8)
    expect(page.locator(".sck-unit .sck-status-late")).to_have_count(1)
    expect(page.locator(".sck-unit .sck-status-overdue")).to_have_count(1)
    expect(page.locator(".sck-unit .sck-status-not_sent")).to_have_count(1)
    expect(page.locator(".sck-unit .sck-entered")).to_have_count(1)
    screenshot(page, "selfcheck-04-overview")
    _fits_a_phone(page)

    token, subject_id = _self_check(browser_app, OVERDUE_UNIT)
    page.goto(f"{live_server_url}/selfchecks/units/{subject_id}")
    expect(page.locator(".sck-url")).to_have_text(f"https://inspect.test/s/{token}")
    expect(page.locator(".sck-link img")).to_be_visible()
    screenshot(page, "selfcheck-05-link-qr")
    _fits_a_phone(page)

    page.goto(f"{live_server_url}/selfchecks/regions/{_town_of(browser_app)}/links")
    expect(page.locator(".sck-card").first).to_be_visible()
    screenshot(page, "selfcheck-06-printable-links")


def _town_of(app) -> int:
    with app.app_context():
        subject = db.session.scalar(select(Subject).where(Subject.name == OVERDUE_UNIT))
        return subject.region_id
