"""Taking a subject or the inspector's open cases offline, the ready-offline page, and a full
phone: refused with a message, nothing half-stored."""

from playwright.sync_api import Page, expect
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.extensions import db
from inspect_app.inspections.queries import my_open_cases
from inspect_app.subjects.models import Subject
from tests.browser.support import screenshot
from tests.offline.platform_support import (
    INSPECTOR,
    SUBJECT,
    ready_phone,
)

BUNDLE_KEYS = "() => InspectOffline.db.all('bundles').then(rows => rows.map(r => r.key).sort())"


def _subject_id(browser_app) -> int:
    with browser_app.app_context():
        return db.session.scalar(select(Subject.id).where(Subject.name == SUBJECT))


def _take(page: Page, button: str):
    section = page.locator("[data-offline-take]")
    section.get_by_role("button", name=button).tap()
    result = section.locator("[data-offline-result]")
    expect(result).not_to_have_class("offline-result offline-result-pending")
    return result


def test_take_a_subject_offline_and_see_it_without_network(
    open_phone, live_server_url, browser_app
):
    subject_id = _subject_id(browser_app)
    page = ready_phone(open_phone(user=INSPECTOR), live_server_url, f"/subjects/{subject_id}")
    result = _take(page, "离线准备该检查对象")
    expect(result).to_contain_text(f"已可离线使用：{SUBJECT}")
    screenshot(page, "offline-take-subject")
    bundle = page.evaluate("(k) => InspectOffline.db.get('bundles', k)", f"subject:{subject_id}")
    assert bundle["data"]["subject"]["name"] == SUBJECT
    assert bundle["bytes"] > 1000 and bundle["refreshed_at"]

    page.context.set_offline(True)
    page.goto(live_server_url + "/offline/")
    item = page.locator(f"li[data-key='subject:{subject_id}']")
    expect(item.get_by_role("heading")).to_have_text(SUBJECT)
    expect(item).to_contain_text("KB")
    expect(item.get_by_role("link", name="离线新建案件")).to_have_attribute(
        "href", f"/offline/case#subject={subject_id}"
    )
    screenshot(page, "offline-ready")


def test_take_my_open_cases_offline_then_remove_one(open_phone, live_server_url, browser_app):
    with browser_app.app_context():
        user = db.session.scalar(select(User).where(User.username == INSPECTOR))
        expected = sorted(f"case:{case.id}" for case in my_open_cases(user))
    page = ready_phone(open_phone(user=INSPECTOR), live_server_url)
    expect(_take(page, "离线准备我的未结案件")).to_contain_text("已可离线使用")
    assert page.evaluate(BUNDLE_KEYS) == expected

    page.goto(live_server_url + "/offline/")
    expect(page.locator("#ready-list > li")).to_have_count(len(expected))
    page.locator(f"li[data-key='{expected[0]}']").get_by_role("button", name="从本机移除").tap()
    expect(page.locator("#ready-message")).to_have_text("已从本机移除。")
    expect(page.locator("#ready-list > li")).to_have_count(len(expected) - 1)
    assert page.evaluate(BUNDLE_KEYS) == expected[1:]
