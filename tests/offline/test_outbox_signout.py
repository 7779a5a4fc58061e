"""Signing out with work not on the server is refused and lists it; with none, the form posts the
device token's id and the phone's offline data is wiped."""

from playwright.sync_api import expect

from tests.browser.support import screenshot, sign_in
from tests.offline.platform_support import (
    INSPECTOR,
    SYNCED,
    answer_op,
    enqueue,
    fresh_case,
    ready_phone,
    status,
)


def test_sign_out_refused_with_pending_work_then_allowed(
    open_phone, live_server_url, browser_app, page_watch
):
    case = fresh_case(browser_app)
    # A sign-in of its own: signing out ends the session, and the other tests' phones share one.
    page = open_phone()
    sign_in(page, live_server_url, INSPECTOR)
    page = ready_phone(page, live_server_url)
    token_id = page.evaluate("() => InspectOffline.db.meta('device_token').then(t => t.token_id)")
    page.context.set_offline(True)
    enqueue(page, answer_op(case.id, case.codes[0], "compliant") | {"label": "PU-1 符合"})
    enqueue(page, answer_op(case.id, case.codes[1], "compliant") | {"label": "PU-2 符合"})
    expect(status(page)).to_have_text("2 项待同步")

    page.get_by_role("button", name="退出登录").tap()
    refused = page.locator("#signout-refused")
    expect(refused).to_be_visible()
    expect(refused).to_contain_text("有 2 项改动尚未同步到服务器")
    expect(refused.locator("li")).to_have_text(["PU-1 符合", "PU-2 符合"])
    expect(page).to_have_url(live_server_url + "/")
    screenshot(page, "offline-signout-refused")

    page.context.set_offline(False)
    expect(status(page)).to_have_text(SYNCED)
    with page.expect_request(live_server_url + "/logout") as posted:
        page.get_by_role("button", name="退出登录").tap()
    assert f"device_token_id={token_id}" in (posted.value.post_data or "")
    expect(page).to_have_url(live_server_url + "/login")
    names = page.evaluate("() => indexedDB.databases().then(list => list.map(d => d.name))")
    assert "inspect-offline" not in names
    assert page.evaluate("() => caches.keys()") == []
