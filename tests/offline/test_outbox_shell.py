"""The service worker serves the shell pages with no network, and any other page falls back to
the offline home."""

from playwright.sync_api import expect

from tests.browser.support import screenshot
from tests.offline.platform_support import INSPECTOR, SYNCED, ready_phone, status

SHELL_CACHED = """() => Promise.all(['/offline/', '/offline/outbox', '/offline/case']
  .map(url => caches.match(url, {ignoreSearch: true}))).then(found => found.every(Boolean))"""


def test_shell_pages_offline(open_phone, live_server_url, page_watch):
    page = ready_phone(open_phone(user=INSPECTOR), live_server_url)
    page.wait_for_function(SHELL_CACHED, polling=250)
    page.context.set_offline(True)

    page.goto(live_server_url + "/offline/")
    expect(page.get_by_role("heading", level=1)).to_have_text("离线内容")
    expect(page.locator("#storage-used")).to_contain_text("已用")
    expect(status(page)).to_have_text(SYNCED)  # styles and scripts come from the cache too
    screenshot(page, "offline-ready-no-network")

    page.goto(live_server_url + "/offline/outbox")
    expect(page.get_by_role("heading", level=1)).to_have_text("待同步")
    expect(page.locator("#outbox-empty")).to_be_visible()

    page.goto(live_server_url + "/offline/case")
    expect(page.locator("#offline-case")).to_be_attached()

    page.goto(live_server_url + "/subjects/999999")  # never visited: the offline home
    expect(page.get_by_role("heading", level=1)).to_have_text("离线内容")
    page_watch.console_errors[:] = [
        e for e in page_watch.console_errors if "ERR_INTERNET_DISCONNECTED" not in e
    ]
