"""The penalty form on a phone (390×844, touch): the unit/person choices are tap targets of at
least 44 px each way, and a tap anywhere on one chooses it."""

from playwright.sync_api import expect
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.subjects.models import Subject
from tests.browser.support import TAP_MIN, screenshot

DRAFT_OF = "南通洋口港储运有限公司"  # the demo's draft case of zhang.wei


def test_penalty_party_choices_are_44_px_tap_targets(browser_app, live_server_url, open_phone):
    with browser_app.app_context():
        query = select(Inspection.id).join(Subject).where(Subject.name == DRAFT_OF)
        case_id = db.session.scalar(query.where(Inspection.status == "draft").limit(1))
    page = open_phone(user="zhang.wei")
    page.goto(f"{live_server_url}/inspections/{case_id}/penalties/new")
    choices = page.locator("label.penalty-party-choice")
    expect(choices).to_have_count(2)
    for index, party in enumerate(("unit", "person")):
        box = choices.nth(index).bounding_box()
        assert box["width"] >= TAP_MIN and box["height"] >= TAP_MIN, (party, box)
        # the far end of the choice, away from the radio itself, still chooses it
        page.touchscreen.tap(box["x"] + box["width"] - 6, box["y"] + box["height"] / 2)
        expect(choices.nth(index).locator(f"input[type=radio][value={party}]")).to_be_checked()
    expect(page.locator("[data-person-name]")).to_be_visible()  # a person: the name is asked
    screenshot(page, "penalty-party-choices")
