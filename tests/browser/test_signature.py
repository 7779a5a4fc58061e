"""Signing on a phone: draw on the pad with a mouse and with a finger, save, see it on the list.

Elements are found by structure, not by text, so the test holds in either language.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.extensions import db
from inspect_app.inspections.services import open_inspection
from inspect_app.signatures.models import Signature
from inspect_app.subjects.models import Subject
from tests.browser.support import (
    SHORT_TAP_TARGETS_JS,
    SIDEWAYS_JS,
    TAP_MIN,
    phone_context_args,
    screenshot,
)

INSPECTOR = "zhang.wei"


@dataclass(frozen=True)
class Case:
    id: int
    own_key: str


def _open_case(browser_app) -> Case:
    with browser_app.app_context():
        subject = db.session.scalar(select(Subject).where(Subject.name == "如东洋口化工有限公司"))
        users = {u.username: u for u in db.session.scalars(select(User))}
        inspection = open_inspection(
            subject,
            users[INSPECTOR],
            [users[INSPECTOR], users["li.na"]],
            started_at=datetime(2026, 11, 20, 1, 30, tzinfo=UTC),
            place="洋口镇化工园区海滨路 8 号",
            representative_name="顾建国",
            representative_position="总经理",
        )
        db.session.commit()
        return Case(inspection.id, f"inspector:{users[INSPECTOR].id}")


@pytest.fixture(scope="module")
def case(browser_app) -> Case:
    return _open_case(browser_app)


def _signatures(browser_app, case: Case) -> dict[str, Signature]:
    with browser_app.app_context():
        query = select(Signature).where(Signature.inspection_id == case.id)
        return {s.signer_key: s for s in db.session.scalars(query)}


def _pad_box(page: Page) -> dict:
    canvas = page.locator("canvas.signature-canvas")
    expect(canvas).to_be_visible()
    return canvas.bounding_box()


def _strokes(box: dict) -> list[list[tuple[float, float]]]:
    """Three strokes across the box, in page coordinates."""
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    shape = [
        [(0.10, 0.70), (0.20, 0.30), (0.30, 0.65), (0.40, 0.25)],
        [(0.45, 0.55), (0.60, 0.35), (0.72, 0.60), (0.85, 0.40)],
        [(0.15, 0.80), (0.85, 0.78)],
    ]
    return [[(x + w * px, y + h * py) for px, py in stroke] for stroke in shape]


def _draw_with_mouse(page: Page) -> None:
    for stroke in _strokes(_pad_box(page)):
        page.mouse.move(*stroke[0])
        page.mouse.down()
        for point in stroke[1:]:
            page.mouse.move(*point, steps=8)
        page.mouse.up()


def _draw_with_finger(page: Page) -> None:
    """Touch events through the DevTools protocol: Playwright has no touch-move of its own."""
    session = page.context.new_cdp_session(page)

    def touch(kind: str, point=None) -> None:
        points = [{"x": point[0], "y": point[1]}] if point else []
        session.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    for stroke in _strokes(_pad_box(page)):
        touch("touchStart", stroke[0])
        for (x0, y0), (x1, y1) in pairwise(stroke):
            for step in range(1, 9):
                touch("touchMove", (x0 + (x1 - x0) * step / 8, y0 + (y1 - y0) * step / 8))
        touch("touchEnd")
    session.detach()


def _wait_for_image(page: Page, card_id: str) -> None:
    """The card's signature image has arrived and decoded (served by the scope-checked view)."""
    page.wait_for_function(
        "s => { const img = document.querySelector(s); return img && img.naturalWidth > 0; }",
        arg=f"#{card_id} img.signature-image",
    )


def test_inspector_signs_with_the_mouse_and_the_representative_with_a_finger(
    open_phone, live_server_url, browser_app, case
):
    page = open_phone(user=INSPECTOR)
    base = f"{live_server_url}/inspections/{case.id}/signatures"
    page.goto(base)
    screenshot(page, "signatures-list-empty-390")
    page.locator(f"#signer-{case.own_key.replace(':', '-')} .actions a").tap()
    expect(page.locator("[data-js-needed]")).to_be_hidden()

    page.locator("[data-pad-save]").tap()  # nothing drawn yet: a message, no request
    expect(page.locator("[data-pad-error]")).to_be_visible()
    _draw_with_mouse(page)
    expect(page.locator("[data-pad-error]")).to_be_hidden()
    screenshot(page, "signatures-sign-inspector-390")
    page.locator("[data-pad-save]").tap()
    expect(page).to_have_url(re.compile(r"/signatures#signer-inspector-\d+$"))
    _wait_for_image(page, f"signer-{case.own_key.replace(':', '-')}")

    page.locator("#signer-representative .actions a").tap()
    _draw_with_finger(page)
    screenshot(page, "signatures-sign-representative-390")
    page.locator("[data-pad-save]").tap()
    expect(page).to_have_url(re.compile(r"/signatures#signer-representative$"))
    _wait_for_image(page, "signer-representative")
    expect(page.locator("img.signature-image")).to_have_count(2)
    screenshot(page, "signatures-list-390")

    stored = _signatures(browser_app, case)
    assert set(stored) == {case.own_key, "representative"}
    assert all(s.is_signed and s.image_sha256 for s in stored.values())


def test_signing_page_fits_a_small_phone(open_phone, live_server_url, case):
    page = open_phone(width=360, user=INSPECTOR)
    page.goto(f"{live_server_url}/inspections/{case.id}/signatures/representative")
    page.locator("details.signature-refusal > summary").tap()
    expect(page.locator("details.signature-refusal textarea")).to_be_visible()
    screenshot(page, "signatures-sign-360")
    sideways = page.evaluate(SIDEWAYS_JS)
    assert sideways["scrollWidth"] <= sideways["innerWidth"], sideways["wide"]
    assert page.evaluate(SHORT_TAP_TARGETS_JS, TAP_MIN) == []
    box = _pad_box(page)
    assert box["width"] >= 300 and box["height"] >= 160


def test_without_javascript_the_refusal_still_works(
    chromium_browser, signed_in_state, browser_app, live_server_url
):
    fresh = _open_case(browser_app)
    context = chromium_browser.new_context(
        **phone_context_args(), java_script_enabled=False, storage_state=signed_in_state(INSPECTOR)
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server_url}/inspections/{fresh.id}/signatures/representative")
        expect(page.locator("[data-js-needed]")).to_be_visible()
        expect(page.locator("[data-signature-pad]")).to_be_hidden()
        page.locator("details.signature-refusal > summary").click()
        page.locator("details.signature-refusal textarea").fill("当场宣读后拒绝签字。")
        screenshot(page, "signatures-nojs-390")
        page.locator("details.signature-refusal button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/signatures#signer-representative$"))
        note = page.locator("#signer-representative .signature-refusal-note")
        expect(note).to_have_text("当场宣读后拒绝签字。")
    finally:
        context.close()
    assert _signatures(browser_app, fresh)["representative"].refused
