"""A full phone: taking a subject offline, or keeping a photo, is refused with a message and
nothing is half-stored. The quota is lowered through the DevTools protocol, which Chromium
enforces for a profile on disk (as a phone's browser has)."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.subjects.models import Subject
from tests.browser.support import (
    CHROMIUM,
    LAUNCH_ARGS,
    phone_context_args,
    screenshot,
    sync_browser_clock,
)
from tests.offline.platform_support import (
    INSPECTOR,
    SUBJECT,
    enqueue_photo,
    noisy_jpeg,
    photo_op,
    ready_phone,
)

BUNDLE_KEYS = "() => InspectOffline.db.all('bundles').then(rows => rows.map(r => r.key))"


@pytest.fixture
def disk_phone(tmp_path, chromium_browser, signed_in_state, page_watch) -> Iterator[Page]:
    """A signed-in phone whose profile is on disk."""
    context: BrowserContext = chromium_browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        headless=True,
        args=LAUNCH_ARGS,
        **phone_context_args(),
    )
    context.add_cookies(signed_in_state(INSPECTOR)["cookies"])
    sync_browser_clock(context)
    context.set_default_timeout(10_000)
    context.on("console", page_watch.on_console)
    context.on("request", page_watch.on_request)
    yield context.pages[0] if context.pages else context.new_page()
    context.close()


def _take(page: Page):
    section = page.locator("[data-offline-take]")
    section.get_by_role("button", name="离线准备该检查对象").tap()
    result = section.locator("[data-offline-result]")
    expect(result).not_to_have_class("offline-result offline-result-pending")
    return result


def test_full_storage_is_refused_and_nothing_half_stored(disk_phone, live_server_url, browser_app):
    with browser_app.app_context():
        subject_id = db.session.scalar(select(Subject.id).where(Subject.name == SUBJECT))
    # Chromium applies a quota override to an origin whose storage is not in use yet: lower it
    # before the first page of the app opens.
    page = disk_phone
    cdp = page.context.new_cdp_session(page)
    quota = {"origin": live_server_url, "quotaSize": 1_500_000}
    cdp.send("Storage.overrideQuotaForOrigin", quota)
    ready_phone(page, live_server_url, f"/subjects/{subject_id}")
    usage = page.evaluate("() => navigator.storage.estimate().then(e => e.usage)")

    # A photo that does not fit: the browser refuses the write, and neither the blob nor its
    # operation is kept.
    with pytest.raises(Exception, match="Quota"):
        jpeg = noisy_jpeg(2 * 1024 * 1024)
        enqueue_photo(page, live_server_url, jpeg, photo_op(1, "big", "储罐区"), "big")
    assert page.evaluate("() => InspectOffline.db.all('blobs')") == []
    assert page.evaluate("() => InspectOffline.db.all('outbox')") == []

    # Chromium enforces the lowered quota but its estimate() still reports the disk's: let the
    # page see the lowered one, as a phone whose disk is full does.
    page.evaluate(
        "(q) => { navigator.storage.estimate = () => Promise.resolve({usage: q, quota: q}); }",
        usage,
    )
    result = _take(page)
    expect(result).to_contain_text("本机空间不足")
    expect(result).to_contain_text("未保存任何内容")
    screenshot(page, "offline-take-full")
    assert page.evaluate(BUNDLE_KEYS) == []

    page.evaluate("() => { delete navigator.storage.estimate; }")
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": live_server_url})
    expect(_take(page)).to_contain_text("已可离线使用")
    assert page.evaluate(BUNDLE_KEYS) == [f"subject:{subject_id}"]
