"""Two phones edit one subject: the later save is refused and shows the saved values beside
what was typed, which stays in the form."""

from playwright.sync_api import expect
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.subjects.models import Subject
from tests.browser.support import SIDEWAYS_JS, screenshot

INSPECTOR = "zhang.wei"


def test_a_stale_subject_save_shows_both_versions(
    open_phone, page_watch, live_server_url, browser_app
):
    page_watch.allow_status(409)
    with browser_app.app_context():
        subject_id = db.session.scalar(select(Subject.id).where(Subject.name.like("%化工%")))
    url = f"{live_server_url}/subjects/{subject_id}/edit"
    first, second = open_phone(user=INSPECTOR), open_phone(user=INSPECTOR)
    first.goto(url)
    second.goto(url)

    first.locator("#address").fill("如东县洋口镇海滨路 10 号（甲修改）")
    first.locator("form.form button[type=submit]").tap()
    expect(first).to_have_url(f"{live_server_url}/subjects/{subject_id}")

    second.locator("#address").fill("如东县洋口镇海滨路 12 号（乙修改）")
    second.locator("form.form button[type=submit]").tap()
    comparison = second.locator(".stale-compare")
    expect(comparison).to_be_visible()
    row = comparison.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator(".stale-current")).to_have_text("如东县洋口镇海滨路 10 号（甲修改）")
    expect(row.locator(".stale-mine")).to_have_text("如东县洋口镇海滨路 12 号（乙修改）")
    expect(second.locator("#address")).to_have_value("如东县洋口镇海滨路 12 号（乙修改）")
    sideways = second.evaluate(SIDEWAYS_JS)
    assert sideways["scrollWidth"] <= sideways["innerWidth"] and not sideways["wide"], sideways
    screenshot(second, "stale-subject-save")

    second.locator("form.form button[type=submit]").tap()  # a deliberate second save wins
    expect(second).to_have_url(f"{live_server_url}/subjects/{subject_id}")
    with browser_app.app_context():
        assert db.session.get(Subject, subject_id).address.endswith("（乙修改）")
