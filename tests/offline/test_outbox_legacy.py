"""Answers the checklist page queued in localStorage before the IndexedDB outbox existed are moved
into it on the next signed-in page and sent: nothing is lost in the change."""

import json

from playwright.sync_api import expect

from tests.offline.platform_support import (
    INSPECTOR,
    SYNCED,
    fresh_case,
    ops,
    ready_phone,
    server_answers,
    status,
)


def test_old_checklist_outbox_moves_into_indexeddb_and_syncs(
    open_phone, live_server_url, browser_app
):
    case = fresh_case(browser_app)
    code = case.codes[0]
    page = ready_phone(open_phone(user=INSPECTOR), live_server_url)
    url = f"/inspections/{case.id}/answers/{code}"
    entry = {"result": "non_compliant", "note": "消防通道堵塞", "version": "", "reason": "",
             "url": url, "edited": 1_700_000_000_000}  # fmt: skip
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [f"inspect.checklist.outbox.{case.id}", json.dumps({code: entry})],
    )
    page.reload()
    # The status bar reads 全部已同步 before the move as after the replay: wait for the move and
    # the replay themselves (the old entry gone, the operation done).
    page.wait_for_function(
        "() => Object.keys(localStorage).length === 0"
        " && InspectOffline.db.all('outbox').then(list => list.length > 0"
        " && list.every(op => op.status === 'done'))",
        polling=200,
    )
    expect(status(page)).to_have_text(SYNCED)
    assert server_answers(browser_app, case.id)[code][:2] == ("non_compliant", "消防通道堵塞")
    moved = ops(page)
    assert [(op["kind"], op["status"], op["version_of"]) for op in moved] == [
        ("item", "done", f"item:{code}")
    ]
    assert page.evaluate("() => Object.keys(localStorage)") == []
