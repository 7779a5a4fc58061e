"""The unit answers a rectification order on its public page, on a phone with JavaScript off
(WeChat's in-app browser), then the inspector re-inspects it and the case closes.

Screenshots: tests/output/screens/public-NN-<step>.png.
"""

from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.demo.media import signature
from inspect_app.extensions import db
from inspect_app.findings.models import OrderResponse
from inspect_app.findings.services import issue_order, record_finding
from inspect_app.inspections import services as cases
from inspect_app.inspections.models import Inspection
from inspect_app.issuing import services as issuing
from inspect_app.signatures.services import record_signature
from inspect_app.subjects.models import Subject
from tests.browser.support import (
    SHORT_TAP_TARGETS_JS,
    SIDEWAYS_JS,
    SMALL_TEXT_JS,
    TAP_MIN,
    TEXT_MIN,
    phone_context_args,
    screenshot,
)

SUBJECT = "洋口冷链物流有限公司"
INSPECTOR, SECOND = "zhang.wei", "li.na"
NOTE = "已制定年度培训计划，12 月 3 日组织全员重新培训并考试，签到表和照片附后。"


@dataclass(frozen=True)
class Case:
    id: int
    path: str  # /c/<token>
    code: str
    order_id: int


def _issue_case(app) -> Case:
    """An issued case with one order, built through the services the pages use."""
    with app.app_context():
        subject = db.session.scalar(select(Subject).where(Subject.name == SUBJECT))
        users = {u.username: u for u in db.session.scalars(select(User))}
        lead = users[INSPECTOR]
        started = utcnow() - timedelta(days=3)
        case = cases.open_inspection(
            subject,
            lead,
            [lead, users[SECOND]],
            started_at=started,
            place=subject.address,
            representative_name="徐国庆",
            representative_position="总经理",
        )
        db.session.flush()
        for item in cases.checklist_items(case):
            result = "non_compliant" if item.code == "PU-1" else "compliant"
            cases.answer_item(case, item.code, result, "未制定年度培训计划", lead)
        finding = record_finding(case, lead, "PU-1 未制定年度安全生产教育培训计划", "PU-1")
        deadline = (started + timedelta(days=20)).date()
        order = issue_order(case, lead, [finding.id], "制定年度培训计划并组织实施", deadline)
        for key, name in cases.required_signers(case):
            record_signature(case, lead, key, signature(name))
        issuing.issue_record(case, lead)
        db.session.commit()
        path = "/c/" + case.public_token
        return Case(case.id, path, case.verification_code, order.id)


@pytest.fixture(scope="module")
def case(browser_app) -> Case:
    return _issue_case(browser_app)


def _photo() -> bytes:
    image = Image.new("RGB", (1200, 900), (235, 238, 242))
    draw = ImageDraw.Draw(image)
    for row in range(12):
        draw.line((80, 90 + row * 60, 1120, 90 + row * 60), fill=(60, 60, 60), width=3)
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _fits_a_phone(page: Page) -> None:
    sideways = page.evaluate(SIDEWAYS_JS)
    assert sideways["scrollWidth"] <= sideways["innerWidth"], sideways["wide"]
    assert page.evaluate(SHORT_TAP_TARGETS_JS, TAP_MIN) == []
    assert page.evaluate(SMALL_TEXT_JS, TEXT_MIN) == []


def _no_script_phone(chromium_browser, page_watch):
    context = chromium_browser.new_context(**phone_context_args(), java_script_enabled=False)
    context.set_default_timeout(10_000)
    context.on("request", page_watch.on_request)
    context.on("console", page_watch.on_console)
    return context


def _responses(app, case: Case) -> list[OrderResponse]:
    with app.app_context():
        query = select(OrderResponse).where(OrderResponse.order_id == case.order_id)
        return [(r.note, len(r.photos)) for r in db.session.scalars(query)]


def test_unit_answers_without_javascript_and_the_inspector_closes_the_case(
    chromium_browser, browser_app, live_server_url, page_watch, open_phone, case
):
    context = _no_script_phone(chromium_browser, page_watch)
    try:
        page = context.new_page()
        response = page.goto(live_server_url + case.path)
        assert response.headers["referrer-policy"] == "no-referrer"
        order = page.locator(f"#order-{case.order_id}")
        expect(order.locator(".order-requirement")).to_have_text("制定年度培训计划并组织实施")
        expect(page.locator(".public-summary .status-rectifying")).to_be_visible()
        screenshot(page, "public-01-case")
        _fits_a_phone(page)

        order.locator("details.public-answer-box > summary").click()
        form = order.locator("form.public-answer-form")
        form.locator("input[name$='-code']").fill("WRONG999")
        form.locator("textarea[name$='-note']").fill(NOTE)
        photo = {"name": "rectified.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
        form.locator("input[type=file]").set_input_files([photo])
        page_watch.allow_status(422)
        form.locator("button[type=submit]").click()
        error = page.locator(f"#order-{case.order_id} .field-error .error")
        expect(error).to_be_visible()
        expect(page.locator(f"#order-{case.order_id} textarea[name$='-note']")).to_have_value(NOTE)
        # The photo chosen is kept: the unit need not choose it again (no script needed).
        expect(page.locator(f"#order-{case.order_id} .public-held")).to_contain_text(
            "rectified.jpg"
        )
        screenshot(page, "public-02-wrong-code")
        _fits_a_phone(page)
        assert _responses(browser_app, case) == []

        form = page.locator(f"#order-{case.order_id} form.public-answer-form")
        form.locator("input[name$='-code']").fill(case.code.lower())
        screenshot(page, "public-03-answer-filled")
        form.locator("button[type=submit]").click()
        page.wait_for_url(f"{live_server_url}{case.path}#order-{case.order_id}")
        answered = page.locator(f"#order-{case.order_id}")
        expect(answered.locator(".public-awaiting")).to_be_visible()
        expect(answered.locator(".public-answer-note")).to_have_text(NOTE)
        expect(answered.locator(".public-answer img")).to_have_count(1)
        screenshot(page, "public-04-answered")
        _fits_a_phone(page)
        assert _responses(browser_app, case) == [(NOTE, 1)]
        # The page links the public edition; the code opens the full one.
        expect(page.locator("#record a.public-full-link")).to_have_count(0)
        page.locator("#check input[name=code]").fill(case.code)
        page.locator("#check button[type=submit]").click()
        expect(page.locator(".public-check-result a.public-full-link")).to_be_visible()
        screenshot(page, "public-04b-full-edition-open")

        inspector = open_phone(user=INSPECTOR)
        inspector.goto(f"{live_server_url}/inspections/{case.id}/findings#order-{case.order_id}")
        inspector.locator(f"#order-{case.order_id} .order-answered a").click()
        expect(inspector.locator(".reinspect-answer .public-answer-note")).to_have_text(NOTE)
        inspector.locator("label.choice-rectified").click()
        inspector.locator("#note").fill("现场复查：年度培训计划已制定，培训记录齐全，整改到位。")
        screenshot(inspector, "public-05-reinspect")
        _fits_a_phone(inspector)
        inspector.locator("form.reinspect-form button[type=submit]").click()
        inspector.wait_for_url(f"{live_server_url}/inspections/{case.id}")
        expect(inspector.locator(".case-head .status-closed")).to_be_visible()
        screenshot(inspector, "public-06-case-closed")

        page.goto(live_server_url + case.path)
        expect(page.locator(".public-summary .status-closed")).to_be_visible()
        expect(page.locator("form.public-answer-form")).to_have_count(0)
        screenshot(page, "public-07-closed")
    finally:
        context.close()
    with browser_app.app_context():
        assert db.session.get(Inspection, case.id).status == "closed"
