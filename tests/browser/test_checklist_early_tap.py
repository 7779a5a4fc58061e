"""An answer given before the checklist's script has run is saved, not dropped.

On a slow link the page shows, and takes taps, before its deferred script has arrived. The
script must start from what the server rendered and send whatever was answered meanwhile;
starting from what the form holds would take the tap for a saved answer and never send it.
"""

from playwright.sync_api import Page, expect
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections.models import ItemAnswer
from inspect_app.inspections.services import open_inspection
from inspect_app.subjects.models import Subject
from tests.browser.support import screenshot

INSPECTOR = "zhang.wei"
NOTE = "现场查看 2026 年度培训计划，已由主要负责人签发。"


def _open_case(browser_app) -> int:
    with browser_app.app_context():
        subject = db.session.scalar(select(Subject).where(Subject.name == "如东洋口化工有限公司"))
        inspector = db.session.scalar(select(User).where(User.username == INSPECTOR))
        inspection = open_inspection(
            subject,
            inspector,
            [inspector],
            started_at=utcnow(),
            place="洋口镇化工园区海滨路 8 号",
            representative_name="顾建国",
            representative_position="总经理",
        )
        db.session.commit()
        return inspection.id


def _answers(browser_app, case_id: int) -> dict[str, tuple[str, str]]:
    with browser_app.app_context():
        query = select(ItemAnswer).where(ItemAnswer.inspection_id == case_id)
        return {a.item_code: (a.result, a.note) for a in db.session.scalars(query)}


def _hold_script(page: Page) -> list:
    """Requests for the checklist script, held until the test lets them through."""
    held: list = []
    page.route("**/js/checklist*.js*", lambda route: held.append(route))
    return held


def test_answers_given_before_the_script_runs_are_saved(open_phone, live_server_url, browser_app):
    case_id = _open_case(browser_app)
    page = open_phone(user=INSPECTOR)
    held = _hold_script(page)
    page.goto(f"{live_server_url}/inspections/{case_id}/checklist", wait_until="commit")
    items = page.locator("section.check-item")
    expect(items.first).to_be_visible()
    total = items.count()
    first, second = items.nth(0), items.nth(1)
    first.locator("label.choice-compliant").tap()
    second.locator("label.choice-not_applicable").tap()
    second.locator("textarea[name=note]").fill(NOTE)
    expect(first.locator('input[value="compliant"]')).to_be_checked()
    assert len(held) == 1, "the script is still on its way"

    held[0].continue_()
    for section in (first, second):
        expect(section.locator(".item-status")).to_have_text("已保存")
    expect(page.locator("#progress-text")).to_have_text(f"已答 2 / {total} 项")
    screenshot(page, "checklist-early-answers")
    codes = first.get_attribute("id"), second.get_attribute("id")
    assert _answers(browser_app, case_id) == {
        codes[0]: ("compliant", ""),
        codes[1]: ("not_applicable", NOTE),
    }


def test_a_page_left_as_rendered_sends_nothing(open_phone, live_server_url, browser_app):
    case_id = _open_case(browser_app)
    page = open_phone(user=INSPECTOR)
    sent: list[str] = []
    page.on(
        "request", lambda request: sent.append(request.url) if "/answers/" in request.url else None
    )
    page.goto(f"{live_server_url}/inspections/{case_id}/checklist")
    first = page.locator("section.check-item").first
    first.locator("label.choice-compliant").tap()
    expect(first.locator(".item-status")).to_have_text("已保存")
    assert len(sent) == 1

    page.reload()  # the answer now comes from the server: nothing is sent again
    expect(
        page.locator("section.check-item").first.locator('input[value="compliant"]')
    ).to_be_checked()
    page.wait_for_load_state("networkidle")
    assert len(sent) == 1, sent
    expect(page.locator("section.check-item").first.locator(".item-status")).to_have_text("")
