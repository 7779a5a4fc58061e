"""API tokens and the API page on a phone: readable, nothing sideways, taps big enough."""

import re

from playwright.sync_api import expect

from tests.browser.support import SHORT_TAP_TARGETS_JS, SIDEWAYS_JS, TAP_MIN, screenshot

INSPECTOR = "li.na"


def _fits(page) -> None:
    sideways = page.evaluate(SIDEWAYS_JS)
    assert sideways["scrollWidth"] <= sideways["innerWidth"], sideways["wide"]
    assert page.evaluate(SHORT_TAP_TARGETS_JS, TAP_MIN) == []


def test_create_then_revoke_a_token_on_a_phone(open_phone, live_server_url):
    page = open_phone(user=INSPECTOR)
    page.goto(live_server_url + "/")
    page.get_by_role("link", name="API 令牌").click()
    expect(page).to_have_url(live_server_url + "/settings/tokens")
    page.locator("#name").fill("我的手机")
    page.get_by_role("button", name="创建令牌").click()
    token = page.locator("#new-token")
    expect(token).to_have_value(re.compile(r"^ia1_\S{40,}$"))
    _fits(page)
    screenshot(page, "api-00-token-created")
    page.get_by_role("link", name="吊销…").first.click()
    expect(page.locator("h1")).to_contain_text("我的手机")
    _fits(page)
    screenshot(page, "api-01-revoke-confirm")
    page.get_by_role("button", name="吊销", exact=True).click()
    expect(page).to_have_url(live_server_url + "/settings/tokens")
    expect(page.locator(".token-item")).to_have_count(0)


def test_the_api_page_on_a_phone(open_phone, live_server_url):
    page = open_phone(user=INSPECTOR)
    page.goto(live_server_url + "/help/api")
    expect(page.locator("#post-api-v1-subjects")).to_contain_text("Idempotency-Key")
    _fits(page)
    screenshot(page, "api-02-help")


def test_an_admin_sees_a_user_s_tokens_on_a_phone(open_phone, live_server_url):
    page = open_phone(user="admin")
    page.goto(live_server_url + "/settings/tokens")
    page.locator("#name").fill("县级汇总")
    page.get_by_role("button", name="创建令牌").click()
    page.goto(live_server_url + "/admin/users")
    page.get_by_role("link", name="admin").first.click()
    tokens = page.locator(".user-tokens")
    expect(tokens).to_contain_text("县级汇总")
    _fits(page)
    screenshot(page, "api-03-admin-user-tokens")
