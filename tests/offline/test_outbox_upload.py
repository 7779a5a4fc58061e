"""A 4 MB photo whose upload is cut off, twice: the outbox sends it again with the same
idempotency key, and the server holds exactly one photo."""

import hashlib

from playwright.sync_api import expect

from tests.offline.platform_support import (
    INSPECTOR,
    SYNCED,
    enqueue_photo,
    fresh_case,
    kick,
    noisy_jpeg,
    ops,
    photo_op,
    ready_phone,
    server_photos,
    status,
)


def test_photo_cut_off_mid_upload_is_stored_once(
    open_phone, live_server_url, browser_app, page_watch
):
    case = fresh_case(browser_app)
    jpeg = noisy_jpeg(4 * 1024 * 1024)
    page = ready_phone(open_phone(user=INSPECTOR), live_server_url)
    attempts: list[str] = []
    keys: list[str] = []
    answers: list[tuple[int, str | None]] = []  # what the server said to attempts 2 and on

    def cut_off(route):
        attempts.append(route.request.method)
        keys.append(route.request.headers["idempotency-key"])
        if len(attempts) == 1:  # the connection drops before the server has it
            route.abort("connectionreset")
        elif len(attempts) == 2:  # the server stored it, the answer is lost on the way back
            answers.append((route.fetch(timeout=60_000).status, None))
            route.abort("connectionreset")
        else:
            answer = route.fetch(timeout=60_000)
            answers.append((answer.status, answer.headers.get("idempotent-replayed")))
            route.fulfill(response=answer)

    page.context.route(f"**/api/v1/cases/{case.id}/photos", cut_off)
    enqueue_photo(page, live_server_url, jpeg, photo_op(case.id, "photo-1", "储罐区"), "photo-1")
    for _ in range(6):
        if len(attempts) >= 3 and ops(page)[0]["status"] == "done":
            break
        kick(page)
    final = ops(page)[0]
    assert final["status"] == "done", (attempts, answers, final["status"], final["error"])
    expect(status(page)).to_have_text(SYNCED)

    assert len(attempts) == 3 and len(set(keys)) == 1
    assert answers == [(201, None), (201, "true")]  # stored once, then replayed
    photos = server_photos(browser_app, case.id)
    assert len(photos) == 1
    assert photos[0].sha256 == hashlib.sha256(jpeg).hexdigest()
    assert photos[0].caption == "储罐区"
    # Sent: the blob is gone from the phone, the operation is kept as done.
    assert page.evaluate("() => InspectOffline.db.all('blobs')") == []
    assert [op["status"] for op in ops(page)] == ["done"]
    page_watch.console_errors[:] = [
        e for e in page_watch.console_errors if "ERR_CONNECTION_RESET" not in e
    ]
