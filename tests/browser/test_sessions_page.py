"""Signed-in devices on a phone: the user's own list, ending another device; the admin's view."""

from playwright.sync_api import expect

from tests.browser.support import SHORT_TAP_TARGETS_JS, SIDEWAYS_JS, TAP_MIN, screenshot, sign_in

USER = "li.na"


def _fits(page) -> None:
    sideways = page.evaluate(SIDEWAYS_JS)
    assert sideways["scrollWidth"] <= sideways["innerWidth"], sideways["wide"]
    assert page.evaluate(SHORT_TAP_TARGETS_JS, TAP_MIN) == []


def test_a_user_ends_another_device_from_a_phone(open_phone, live_server_url):
    other = open_phone()
    sign_in(other, live_server_url, USER)
    phone = open_phone()
    sign_in(phone, live_server_url, USER)
    phone.get_by_role("link", name="已登录设备").click()
    expect(phone).to_have_url(live_server_url + "/settings/sessions")
    current = phone.locator(".session-item.is-current")
    expect(current).to_have_count(1)
    expect(current).to_contain_text("本设备")
    _fits(phone)
    screenshot(phone, "sessions-00-own-devices")
    phone.get_by_role("button", name="退出所有其他设备").click()
    expect(phone.locator(".session-item")).to_have_count(1)
    other.goto(live_server_url + "/")
    expect(other).to_have_url(live_server_url + "/login?next=%2F")


def test_an_admin_sees_a_users_devices_on_a_phone(open_phone, live_server_url):
    user = open_phone()
    sign_in(user, live_server_url, USER)
    admin = open_phone()
    sign_in(admin, live_server_url, "admin")
    admin.goto(live_server_url + "/admin/users")
    admin.get_by_role("link", name=USER).first.click()
    admin.locator("main a[href$='/sessions']").first.click()
    expect(admin.locator("h1")).to_contain_text("登录会话")
    expect(admin.locator(".session-item").first).to_be_visible()
    _fits(admin)
    screenshot(admin, "sessions-01-admin-view")
