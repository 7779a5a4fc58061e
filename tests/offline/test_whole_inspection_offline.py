"""A whole inspection with no signal, on a phone (390×844), from the first tap to the issued record.

zhang.wei takes 如东县宏达纺织有限公司 offline while he still has signal; then, with the network off
from the first tap, he opens a case with li.na, answers every item, takes two photos, checks a
certificate, quizzes a worker, asks an oral question, records a finding and an order, collects
three signatures and issues (queued, shown as a 待同步 draft). The page is reloaded, the browser
closed and opened again (the same profile), still offline. Back online, the outbox replays it all:
the record is issued with exactly what was entered, the phone's own times for answers, photos and
signatures, and (times and ids aside) the same casefile as the same inspection made online.
Screens: tests/output/screens/offline-case-NN-<step>.png.
"""

import re
from datetime import datetime, timedelta

import pytest
from flask_babel import force_locale
from playwright.sync_api import Page, expect
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.offline.strings_case import strings
from inspect_app.quizzes.models import QuizAttempt
from inspect_app.signatures.models import Signature
from inspect_app.subjects.models import Subject
from tests.browser.support import china_today, sign_in
from tests.offline.case_support import (
    Phone,
    Shots,
    go,
    local_case,
    outbox,
    photo_jpeg,
    sign_on,
)
from tests.offline.online_twin import twin_casefile
from tests.offline.platform_support import ready_phone
from tests.offline.signal import Signal

SUBJECT = "如东县宏达纺织有限公司"
INSPECTOR, SECOND = "zhang.wei", "li.na"
NON_COMPLIANT = "PU-4"
NOTE = "签到表有 13 人签名，培训照片中仅见 6 人。"
FINDING = "培训签到表与培训照片人数不符，培训记录不真实。"
ORDER = "重新组织全员安全培训，如实记录并补交签到表和照片。"
ORAL = "发生火灾时第一步应做什么？"
DRAFT = "待同步"


@pytest.fixture
def phone(chromium_browser, page_watch, tmp_path):
    phone = Phone(chromium_browser.browser_type, tmp_path / "profile", page_watch)
    yield phone
    phone.close()


@pytest.fixture(scope="module")
def unit(browser_app) -> dict:
    with browser_app.app_context():
        subject = db.session.scalar(select(Subject).where(Subject.name == SUBJECT))
        today = china_today()
        checked = next(
            p
            for p in subject.people
            if any(c.status_on(today) == "expired" for c in p.certificates)
        )
        worker = next(p for p in subject.people if p.id != checked.id)
        users = {u.username: u.id for u in db.session.scalars(select(User))}
        return {
            "id": subject.id,
            "checked": checked.id,
            "checked_name": checked.name,
            "worker": worker.id,
            "users": users,
        }


@pytest.fixture
def signal(live_server_url, page_watch):
    """The phone reaches the server through a link the test can cut."""
    signal = Signal(live_server_url)
    page_watch.origin = signal.url  # the app's origin, as the phone knows it
    yield signal
    signal.close()


def test_whole_inspection_offline(phone, unit, signal, browser_app, tmp_path):
    shots = Shots()
    base = signal.url
    page = prepare(phone, base, unit["id"])

    # From here on no network, from the first tap: the page is told it is offline, and every
    # connection fails, the service worker's too.
    phone.context.set_offline(True)
    signal.cut()
    local_id = open_case(page, base, unit, shots)
    codes = answer_everything(page, shots)
    add_photos(page, tmp_path, shots)
    check_certificate(page, unit, shots)
    run_quiz(page, unit, shots)
    ask_oral(page, unit, shots)
    record_finding_and_order(page, shots)
    collect_signatures(page, unit, shots)
    queue_issue(page, shots)

    page.reload()
    expect(page.locator(".offline-draft-mark")).to_have_text(DRAFT)
    phone.close()
    page = phone.open(offline=True)
    page.goto(f"{base}/offline/case#local={local_id}/photos")
    expect(page.locator(".offline-gallery .offline-thumb img")).to_have_count(2)
    shots(page, "reopened-photos")
    go(page, "checklist", "检查项目")
    expect(page.locator(".sticky-progress")).to_contain_text(f"已答 {len(codes)} / {len(codes)} 项")
    ops = outbox(page)
    assert {op["status"] for op in ops} == {"pending"}
    assert len(ops) == 1 + len(codes) + 2 + 1 + 1 + 1 + 1 + 1 + 3 + 1
    phone_state = local_case(page, local_id)

    signal.restore()
    phone.context.set_offline(False)
    page.evaluate("() => InspectOffline.outbox.kick(true)")
    page.wait_for_function(
        "() => InspectOffline.db.all('outbox').then(ops => ops.every(o => o.status !== 'pending'))",
        polling=500,
        timeout=90_000,
    )
    assert [op for op in outbox(page) if op["status"] != "done"] == []
    go(page, "issue", "出具")
    expect(page.get_by_role("link", name="检查记录（PDF）")).to_be_visible()
    shots(page, "synced-issue")

    case_id = check_record(browser_app, phone_state, codes)
    href = page.get_by_role("link", name="检查记录（PDF）").get_attribute("href")
    assert href == f"/inspections/{case_id}/record.pdf"
    with browser_app.app_context():
        number = db.session.get(Inspection, case_id).case_number
    expect(page.locator(".meta .status")).to_have_text(number)
    shots(page, "issued")
    offline_file, online_file = twin_casefile(browser_app, case_id, unit["users"][INSPECTOR])
    assert offline_file == online_file


def prepare(phone: Phone, base: str, subject_id: int) -> Page:
    """Signed in with signal: the subject taken offline (离线准备), the shell cached."""
    page = phone.open(offline=False)
    sign_in(page, base, INSPECTOR)
    ready_phone(page, base, f"/subjects/{subject_id}")
    take = page.locator("[data-offline-take]")
    take.get_by_role("button").tap()
    expect(take.locator("[data-offline-result]")).to_have_class(re.compile("offline-result-ok"))
    page.wait_for_function("() => caches.match('/offline/case').then(r => !!r)", polling=200)
    return page


def open_case(page: Page, base: str, unit: dict, shots: Shots) -> str:
    page.goto(f"{base}/offline/case#subject={unit['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("开始检查")
    expect(page.get_by_role("checkbox", name="张伟")).to_be_checked()
    page.get_by_role("button", name="开始检查").tap()
    expect(page.locator("#open-inspectors .error")).to_have_text("请选择至少两名执法人员。")
    page.get_by_role("checkbox", name="李娜").tap()
    shots(page, "open")
    page.get_by_role("button", name="开始检查").tap()
    expect(page).to_have_url(re.compile(r"#local=[0-9a-f-]{36}/checklist$"))
    return re.search(r"#local=([0-9a-f-]{36})/", page.url).group(1)


def answer_everything(page: Page, shots: Shots) -> list[str]:
    """Every item; the non-compliant one is refused without a note, as online."""
    # The items are drawn from the phone's store after the address changes: wait for them.
    expect(page.locator(f"section.check-item#{NON_COMPLIANT}")).to_be_visible()
    codes = page.locator("section.check-item").evaluate_all("els => els.map(e => e.id)")
    assert NON_COMPLIANT in codes
    shots(page, "checklist")
    for code in codes:
        card = page.locator(f"section.check-item#{code}")
        result = "non_compliant" if code == NON_COMPLIANT else "compliant"
        card.locator(f"label.choice-{result}").tap()
        card.get_by_role("button", name="保存").tap()
        if code == NON_COMPLIANT:
            expect(card.locator(".item-status")).to_have_text("请写明不符合的具体情况。")
            card.locator("textarea").fill(NOTE)
            card.get_by_role("button", name="保存").tap()
        expect(card.locator(".item-status")).to_have_text("已保存在本机，联网后同步。")
    expect(page.locator(".sticky-progress")).to_contain_text(f"已答 {len(codes)} / {len(codes)} 项")
    shots(page, "checklist-done")
    return codes


def add_photos(page: Page, tmp_path, shots: Shots) -> None:
    go(page, "photos", "照片证据")
    big = photo_jpeg(tmp_path / "sheet.jpg", (4000, 3000), (236, 232, 220))
    small = photo_jpeg(tmp_path / "room.jpg", (1200, 900), (90, 120, 160))
    for path, caption, item in ((big, "培训签到表", NON_COMPLIANT), (small, "培训教室", "")):
        page.locator("#photo-file").set_input_files(str(path))
        page.get_by_label("说明").fill(caption)
        page.get_by_label("检查项目").select_option(item)
        page.get_by_role("button", name="保存").tap()
        # Decoding and downscaling a 12-megapixel photo takes a while on a slow phone.
        expect(page.locator(".offline-photo", has_text=caption)).to_have_count(1, timeout=20_000)
    expect(page.locator(".offline-gallery .offline-thumb img")).to_have_count(2)
    sizes = page.evaluate(
        """() => InspectOffline.db.all('blobs').then(rows => Promise.all(rows
             .filter(r => r.id.startsWith('blob:') && r.type === 'image/jpeg')
             .map(r => createImageBitmap(r.blob).then(b => [b.width, b.height]))))"""
    )
    assert sorted(sizes) == [[1200, 900], [2560, 1920]]  # the online page's limit, 2560 px
    shots(page, "photos")


def check_certificate(page: Page, unit: dict, shots: Shots) -> None:
    go(page, "checks", "证书核查")
    card = page.locator(f"#check-{unit['checked']}")
    card.get_by_label("证书类别").select_option(index=1)
    card.locator("label[for$='-shown-yes']").tap()
    card.locator("label[for$='-number_matches-yes']").tap()
    card.get_by_label("已在全国平台核验").check()
    card.get_by_role("button", name="保存").tap()
    expect(card.locator(".item-status")).to_contain_text("核查于")
    shots(page, "checks")


def run_quiz(page: Page, unit: dict, shots: Shots) -> None:
    go(page, "quiz", "抽考")
    page.locator("#quiz-person").select_option(str(unit["worker"]))
    page.get_by_role("button", name="开始答题").tap()
    questions = page.locator("fieldset.quiz-question")
    expect(questions.first).to_be_visible()
    answers = page.evaluate(
        """() => InspectOffline.caseUi.data().quiz_templates
             .flatMap(t => t.papers).flatMap(p => p.questions)
             .reduce((all, q) => Object.assign(all, {[q.id]: q.answer}), {})"""
    )
    for n, qid in enumerate(questions.evaluate_all("els => els.map(e => e.dataset.qid)")):
        labels = answers[qid] if n else wrong(page, qid, answers[qid])
        for label in labels:
            page.locator(f"#q{qid}-{label}").check()
    shots(page, "quiz-paper")
    page.get_by_role("button", name="交卷评分").tap()
    expect(page.locator(".list-item", has_text="得分")).to_have_count(1)
    shots(page, "quiz-done")


def wrong(page: Page, qid: str, answer: str) -> str:
    """A label of the question that is not its answer (one label alone is wrong for multiple
    choice, whose answers have two or more)."""
    labels = page.locator(f"fieldset[data-qid='{qid}'] input").evaluate_all(
        "els => els.map(e => e.value)"
    )
    return next(label for label in labels if label != answer)


def ask_oral(page: Page, unit: dict, shots: Shots) -> None:
    go(page, "oral", "现场问答")
    page.locator("#oral-person").select_option(str(unit["worker"]))
    page.get_by_label("提问内容").fill(ORAL)
    page.locator("label[for='oral-correct']").tap()
    page.get_by_role("button", name="记录").tap()
    expect(page.locator(".list-item", has_text=ORAL)).to_have_count(1)
    shots(page, "oral")


def record_finding_and_order(page: Page, shots: Shots) -> None:
    go(page, "findings", "发现的问题")
    page.locator("#finding-text").fill(FINDING)
    page.locator("#finding-item").select_option(NON_COMPLIANT)
    for box in page.locator(".photo-choice input").all():
        box.check()
    shots(page, "finding-form")
    page.get_by_role("button", name="记录").tap()
    expect(page.locator(".finding", has_text=FINDING)).to_have_count(1)
    go(page, "orders", "整改指令")
    page.locator(".finding-choice input").first.check()
    page.locator("#order-text").fill(ORDER)
    deadline = china_today() + timedelta(days=15)
    page.locator("#order-deadline").fill(deadline.isoformat())
    page.get_by_role("button", name="记录").tap()
    expect(page.locator(".order", has_text=ORDER)).to_have_count(1)
    shots(page, "order")


def collect_signatures(page: Page, unit: dict, shots: Shots) -> None:
    go(page, "sign", "签名")
    users = unit["users"]
    for key in (f"inspector-{users[INSPECTOR]}", f"inspector-{users[SECOND]}", "representative"):
        slot = page.locator(f"#sign-{key}")
        slot.get_by_role("button", name="保存").tap()
        expect(page.locator("#case-message")).to_have_text("请先签名：签名框为空。")
        slot.locator("canvas").scroll_into_view_if_needed()
        sign_on(page, slot)
        slot.get_by_role("button", name="保存").tap()
        expect(page.locator(f"#sign-{key} .signature-when")).to_contain_text("签于")
    shots(page, "signatures")


def queue_issue(page: Page, shots: Shots) -> None:
    go(page, "issue", "出具")
    page.get_by_role("button", name="出具现场检查记录").tap()
    expect(page.locator(".offline-draft-mark")).to_have_text(DRAFT)
    expect(page.locator(".meta .status")).to_have_text(DRAFT)
    shots(page, "issue-queued")


def moment(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def check_record(browser_app, phone: dict, codes: list[str]) -> int:
    """The issued record holds what was entered offline, with the phone's own times."""
    with browser_app.app_context():
        inspection = db.session.scalar(
            select(Inspection).where(Inspection.client_id == phone["local_id"])
        )
        assert inspection.issued_at is not None and inspection.case_number
        assert inspection.status == "rectifying"  # issued, with an order open
        assert inspection.started_at == moment(phone["opened_at"])
        answers = {a.item_code: a for a in inspection.answers}
        assert sorted(answers) == sorted(codes)
        for code, entered in phone["items"].items():
            assert (answers[code].result, answers[code].note) == (
                entered["result"],
                entered["note"],
            )
            assert answers[code].answered_at == moment(entered["answered_at"]), code
        photos = list(db.session.scalars(select(Photo).where(Photo.evidence_of(inspection.id))))
        assert sorted(p.captured_at for p in photos) == sorted(
            moment(p["taken_at"]) for p in phone["photos"]
        )
        signed = {
            s.signer_key: s
            for s in db.session.scalars(
                select(Signature).where(Signature.inspection_id == inspection.id)
            )
        }
        assert set(signed) == set(phone["signatures"])
        for key, given in phone["signatures"].items():
            assert signed[key].signed_at == moment(given["signed_at"]) and not signed[key].refused
        attempt = db.session.scalar(
            select(QuizAttempt).where(QuizAttempt.inspection_id == inspection.id)
        )
        assert attempt.score == phone["quizzes"][0]["score"]  # the server's own scoring agrees
        return inspection.id


def test_case_screens_words_are_translated(browser_app):
    """Every word the offline case screens show has its Chinese: none falls back to English."""
    with browser_app.test_request_context():
        with force_locale("en"):
            english = strings()
        with force_locale("zh_Hans"):
            chinese = strings()
    assert english.keys() == chinese.keys()
    same = [key for key in english if english[key] == chinese[key]]
    assert same == []
