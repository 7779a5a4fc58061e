"""A whole on-site inspection on a phone (390×844, touch), from signing in to the issued record.

zhang.wei opens a case at 如东县宏达纺织有限公司 with li.na, walks the checklist (part of it with
no signal), uploads a photo of a sign-in sheet, spot-checks an expired certificate, records the
suggested findings, a rectification order and a penalty, collects the signatures and issues the
record. Each step is checked on the page and in the database, and screenshotted to
tests/output/screens/inspection-NN-<step>.png. The conftest also fails the test on a console
error or a request to any host but the app.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.demo import DEMO_PASSWORD
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.findings.models import Finding, RectificationOrder
from inspect_app.inspections.models import Inspection
from inspect_app.penalties.models import Penalty
from inspect_app.redaction import mask_name
from inspect_app.signatures.models import Signature
from inspect_app.spotchecks.models import CertificateCheck
from inspect_app.subjects.models import Subject
from tests.browser.support import (
    SCREENS,
    SHORT_TAP_TARGETS_JS,
    SIDEWAYS_JS,
    SMALL_TEXT_JS,
    TAP_MIN,
    TEXT_MIN,
    PageWatch,
    china_today,
    screenshot,
)

SUBJECT = "如东县宏达纺织有限公司"
INSPECTOR, SECOND = "zhang.wei", "li.na"
NON_COMPLIANT = "PU-4"  # attendance records: photos, sign-in sheets
OFFLINE_ITEM = "PU-8"  # answered while the phone has no signal
GAP_NOTE = "签到表有 13 人签名，培训照片中仅见 6 人，现场无法说明差异。"
REFUSAL = "当场宣读检查记录后，缪红梅表示需请示公司董事长，拒绝签字。"
SAVED = "已保存"
NOT_SENT = "尚未发送：没有网络。已保存在本机，将自动重试。"
SHANGHAI = ZoneInfo("Asia/Shanghai")
TAKEN = datetime(2026, 5, 12, 9, 30, tzinfo=SHANGHAI)  # EXIF time of the sign-in sheet photo


@dataclass(frozen=True)
class Unit:
    id: int
    address: str
    principal: str
    expired_operator: str  # a special operator whose certificate has run out
    users: dict[str, int]  # username → id


@pytest.fixture(scope="module")
def unit(browser_app) -> Unit:
    with browser_app.app_context():
        subject = db.session.scalar(select(Subject).where(Subject.name == SUBJECT))
        today = china_today()
        expired = next(
            p.name
            for p in subject.people
            if any(c.status_on(today) == "expired" for c in p.certificates)
        )
        principal = next(p.name for p in subject.people if p.position == "principal")
        users = {u.username: u.id for u in db.session.scalars(select(User))}
        return Unit(subject.id, subject.address, principal, expired, users)


class Shots:
    """Numbered screenshots: inspection-01-login.png, inspection-02-home.png, …

    Whole pages by default; `screen=True` keeps what the phone's screen shows (long pages).
    Each page is also checked: no sideways scrolling, tap targets and text large enough."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, page: Page, step: str, screen: bool = False) -> None:
        self.count += 1
        name = f"inspection-{self.count:02d}-{step}"
        page.wait_for_load_state()  # the stylesheet is in: sizes below are the real ones
        sideways = page.evaluate(SIDEWAYS_JS)
        assert sideways["scrollWidth"] <= sideways["innerWidth"], (step, sideways["wide"])
        assert page.evaluate(SHORT_TAP_TARGETS_JS, TAP_MIN) == [], step
        assert page.evaluate(SMALL_TEXT_JS, TEXT_MIN) == [], step
        if screen:
            page.screenshot(path=str(SCREENS / f"{name}.png"))
        else:
            screenshot(page, name)


def sign_in_sheet_jpeg(path: Path) -> Path:
    """A 3000×2000 JPEG stored sideways with EXIF orientation 6, as phones save portrait shots."""
    image = Image.new("RGB", (3000, 2000), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle([(80, 80), (2920, 1920)], outline=(30, 30, 30), width=14)
    for x in range(300, 2900, 190):  # the sheet's rows, upright once turned
        draw.line([(x, 120), (x, 1880)], fill=(60, 60, 60), width=6)
    draw.rectangle([(120, 120), (260, 1880)], fill=(180, 30, 30))  # the title band, on top
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8769)[0x9003] = TAKEN.strftime("%Y:%m:%d %H:%M:%S")
    image.save(path, "JPEG", quality=85, exif=exif)
    return path


def read_case(browser_app, case_id: int, read):
    """Run `read(inspection)` on a fresh session of the live server's database."""
    with browser_app.app_context():
        return read(db.session.get(Inspection, case_id))


def tab(page: Page, name: str) -> None:
    page.locator("nav.case-tabs").get_by_role("link", name=re.compile("^" + name)).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def flash(page: Page, text: str) -> None:
    expect(page.locator(".flashes").get_by_role("status")).to_have_text(text)


# --- 1. Sign in and open the case ---------------------------------------------------------------


def sign_in(page: Page, base: str, shots: Shots) -> None:
    page.goto(base + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("登录")
    page.get_by_label("用户名").fill(INSPECTOR)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    shots(page, "login")
    page.get_by_role("button", name="登录").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("您好，张伟")
    shots(page, "home")


def open_unit(page: Page, shots: Shots) -> None:
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="检查对象").tap()
    page.get_by_role("searchbox").fill("宏达")
    page.get_by_role("button", name="搜索").tap()
    expect(page.locator(".list-item")).to_have_count(1)
    page.locator(".list-item").get_by_role("link", name=re.compile(SUBJECT)).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    shots(page, "unit")


def open_case(page: Page, unit: Unit, shots: Shots) -> int:
    page.get_by_role("link", name="开始检查").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("开始检查")
    started = datetime.fromisoformat(page.get_by_label("检查时间").input_value())
    assert abs(started.replace(tzinfo=SHANGHAI) - utcnow()) < timedelta(minutes=5)
    expect(page.get_by_label("检查地点")).to_have_value(unit.address)
    expect(page.get_by_role("checkbox", name=re.compile("^张伟"))).to_be_checked()
    second = page.get_by_role("checkbox", name=re.compile("^李娜"))
    expect(second).not_to_be_checked()
    expect(page.get_by_label("被检查单位在场人员")).to_have_value(unit.principal)
    second.tap()
    expect(second).to_be_checked()
    shots(page, "open-case")
    page.get_by_role("button", name="开始检查").tap()
    expect(page).to_have_url(re.compile(r"/inspections/\d+/checklist$"))
    return int(re.search(r"/inspections/(\d+)/", page.url).group(1))


# --- 2. The checklist: autosave, a non-compliant item, and a spell without signal ----------------


def item(page: Page, code: str):
    return page.locator(f"section.check-item#{code}")


def answer(page: Page, code: str, result: str = "compliant") -> None:
    item(page, code).locator(f"label.choice-{result}").tap()


def walk_checklist(page: Page, shots: Shots) -> list[str]:
    """Answer every item but OFFLINE_ITEM; the non-compliant one is saved once it has a note."""
    expect(page.locator("section.check-item").first).to_be_visible()  # the page is parsed
    codes = page.locator("section.check-item").evaluate_all("els => els.map(e => e.id)")
    total = len(codes)
    progress = page.locator("#progress-text")
    expect(progress).to_have_text(f"已答 0 / {total} 项")
    shots(page, "checklist")
    answer(page, NON_COMPLIANT, "non_compliant")
    status = item(page, NON_COMPLIANT).locator(".item-status")
    expect(status).to_have_text("请写明不符合的具体情况。")
    page.locator(f"#note-{NON_COMPLIANT}").tap()
    page.locator(f"#note-{NON_COMPLIANT}").press_sequentially(GAP_NOTE)
    expect(status).to_have_text(SAVED)
    expect(progress).to_have_text(f"已答 1 / {total} 项")
    shots(page, "checklist-non-compliant", screen=True)
    for code in codes:
        if code not in (NON_COMPLIANT, OFFLINE_ITEM):
            answer(page, code)
            expect(item(page, code).locator(".item-status")).to_have_text(SAVED)
    expect(progress).to_have_text(f"已答 {total - 1} / {total} 项")
    return codes


def outbox(page: Page, case_id: int) -> dict:
    return page.evaluate(
        "key => JSON.parse(localStorage.getItem(key) || '{}')",
        f"inspect.checklist.outbox.{case_id}",
    )


def allow_failed_sends(watch: PageWatch, case_id: int) -> None:
    """The browser logs each send that failed for want of signal: expected here, and only here."""
    lost = f"net::ERR_INTERNET_DISCONNECTED @ {watch.origin}/inspections/{case_id}/answers/"
    failed = [text for text in watch.console_errors if lost in text]
    assert failed, "no send failed while offline"
    watch.console_errors[:] = [text for text in watch.console_errors if text not in failed]


def answer_without_signal(page: Page, case_id: int, total: int, shots: Shots) -> None:
    """Offline, then a reload while the server stays unreachable, then back online."""
    status = item(page, OFFLINE_ITEM).locator(".item-status")
    page.context.set_offline(True)
    answer(page, OFFLINE_ITEM)
    expect(status).to_have_text(NOT_SENT)
    expect(page.locator("#outbox-status")).to_have_text(NOT_SENT)
    expect(page.locator("#progress-text")).to_have_text(f"已答 {total - 1} / {total} 项")
    assert outbox(page, case_id)[OFFLINE_ITEM]["result"] == "compliant"
    shots(page, "checklist-offline", screen=True)
    # A weak signal: pages load but the answers do not get through. Reload: the answer is kept.
    page.route("**/answers/*", lambda route: route.abort("internetdisconnected"))
    page.context.set_offline(False)
    page.reload()
    expect(item(page, OFFLINE_ITEM).get_by_role("radio", name="符合", exact=True)).to_be_checked()
    expect(status).to_have_text(NOT_SENT)
    page.unroute("**/answers/*")
    page.context.set_offline(True)  # the signal comes back: the "online" event sends it
    page.context.set_offline(False)
    expect(status).to_have_text(SAVED)
    expect(page.locator("#progress-text")).to_have_text(f"已答 {total} / {total} 项")
    expect(page.locator("#outbox-status")).to_be_hidden()
    assert outbox(page, case_id) == {}
    shots(page, "checklist-done", screen=True)


# --- 3. A photo of the sign-in sheet --------------------------------------------------------------


def upload_sign_in_sheet(page: Page, jpeg: Path, shots: Shots) -> None:
    tab(page, "照片证据")
    form = page.locator("form.upload-form")
    headcounts = form.locator("[data-sign-in-only]")
    expect(headcounts).to_be_hidden()
    form.get_by_label("照片内容").select_option(label="签到表")
    expect(headcounts).to_be_visible()
    form.get_by_label("检查项目").select_option(NON_COMPLIANT)
    form.get_by_label("说明").fill("5 月 12 日三级教育培训签到表 第 1 页")
    form.get_by_label("签到表签名人数").fill("13")
    form.get_by_label("培训照片中可见人数").fill("6")
    shots(page, "photo-form")
    form.locator("#file-gallery").set_input_files(jpeg)
    queued = page.locator(".upload-queue .queue-item")
    expect(queued.locator(".queue-status")).to_have_text("已添加。", timeout=15_000)
    shots(page, "photo-sent", screen=True)
    card = page.locator(f"[data-group='{NON_COMPLIANT}'] .photo-card")
    expect(card).to_have_count(1)
    expect(card.locator(".headcount-gap")).to_have_text("签到表人数比照片中人数多 7 人")
    expect(card.locator(".photo-caption")).to_have_text("5 月 12 日三级教育培训签到表 第 1 页")
    card.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=card.locator("img").element_handle()
    )
    expect(form.get_by_label("签到表签名人数")).to_have_value("")  # ready for the next page
    shots(page, "photo-gallery", screen=True)


# --- 4. A special operator's certificate ---------------------------------------------------------


def check_expired_certificate(page: Page, unit: Unit, shots: Shots) -> None:
    tab(page, "证书抽查")
    person = page.locator("section.sc-person").filter(
        has=page.get_by_role("heading", level=3, name=re.compile("^" + unit.expired_operator))
    )
    expect(person.locator(".cert .badge")).to_have_text("已过期")
    shots(page, "certificates", screen=True)
    person.get_by_role("link", name=re.compile("^抽查证件")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(unit.expired_operator)
    page.locator("fieldset#shown label.sc-option-yes").tap()
    page.locator("fieldset#number_matches label.sc-option-yes").tap()
    page.get_by_label("情况说明").fill("现场出示高处作业操作证原件，已超过有效期。")
    shots(page, "certificate-check")
    page.get_by_role("button", name="保存抽查结果").tap()
    flash(page, "抽查结果已保存：不合格。")
    recorded = page.locator("section.sc-recorded")
    expect(recorded.locator(".sc-result")).to_have_text("不合格")
    expect(recorded.locator(".sc-problems")).to_contain_text("证件已过期")
    shots(page, "certificate-failed", screen=True)


# --- 5. Findings and a rectification order ------------------------------------------------------


def add_suggested_findings(page: Page, unit: Unit, shots: Shots) -> None:
    """One tap each: the non-compliant item (with its photo) and the failed certificate check."""
    tab(page, "问题与整改")
    suggestions = page.locator("li.suggestion")
    expect(suggestions).to_have_count(2)
    expect(suggestions.first).to_contain_text(GAP_NOTE)
    expect(suggestions.first.locator(".meta")).to_contain_text("照片")
    masked = mask_name(unit.expired_operator)  # finding texts the app writes mask names
    expect(suggestions.last).to_contain_text(masked)
    shots(page, "findings-suggested")
    for remaining in (1, 0):
        suggestions.first.get_by_role("button", name="记录为问题").tap()
        flash(page, "问题已记录。")
        expect(suggestions).to_have_count(remaining)
    findings = page.locator("li.finding")
    expect(findings).to_have_count(2)
    expect(findings.first.locator(".finding-title .tag")).to_have_text(NON_COMPLIANT)
    expect(findings.first.locator(".finding-photos img")).to_have_count(1)
    expect(findings.last).to_contain_text(masked)


def issue_order(page: Page, shots: Shots):
    page.locator("#orders").get_by_role("link", name="下达整改指令").tap()
    boxes = page.locator("form.order-form input[name=finding_ids]")
    expect(boxes).to_have_count(2)
    for index in range(2):
        expect(boxes.nth(index)).to_be_checked()
    deadline = china_today() + timedelta(days=10)
    page.get_by_label("整改要求").fill(
        "立即停止签到表代签行为，补齐三级教育培训记录；证件过期人员换证前不得上岗作业。"
    )
    page.get_by_label("整改期限").fill(deadline.isoformat())
    shots(page, "order-form")
    page.get_by_role("button", name="下达整改指令").tap()
    flash(page, "已责令限期整改。")
    order = page.locator("li.order")
    expect(order).to_have_count(1)
    expect(order).to_be_in_viewport()  # the page opens at the new order
    expect(order.locator(".badge")).to_have_text("待整改")
    expect(order.locator(".order-facts dd").first).to_have_text(deadline.isoformat())
    expect(page.locator("li.finding .finding-orders").first).to_contain_text("整改指令 1")
    shots(page, "findings-and-order")
    return deadline


# --- 6. A penalty --------------------------------------------------------------------------------


def impose_penalty(page: Page, shots: Shots) -> None:
    """From the PU-4 finding, under Work Safety Law Art. 97(4), an on-the-spot fine within
    Art. 51's limit, signed by the representative on the phone."""
    tab(page, "行政处罚")
    page.get_by_role("link", name="当场处罚", exact=True).tap()
    page.get_by_role("radio", name="单位", exact=True).tap()
    page.locator("details.penalty-suggestions > summary").tap()
    page.get_by_role("link", name="采用此问题").first.tap()
    violation = page.get_by_label("违法行为")
    expect(violation).to_have_value(re.compile(re.escape(GAP_NOTE)))
    page.get_by_label("法律依据").select_option("SAFL-97-4")
    expect(page.locator("[data-basis-info='SAFL-97-4']")).to_be_visible()
    expect(page.locator("[data-basis-info='SAFL-97-4']")).to_contain_text("建议罚款幅度")
    page.get_by_label("罚款金额（元）").fill("2000")
    page.locator("canvas.signature-canvas").scroll_into_view_if_needed()
    draw_with_finger(page)
    shots(page, "penalty-form")
    page.get_by_role("button", name="签名并作出决定").tap()
    expect(page.locator(".flashes").get_by_role("status")).to_contain_text("已作出决定")
    penalty = page.locator("li.penalty")
    expect(penalty).to_have_count(1)
    expect(penalty.locator(".penalty-fine")).to_have_text("2,000 元")
    expect(penalty.locator(".penalty-violation")).to_contain_text(GAP_NOTE)
    expect(page.locator(".penalty-total")).to_have_text("罚款合计：2,000 元")
    shots(page, "penalties")


# --- 7. Signatures -------------------------------------------------------------------------------


def draw_with_finger(page: Page) -> None:
    """Two strokes across the pad, as touch events (Playwright has no touch-move of its own)."""
    canvas = page.locator("canvas.signature-canvas")
    expect(canvas).to_be_visible()  # the pad is shown once its script has run
    box = canvas.bounding_box()
    session = page.context.new_cdp_session(page)
    shape = [[(0.1, 0.6), (0.25, 0.3), (0.4, 0.7), (0.55, 0.3)], [(0.6, 0.5), (0.9, 0.45)]]
    for stroke in shape:
        points = [(box["x"] + box["width"] * x, box["y"] + box["height"] * y) for x, y in stroke]
        touch(session, "touchStart", points[0])
        for (x0, y0), (x1, y1) in pairwise(points):
            for step in range(1, 7):
                touch(session, "touchMove", (x0 + (x1 - x0) * step / 6, y0 + (y1 - y0) * step / 6))
        touch(session, "touchEnd")
    session.detach()


def touch(session, kind: str, point=None) -> None:
    points = [{"x": point[0], "y": point[1]}] if point else []
    session.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def sign(page: Page, slot: str, name: str, shots: Shots) -> None:
    page.locator(f"#{slot} .actions a").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{name}的签名")
    draw_with_finger(page)
    shots(page, f"sign-{slot}", screen=True)
    page.get_by_role("button", name="保存签名").tap()
    flash(page, f"{name}的签名已保存。")
    expect(page.locator(f"#{slot}")).to_be_in_viewport()
    page.wait_for_function(
        "s => { const img = document.querySelector(s); return img && img.naturalWidth > 0; }",
        arg=f"#{slot} img.signature-image",
    )


def collect_signatures(page: Page, unit: Unit, shots: Shots) -> None:
    """Both inspectors sign on this phone; the representative refuses, and that is recorded."""
    tab(page, "签名")
    progress = page.locator(".signature-progress")
    expect(progress).to_contain_text("已签名或记录拒签 0 / 3")
    shots(page, "signatures")
    sign(page, f"signer-inspector-{unit.users[INSPECTOR]}", "张伟", shots)
    page.locator(f"#signer-inspector-{unit.users[SECOND]} .actions a").tap()
    expect(page.get_by_text("当前登录用户为张伟，请将手机交给李娜签名。")).to_be_visible()
    page.go_back()
    sign(page, f"signer-inspector-{unit.users[SECOND]}", "李娜", shots)
    page.locator("#signer-representative .actions a").tap()
    page.locator("details.signature-refusal > summary").tap()
    page.get_by_label("拒签情况（当事人的言行）").fill(REFUSAL)
    shots(page, "representative-refuses", screen=True)
    page.get_by_role("button", name="记录拒签").tap()
    flash(page, "拒签情况已记录。")
    expect(page.locator("#signer-representative .signature-refusal-note")).to_have_text(REFUSAL)
    expect(progress).to_contain_text("已签名或记录拒签 3 / 3")
    expect(page.locator("img.signature-image")).to_have_count(2)
    shots(page, "signatures-done")


# --- 8. Issue the record -------------------------------------------------------------------------


def issue_record(page: Page, total: int, shots: Shots) -> str:
    page.get_by_role("link", name="前往案件页面出具检查记录").tap()
    box = page.locator("section.issue-box")
    expect(box.locator(".blockers")).to_have_count(0)
    expect(box).to_contain_text("内容已齐全。")
    expect(page.locator(".progress-line")).to_contain_text(f"已检查 {total} / {total} 项")
    shots(page, "case-ready")
    box.get_by_role("button", name="出具检查记录").tap()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^320623105-\d{4}-\d{4}$"))
    number = heading.inner_text()
    flash(page, f"检查记录 {number} 已出具。")
    expect(page.locator(".case-head .status")).to_have_text("整改中")
    shots(page, "record-issued")
    return number


# --- What the database holds afterwards ----------------------------------------------------------


def rows(model, inspection: Inspection) -> list:
    query = select(model).where(model.inspection_id == inspection.id).order_by(model.id)
    return list(db.session.scalars(query))


def case_facts(inspection: Inspection) -> dict:
    return {
        "status": inspection.status,
        "number": inspection.case_number,
        "revisions": [(r.number, r.sha256) for r in inspection.revisions],
        "record_sha256": inspection.record_sha256,
        "inspectors": [i.user.username for i in inspection.inspectors],
        "representative": inspection.representative_name,
        "answers": {a.item_code: (a.result, a.note) for a in inspection.answers},
    }


def evidence_facts(inspection: Inspection) -> dict:
    photo, *others = rows(Photo, inspection)
    check, *more_checks = rows(CertificateCheck, inspection)
    assert not others and not more_checks
    return {
        "photo": (photo.kind, photo.item_code, photo.headcount_on_sheet, photo.headcount_in_photos),
        "photo_size": (photo.width, photo.height),
        "taken": photo.captured_at,
        "check": (check.person.name, check.result, check.problems),
    }


def action_facts(inspection: Inspection) -> dict:
    findings = rows(Finding, inspection)
    (order,) = rows(RectificationOrder, inspection)
    (penalty,) = rows(Penalty, inspection)
    signatures = rows(Signature, inspection)
    return {
        "findings": [
            (f.item_code, f.certificate_check_id is not None, len(f.photos)) for f in findings
        ],
        "order": (order.deadline, len(order.findings), order.status),
        "penalty": (penalty.party, penalty.basis_code, penalty.fine_yuan),
        "signed": sorted(s.signer_key for s in signatures if s.is_signed),
        "refused": [(s.signer_key, s.refusal_reason) for s in signatures if s.refused],
    }


# --- The whole inspection ------------------------------------------------------------------------


def test_a_whole_inspection_on_a_phone(
    open_phone, page_watch, live_server_url, browser_app, unit, tmp_path
):
    page = open_phone()
    shots = Shots()
    sign_in(page, live_server_url, shots)
    open_unit(page, shots)
    case_id = open_case(page, unit, shots)
    codes = walk_checklist(page, shots)
    answer_without_signal(page, case_id, len(codes), shots)
    allow_failed_sends(page_watch, case_id)
    upload_sign_in_sheet(page, sign_in_sheet_jpeg(tmp_path / "sheet.jpg"), shots)
    check_expired_certificate(page, unit, shots)
    add_suggested_findings(page, unit, shots)
    deadline = issue_order(page, shots)
    impose_penalty(page, shots)
    collect_signatures(page, unit, shots)
    number = issue_record(page, len(codes), shots)

    case = read_case(browser_app, case_id, case_facts)
    assert (case["status"], case["number"]) == ("rectifying", number)
    assert case["inspectors"] == [INSPECTOR, SECOND]
    assert case["representative"] == unit.principal
    assert len(case["answers"]) == len(codes)
    assert case["answers"][NON_COMPLIANT] == ("non_compliant", GAP_NOTE)
    assert case["answers"][OFFLINE_ITEM] == ("compliant", "")
    ((revision, sha256),) = case["revisions"]
    assert revision == 1 and sha256 == case["record_sha256"]
    listed = page.locator("li.list-item").filter(has_text="第 1 版")
    expect(listed.locator(".mono")).to_have_text(sha256[:12])
    expect(page.locator("dd.hash")).to_have_text(sha256[:16] + "…")

    evidence = read_case(browser_app, case_id, evidence_facts)
    assert evidence["photo"] == ("sign_in_sheet", NON_COMPLIANT, 13, 6)
    assert evidence["photo_size"] == (1707, 2560)  # turned upright and scaled down on the phone
    assert evidence["taken"] == TAKEN
    assert evidence["check"] == (unit.expired_operator, "fail", ["expired"])

    actions = read_case(browser_app, case_id, action_facts)
    assert actions["findings"] == [(NON_COMPLIANT, False, 1), (None, True, 0)]
    assert actions["order"] == (deadline, 2, "open")
    assert actions["penalty"] == ("unit", "SAFL-97-4", 2_000)
    signers = sorted(f"inspector:{unit.users[name]}" for name in (INSPECTOR, SECOND))
    assert actions["signed"] == signers
    assert actions["refused"] == [("representative", REFUSAL)]
