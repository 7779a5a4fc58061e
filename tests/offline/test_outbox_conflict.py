"""Two phones change the same answers, one of them offline: each conflict is shown side by side
(mine, the server's) and resolved, once keeping mine and once taking the server's; the choice and
what was set aside stay recorded on the phone."""

from playwright.sync_api import Page, expect

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
)

OTHER = "li.na"


def _sync(page: Page) -> None:
    expect(status(page)).to_have_text(SYNCED)


def _local_op(code: str, result: str, note: str, version: int) -> dict:
    """An answer to a case this phone keeps locally (its id resolved from the local case)."""
    op = answer_op(0, code, result, note, version)
    op.update(case_local_id="L1", path=f"/cases/{{case}}/items/{code}", label=f"{code} {note}")
    return op


def test_conflict_from_two_phones_resolved_both_ways(
    open_phone, live_server_url, browser_app, page_watch
):
    page_watch.allow_status(409)
    case = fresh_case(browser_app)
    x, y = case.codes[:2]
    other = ready_phone(open_phone(user=OTHER), live_server_url)
    enqueue(other, answer_op(case.id, x, "compliant"))
    enqueue(other, answer_op(case.id, y, "compliant"))
    _sync(other)
    seen = server_answers(browser_app, case.id)

    mine = ready_phone(open_phone(user=INSPECTOR), live_server_url)
    local = {"local_id": "L1", "server_id": case.id, "items": {
        x: {"result": "compliant", "note": "", "version": seen[x][2]},
        y: {"result": "compliant", "note": "", "version": seen[y][2]},
    }}  # fmt: skip
    mine.evaluate("(c) => InspectOffline.db.put('cases', c)", local)
    mine.context.set_offline(True)
    enqueue(mine, _local_op(x, "non_compliant", "我的：阀门泄漏", seen[x][2]))
    enqueue(mine, _local_op(y, "non_compliant", "我的：缺少台账", seen[y][2]))

    enqueue(other, answer_op(case.id, x, "non_compliant", "另一台：法兰渗漏", seen[x][2]))
    enqueue(other, answer_op(case.id, y, "non_compliant", "另一台：台账不全", seen[y][2]))
    _sync(other)
    theirs = server_answers(browser_app, case.id)

    mine.context.set_offline(False)
    expect(status(mine)).to_have_text(FAILED)
    mine.goto(live_server_url + "/offline/outbox")
    conflict = mine.locator("#outbox-list li[data-status=conflict]")
    expect(conflict).to_have_count(1)  # the second waits behind the first: same case, in order
    expect(conflict.locator(".side-mine [data-field=note]")).to_have_text("我的：阀门泄漏")
    expect(conflict.locator(".side-server [data-field=note]")).to_have_text("另一台：法兰渗漏")
    expect(mine.locator("#outbox-list li[data-status=pending]")).to_have_count(1)
    screenshot(mine, "offline-outbox-conflict")

    conflict.get_by_role("button", name="保留我的").tap()
    expect(mine.locator("#outbox-list li[data-status=conflict] .side-mine [data-field=note]")
           ).to_have_text("我的：缺少台账")  # fmt: skip
    answers = server_answers(browser_app, case.id)
    assert answers[x][:2] == ("non_compliant", "我的：阀门泄漏")
    assert answers[x][2] > theirs[x][2]

    mine.locator("#outbox-list li[data-status=conflict]").get_by_role(
        "button", name="采用服务器的"
    ).tap()
    expect(mine.locator("#outbox-empty")).to_be_visible()
    expect(status(mine)).to_have_text(SYNCED)
    expect(mine.locator("#outbox-history li")).to_have_count(2)
    screenshot(mine, "offline-outbox-resolved")

    answers = server_answers(browser_app, case.id)
    assert answers[y] == theirs[y]  # the server's kept as it was
    kept = mine.evaluate("() => InspectOffline.db.get('cases', 'L1')")
    assert kept["items"][y]["note"] == "另一台：台账不全"  # the phone took the server's answer
    assert kept["items"][x]["version"] == answers[x][2]
    # Nothing dropped silently: each operation records the choice and what was set aside.
    rows = {op["version_of"]: op for op in ops(mine)}
    assert [r["choice"] for r in rows[f"item:{x}"]["resolutions"]] == ["mine"]
    assert rows[f"item:{x}"]["resolutions"][0]["server"]["note"] == "另一台：法兰渗漏"
    set_aside = rows[f"item:{y}"]["resolutions"][0]
    assert set_aside["choice"] == "server" and set_aside["mine"]["note"] == "我的：缺少台账"
