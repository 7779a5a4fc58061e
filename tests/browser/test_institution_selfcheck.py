"""A training institution fills in its self-check and its report on a phone, no account: its four
items, the period reviewed, the report with a PDF, then the first progress on its problem list.

Screenshots: tests/output/screens/institution-selfcheck-NN-<step>.png.
"""

import io

from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfWriter
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.selfchecks.models import SelfCheck
from inspect_app.subjects.models import Subject
from tests.browser.support import (
    SHORT_TAP_TARGETS_JS,
    SIDEWAYS_JS,
    SMALL_TEXT_JS,
    TAP_MIN,
    TEXT_MIN,
    screenshot,
)

SCHOOL = "如东县安达安全技术培训学校"  # the demo institution whose link is sent, not yet answered
PROBLEM = "2021年第2期特种作业培训班档案缺少考勤记录"
FIX = "补齐考勤记录，今后每期档案由教务科长审核签字"
REPORT = (
    "自2019年1月以来，本校对培训条件、教学、档案和招生收费逐项自查，发现问题1项，已制定整改措施。"
)


def _stored(app):
    with app.app_context():
        subject = db.session.scalar(select(Subject).where(Subject.name == SCHOOL))
        found = db.session.scalar(select(SelfCheck).where(SelfCheck.subject_id == subject.id))
        db.session.refresh(found)
        problems = [(i.number, i.responsible, i.progress, len(i.photos)) for i in found.problems]
        return found.token, found.status, found.report_pdf_bytes, problems


def _fits_a_phone(page: Page) -> None:
    sideways = page.evaluate(SIDEWAYS_JS)
    assert sideways["scrollWidth"] <= sideways["innerWidth"], sideways["wide"]
    assert page.evaluate(SHORT_TAP_TARGETS_JS, TAP_MIN) == []
    assert page.evaluate(SMALL_TEXT_JS, TEXT_MIN) == []


def _files(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    pdf = tmp_path / "自查报告.pdf"
    with pdf.open("wb") as out:
        writer.write(out)
    photo = tmp_path / "rectification.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (40, 120, 200)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    return pdf, photo


def test_training_institution_fills_in_its_self_check_and_report_on_a_phone(
    browser_app, live_server_url, page, page_watch, tmp_path
):
    token, status, _pdf, _problems = _stored(browser_app)
    assert status == "draft"
    pdf, photo = _files(tmp_path)
    link = f"{live_server_url}/s/{token}"
    page.goto(link)
    expect(page.locator("h1")).to_have_text(SCHOOL)
    expect(page.locator("fieldset.sck-item")).to_have_count(4)
    screenshot(page, "institution-selfcheck-01-form")
    _fits_a_phone(page)

    for number in (1, 2, 4):
        page.locator(f"#item_{number}-answer-0").check()
    page.locator("#item_3-answer-1").check()
    page.locator("#item_3-problem").fill(PROBLEM)
    page.locator("#item_3-rectification").fill(FIX)
    page.locator("#item_3-rectify_by").fill("2030-06-30")
    page_watch.allow_status(422)
    page.locator("button[value=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    # the responsible person, the period reviewed, the report, the head's name
    expect(summary.locator("a")).to_have_count(4)
    screenshot(page, "institution-selfcheck-02-incomplete")

    page.locator("#item_3-responsible").fill("刘培训")
    page.locator("#review_to").fill("2026-03-01")
    page.locator("#report_text").fill(REPORT)
    page.locator("#report_pdf").set_input_files(str(pdf))
    page.locator("#responsible_name").fill("袁珺")
    screenshot(page, "institution-selfcheck-03-report")
    page.locator("button[value=submit]").click()
    page.wait_for_url(link)
    expect(page.locator(".sck-submitted")).to_be_visible()
    expect(page.locator(".sck-report-text")).to_have_text(REPORT)
    expect(page.locator(".sck-report-pdf")).to_be_visible()
    expect(page.locator("#problem-3 .sck-progress-open")).to_be_visible()
    screenshot(page, "institution-selfcheck-04-submitted")
    _fits_a_phone(page)
    assert _stored(browser_app)[1:] == ("submitted", pdf.stat().st_size, [(3, "刘培训", "open", 0)])

    form = page.locator("form.sck-problem-form")
    form.locator("input[value=in_progress]").check()
    form.locator("textarea").fill("已补齐2021年第2期考勤记录")
    form.locator("input[type=file]").set_input_files(str(photo))
    form.locator("button[type=submit]").click()
    expect(page.locator("#problem-3 .sck-progress-in_progress")).to_be_visible()
    expect(page.locator(".sck-photos img")).to_have_count(1)
    screenshot(page, "institution-selfcheck-05-progress")
    _fits_a_phone(page)
    assert _stored(browser_app)[3] == [(3, "刘培训", "in_progress", 1)]
