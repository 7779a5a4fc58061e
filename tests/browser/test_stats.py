"""Report pages on a phone: tables scroll inside their wrapper, filing works, screenshots."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.selfchecks.models import SelfCheck, SelfCheckItem
from inspect_app.subjects.models import Subject
from tests.browser.support import SIDEWAYS_JS, china_today, screenshot

TOWN = "320623105"
COUNTY = "320623"


@pytest.fixture(scope="module")
def self_checks(browser_app):
    """Submitted self-checks of three units this month (written directly, as in tests)."""
    with browser_app.app_context():
        sender = db.session.scalar(select(User).where(User.username == "zhou.min"))
        units = db.session.scalars(
            select(Subject).where(Subject.kind == "production_unit").order_by(Subject.id).limit(3)
        )
        for index, unit in enumerate(units):
            check = SelfCheck(
                subject_id=unit.id,
                region_id=unit.region_id,
                campaign="stats-browser",
                token=f"stats-browser-{unit.id}",
                deadline=china_today(),
                status="submitted",
                submitted_at=utcnow() - timedelta(minutes=5),
                sent_by_id=sender.id,
            )
            for number in range(1, 7):
                problem = number == index + 1
                check.items.append(
                    SelfCheckItem(number=number, has_problem=problem, rectified=index == 0)
                )
            db.session.add(check)
        db.session.commit()


def assert_no_sideways_scroll(page):
    sideways = page.evaluate(SIDEWAYS_JS)
    assert sideways["scrollWidth"] <= sideways["innerWidth"], sideways["wide"]


def test_town_supervisor_files_the_monthly_report(open_phone, live_server_url):
    page = open_phone(user="zhou.min")
    month = china_today().strftime("%Y-%m")
    page.goto(f"{live_server_url}/reports/form3?region={TOWN}&month={month}")
    expect(page.locator(".report-table")).to_be_visible()
    assert_no_sideways_scroll(page)
    page.locator("#filled_by_name").fill("周敏")
    page.locator("form.filing-form button[type=submit]").click()
    expect(page.locator(".report-filing .badge")).to_have_class("badge badge-filing-on_time")
    screenshot(page, "stats-form3-town")


def test_county_sees_every_towns_filing(open_phone, live_server_url):
    page = open_phone(user="chen.jie")
    page.goto(f"{live_server_url}/reports/form3?region={COUNTY}")
    expect(page.locator(".filing-list li")).to_have_count(2)
    assert_no_sideways_scroll(page)
    screenshot(page, "stats-form3-county")


def test_form2_county_blocks_scroll_inside_the_wrapper(open_phone, live_server_url, self_checks):
    page = open_phone(user="chen.jie")
    page.goto(f"{live_server_url}/reports/form2?region={COUNTY}")
    expect(page.locator(".report-table td[rowspan='7']")).to_have_count(3)
    assert_no_sideways_scroll(page)
    wrapper = page.locator(".report-scroll")
    widths = wrapper.evaluate("(el) => [el.scrollWidth, el.clientWidth]")
    assert widths[0] > widths[1]  # the table is wider than the phone: it scrolls in its box
    screenshot(page, "stats-form2-county")


def test_typical_cases(open_phone, live_server_url, browser_app):
    with browser_app.app_context():
        typical = select(Inspection).where(Inspection.typical, Inspection.issued_at.is_not(None))
        expected = len(db.session.scalars(typical).all())
    assert expected >= 1  # the demo history marks typical cases
    page = open_phone(user="chen.jie")
    page.goto(f"{live_server_url}/reports/typical-cases?region={COUNTY}")
    expect(page.locator(".report-table tbody tr")).to_have_count(expected)
    assert_no_sideways_scroll(page)
    screenshot(page, "stats-typical-cases")


def test_town_supervisor_amends_the_filed_form2(open_phone, live_server_url):
    page = open_phone(user="zhou.min")
    page.goto(f"{live_server_url}/reports/form2?region={TOWN}")
    expect(page.locator(".report-filing .badge")).to_have_class("badge badge-filing-late")
    assert_no_sideways_scroll(page)
    page.locator("#reason").fill("补报一家企业的整改情况")
    page.locator("form.filing-form button[type=submit]").click()
    expect(page.locator(".filing-amendments li")).to_contain_text("补报一家企业的整改情况")
    screenshot(page, "stats-form2-town-amended")


def test_county_drafts_its_summary_report(open_phone, live_server_url):
    page = open_phone(user="chen.jie")
    page.goto(f"{live_server_url}/reports/summary?region={COUNTY}")
    expect(page.locator(".summary-due li")).to_have_count(2)
    page.locator("form.summary-generate button[type=submit]").click()
    expect(page.locator(".summary-drafts li")).to_have_count(1)
    assert_no_sideways_scroll(page)
    screenshot(page, "summary-county")
    link = page.locator(".summary-drafts a").first.get_attribute("href")
    assert page.request.get(live_server_url + link).ok
