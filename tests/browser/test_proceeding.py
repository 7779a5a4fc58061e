"""A penalty proceeding on a phone: the inspector opens it from a finding, a supervisor approves
the filing, the notice goes out, and the unit states its case from its public page with
JavaScript off.

Screenshots: tests/output/screens/proceeding-NN-<step>.png.
"""

from playwright.sync_api import Page, expect
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.proceedings.models import Proceeding, Statement
from tests.browser.support import (
    SHORT_TAP_TARGETS_JS,
    SIDEWAYS_JS,
    SMALL_TEXT_JS,
    TAP_MIN,
    TEXT_MIN,
    phone_context_args,
    screenshot,
)
from tests.browser.test_public_answer import INSPECTOR, _issue_case

SUPERVISOR = "zhou.min"
STATEMENT = "我单位已于 12 月 3 日制定年度培训计划并组织培训，请求从轻处罚。"


def _fits_a_phone(page: Page) -> None:
    sideways = page.evaluate(SIDEWAYS_JS)
    assert sideways["scrollWidth"] <= sideways["innerWidth"], sideways["wide"]
    assert page.evaluate(SHORT_TAP_TARGETS_JS, TAP_MIN) == []
    assert page.evaluate(SMALL_TEXT_JS, TEXT_MIN) == []


def _proceeding(app) -> Proceeding:
    with app.app_context():
        found = db.session.scalar(select(Proceeding).order_by(Proceeding.id.desc()))
        db.session.expunge(found)
        return found


def test_proceeding_from_finding_to_the_units_statement(
    chromium_browser, browser_app, live_server_url, page_watch, open_phone
):
    case = _issue_case(browser_app)
    inspector = open_phone(user=INSPECTOR)
    inspector.goto(f"{live_server_url}/inspections/{case.id}")
    inspector.locator("#proceedings a.button").click()
    inspector.locator("input[name=findings]").first.check()
    inspector.locator("#basis_code").select_option("TR-29")
    inspector.locator("#fine_yuan").fill("20000")
    screenshot(inspector, "proceeding-01-open")
    _fits_a_phone(inspector)
    inspector.locator("form.proceeding-form button[type=submit]").click()
    expect(inspector.locator("#step-filing")).to_have_attribute("data-state", "next")
    screenshot(inspector, "proceeding-02-requested")
    _fits_a_phone(inspector)

    supervisor = open_phone(user=SUPERVISOR)
    supervisor.goto(inspector.url)
    supervisor.locator("#step-filing button.button-primary").click()
    expect(supervisor.locator("#step-filing")).to_have_attribute("data-state", "done")
    screenshot(supervisor, "proceeding-03-filed")

    inspector.reload()
    inspector.locator("#step-notice button[type=submit]").click()
    expect(inspector.locator("#step-notice")).to_have_attribute("data-state", "done")
    screenshot(inspector, "proceeding-04-notified")
    _fits_a_phone(inspector)
    proceeding = _proceeding(browser_app)

    context = chromium_browser.new_context(**phone_context_args(), java_script_enabled=False)
    try:
        public = context.new_page()
        public.goto(live_server_url + case.path + f"#proceeding-{proceeding.id}")
        box = public.locator(f"#proceeding-{proceeding.id}")
        expect(box.locator(".deadline-box")).to_be_visible()
        form = box.locator("form.public-statement-form")
        form.locator("#code").fill(case.code)
        form.locator("#text").fill(STATEMENT)
        screenshot(public, "proceeding-05-public-statement")
        _fits_a_phone(public)
        form.locator("button[type=submit]").click()
        public.wait_for_url(f"{live_server_url}{case.path}#proceeding-{proceeding.id}")
        screenshot(public, "proceeding-06-statement-sent")
    finally:
        context.close()
    with browser_app.app_context():
        texts = db.session.scalars(select(Statement.text))
        assert list(texts) == [STATEMENT]
