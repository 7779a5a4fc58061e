"""A 4 MB photo whose upload is cut off, twice (once before the server has it, once after): the
outbox sends it again with the same idempotency key, and the server holds exactly one photo."""

import hashlib
from io import BytesIO
from urllib.parse import urlsplit

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
    stored: list[int] = []  # what the server answered the copy that reached it (attempt 2)

    def cut_off(route):
        """Attempt 1 never reaches the server; attempt 2 does, but its answer is lost; attempt 3
        goes through. The page or its service worker may send any of them (Background Sync),
        and Chromium does not always hand a service worker's blob body to the test, so attempt 2
        reaches the server as the same upload sent from here, with the phone's token and key."""
        attempts.append(route.request.method)
        keys.append(route.request.headers["idempotency-key"])
        if len(attempts) == 2:
            stored.append(_send_as_the_phone(browser_app, route.request, jpeg))
        if len(attempts) <= 2:
            route.abort("connectionreset")
        else:
            route.continue_()

    page.context.route(f"**/api/v1/cases/{case.id}/photos", cut_off)
    enqueue_photo(page, live_server_url, jpeg, photo_op(case.id, "photo-1", "储罐区"), "photo-1")
    for _ in range(6):
        if len(attempts) >= 3 and ops(page)[0]["status"] == "done":
            break
        kick(page)
    final = ops(page)[0]
    assert final["status"] == "done", (attempts, stored, final["status"], final["error"])
    expect(status(page)).to_have_text(SYNCED)

    assert len(attempts) == 3 and len(set(keys)) == 1
    assert stored == [201]
    photos = server_photos(browser_app, case.id)
    assert len(photos) == 1
    assert final["response_id"] == photos[0].id  # attempt 3 was answered as attempt 2 was
    assert photos[0].sha256 == hashlib.sha256(jpeg).hexdigest()
    assert photos[0].caption == "储罐区"
    # Sent: the blob is gone from the phone, the operation is kept as done.
    assert page.evaluate("() => InspectOffline.db.all('blobs')") == []
    assert [op["status"] for op in ops(page)] == ["done"]
    page_watch.console_errors[:] = [
        e for e in page_watch.console_errors if "ERR_CONNECTION_RESET" not in e
    ]


def _send_as_the_phone(app, request, jpeg: bytes) -> int:
    """The phone's upload (fields and file as the outbox sends them) with its headers."""
    headers = {name: request.headers[name] for name in ("authorization", "idempotency-key")}
    form = {"file": (BytesIO(jpeg), "site.jpg", "image/jpeg"), "kind": "site", "caption": "储罐区"}
    path = urlsplit(request.url).path
    with app.test_client() as client:
        return client.post(path, headers=headers, data=form).status_code
