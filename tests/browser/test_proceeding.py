"""A penalty proceeding on a phone, from 立案 to 结案: the inspector opens it from a finding, a
supervisor approves the filing, the notice goes out, the unit states its case from its public
page with JavaScript off, the inspector decides a lower fine, serves the decision and records
the payment, and the supervisor closes it; the case file is then there to download.

Screenshots: tests/output/screens/proceeding-NN-<step>.png.
"""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from inspect_app import clock
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


def test_proceeding_from_filing_to_closing_with_the_units_statement(
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
        texts = db.session.scalars(
            select(Statement.text).where(Statement.proceeding_id == proceeding.id)
        )
        assert list(texts) == [STATEMENT]

    _decide_serve_and_pay(inspector)
    _close(supervisor, inspector.url)
    with browser_app.app_context():
        closed = db.session.get(Proceeding, proceeding.id)
        assert closed.status == "closed" and closed.penalty.fine_yuan == 15000
        assert closed.paid_yuan == 15000 and closed.served_to == "顾建国"


def _decide_serve_and_pay(inspector: Page) -> None:
    """The statement was heard: the fine is lowered; the decision is served and paid."""
    today = clock.today().isoformat()
    inspector.reload()
    decision = inspector.locator("form[action$='/decision']")
    decision.locator("#decision-fine_yuan").fill("15000")
    decision.locator("#decision-decided_on").fill(today)
    decision.locator("#decision-review").fill("经法制审核，当事人陈述申辩理由部分成立，从轻处罚。")
    screenshot(inspector, "proceeding-07-decision")
    _fits_a_phone(inspector)
    decision.locator("button[type=submit]").click()
    expect(inspector.locator("#step-decision")).to_have_attribute("data-state", "done")
    serve = inspector.locator("#serve-form")
    serve.locator("#serve-served_on").fill(today)
    serve.locator("input[name=serve-method][value=direct]").check()
    serve.locator("#serve-recipient").fill("顾建国")
    serve.locator("button[type=submit]").click()
    expect(inspector.locator("#step-service")).to_have_class(re.compile("step-done"))
    pay = inspector.locator("#payment-form")
    pay.locator("#payment-paid_on").fill(today)
    pay.locator("#payment-amount").fill("15000")
    screenshot(inspector, "proceeding-08-served")
    pay.locator("button[type=submit]").click()
    expect(inspector.locator("#step-payment")).to_have_class(re.compile("step-done"))
    _fits_a_phone(inspector)


def _close(supervisor: Page, url: str) -> None:
    supervisor.goto(url)
    supervisor.reload()  # the same page as at filing: a new hash alone would not load it again
    close = supervisor.locator("#close-form")
    close.locator("input[name=close-ground][value=executed]").check()
    close.locator("button[type=submit]").click()
    expect(supervisor.locator("#step-closing")).to_have_class(re.compile("step-done"))
    screenshot(supervisor, "proceeding-09-closed")
    _fits_a_phone(supervisor)
    case_file = supervisor.locator("#step-closing a.button").first.get_attribute("href")
    response = supervisor.request.get(url.split("/inspections/")[0] + case_file)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
