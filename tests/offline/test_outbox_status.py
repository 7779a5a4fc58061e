"""The sync status bar on every signed-in page, in each state, and the outbox page's list."""

from datetime import datetime, timedelta

from playwright.sync_api import expect

from inspect_app import clock
from tests.browser.support import screenshot
from tests.offline.platform_support import (
    FAILED,
    INSPECTOR,
    SYNCED,
    answer_op,
    enqueue,
    fresh_case,
    ops,
    ready_phone,
    server_answers,
    status,
    wait_sent,
)


def test_status_bar_reads_synced_pending_synced_then_failed(
    open_phone, live_server_url, browser_app, page_watch
):
    case = fresh_case(browser_app)
    first, second = case.codes[:2]
    page = ready_phone(open_phone(user=INSPECTOR), live_server_url)
    expect(status(page)).to_have_text(SYNCED)
    screenshot(page, "offline-status-synced")

    page.context.set_offline(True)
    enqueue(page, answer_op(case.id, first, "compliant"))
    enqueue(page, answer_op(case.id, second, "not_applicable"))
    expect(status(page)).to_have_text("2 项待同步")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "pending")
    screenshot(page, "offline-status-pending")
    # Another signed-in page shows the same count (it is read from IndexedDB).
    page.goto(live_server_url + "/subjects")
    expect(status(page)).to_have_text("2 项待同步")

    page.context.set_offline(False)  # the "online" event replays the queue
    expect(status(page)).to_have_text(SYNCED)
    answers = server_answers(browser_app, case.id)
    assert answers[first][0] == "compliant"
    assert answers[second][0] == "not_applicable"
    assert [op["status"] for op in ops(page)] == ["done", "done"]

    # A non-compliant answer without a note is refused by the server: 同步失败, with its reason.
    page_watch.allow_status(422)
    enqueue(page, answer_op(case.id, case.codes[2], "non_compliant"))
    expect(status(page)).to_have_text(FAILED)
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "failed")
    page.locator("#sync-status").tap()
    expect(page).to_have_url(live_server_url + "/offline/outbox")
    failed = page.locator("#outbox-list li[data-status=failed]")
    expect(failed).to_have_count(1)
    expect(failed.locator(".op-error")).not_to_be_empty()
    screenshot(page, "offline-outbox-failed")
    assert case.codes[2] not in server_answers(browser_app, case.id)


def test_a_phone_whose_date_is_weeks_off_still_syncs(
    open_phone, live_server_url, browser_app, page_watch
):
    """The token's 30 days are counted on the phone's own clock from when it arrived: a phone
    set 40 days ahead (the server's expiry date already past on it) keeps its token and syncs."""
    case = fresh_case(browser_app)
    page = open_phone(user=INSPECTOR)
    with browser_app.app_context():
        ahead = clock.utcnow() + timedelta(days=40)
    page.clock.set_system_time(ahead)
    page = ready_phone(page, live_server_url)
    token = page.evaluate("() => InspectOffline.db.meta('device_token')")
    phone_now = page.evaluate("() => Date.now()")
    assert 29.9 * 86400_000 < token["expires_local"] - phone_now <= 30 * 86400_000
    assert datetime.fromisoformat(token["expires_at"]) < ahead  # by the server's date: past

    wait_sent(page, enqueue(page, answer_op(case.id, case.codes[0], "compliant")))
    expect(status(page)).to_have_text(SYNCED)
    assert server_answers(browser_app, case.id)[case.codes[0]][0] == "compliant"
    # Another page load keeps the token: it has 30 days left by the phone's clock.
    page.reload()
    expect(status(page)).to_have_text(SYNCED)
    kept = page.evaluate("() => InspectOffline.db.meta('device_token')")
    assert kept["token_id"] == token["token_id"]
