"""At 390×844: someone sends a tip-off from the public form (no account, no script) and follows
it with the query code; an inspector sees it in the inbox and on the tip's page.

Screenshots: tests/output/screens/tips-NN-<step>.png.
"""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import (
    SHORT_TAP_TARGETS_JS,
    SIDEWAYS_JS,
    SMALL_TEXT_JS,
    TAP_MIN,
    TEXT_MIN,
    phone_context_args,
    screenshot,
)

CONTACT = "13655559999"
UNIT = "洋口镇某安全培训点（浏览器测试）"

pytestmark = pytest.mark.browser


def _fits_a_phone(page: Page) -> None:
    sideways = page.evaluate(SIDEWAYS_JS)
    assert sideways["scrollWidth"] <= sideways["innerWidth"], sideways["wide"]
    assert page.evaluate(SHORT_TAP_TARGETS_JS, TAP_MIN) == []
    assert page.evaluate(SMALL_TEXT_JS, TEXT_MIN) == []


def test_a_tip_off_from_a_phone_reaches_the_inbox(
    chromium_browser, live_server_url, open_phone, page_watch
):
    context = chromium_browser.new_context(**phone_context_args(), java_script_enabled=False)
    context.set_default_timeout(10_000)
    phone = context.new_page()
    phone.goto(f"{live_server_url}/tip-off/")
    _fits_a_phone(phone)
    phone.locator("#region_id").select_option(label="洋口镇")
    phone.locator("#subject_name").fill(UNIT)
    phone.locator("#allegation").fill("培训只签到不上课，结业考试由他人代考。")
    phone.locator("#contact").fill(CONTACT)
    screenshot(phone, "tips-01-public-form")
    phone.wait_for_timeout(5500)  # a person takes longer than the form's minimum fill time
    phone.get_by_role("button", name="提交举报").click()
    code = phone.locator("#query-code").inner_text().strip()
    assert len(code) == 14
    screenshot(phone, "tips-02-code")
    phone.goto(f"{live_server_url}/tip-off/status")
    phone.locator("#code").fill(code)
    phone.get_by_role("button", name="查询进度").click()
    expect(phone.locator(".tip-progress")).to_contain_text("已受理，待核查")
    assert CONTACT not in phone.content() and UNIT not in phone.content()
    _fits_a_phone(phone)
    screenshot(phone, "tips-03-progress")
    context.close()

    inspector = open_phone(user="zhang.wei")
    inspector.goto(f"{live_server_url}/inbox/")
    expect(inspector.locator(".nav-inbox .nav-count")).to_be_visible()
    _fits_a_phone(inspector)
    screenshot(inspector, "tips-04-inbox")
    inspector.goto(f"{live_server_url}/tips/")
    inspector.get_by_role("link", name=UNIT).first.click()
    expect(inspector.locator("main")).to_contain_text(CONTACT)  # staff see it
    _fits_a_phone(inspector)
    screenshot(inspector, "tips-05-tip")
    inspector.goto(f"{live_server_url}/tips/new")
    _fits_a_phone(inspector)
    screenshot(inspector, "tips-06-register")
    inspector.goto(f"{live_server_url}/inbox/settings")
    _fits_a_phone(inspector)
    screenshot(inspector, "tips-07-reminder-settings")
