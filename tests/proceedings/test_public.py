"""The unit's side: the notice on its public page, statements with the verification code."""

from datetime import timedelta

import pypdfium2 as pdfium
import zxingcpp
from sqlalchemy import func, select

from inspect_app import ratelimit
from inspect_app.extensions import db
from inspect_app.proceedings.models import Proceeding, Statement
from inspect_app.storage import storage
from tests.pages import parse
from tests.proceedings.conftest import after_statement_period

ADDRESS = "198.51.100.9"


def _statement_url(case, p) -> str:
    return f"/c/{case.inspection.public_token}/proceedings/{p.id}/statement"


def _post(client, case, p, **fields):
    data = {"code": case.inspection.verification_code, "text": "已整改完毕", "client_key": "s1"}
    return client.post(
        _statement_url(case, p), data=data | fields, environ_base={"REMOTE_ADDR": ADDRESS}
    )


def _statements() -> int:
    return db.session.scalar(select(func.count()).select_from(Statement))


def test_notified_proceeding_shows_its_deadline_documents_and_form(english, case, steps):
    requested = steps.open(client_key="other")
    p = steps.notify()
    page = parse(english.get(f"/c/{case.inspection.public_token}"))
    shown = page.select(".public-proceeding")
    assert [a["id"] for a in shown] == [f"proceeding-{p.id}"]
    assert requested.id != p.id
    deadline = shown[0].select_one(".deadline-box").get_text()
    assert p.statement_due.isoformat() in deadline and "state your case" in deadline
    assert len(shown[0].select(".public-documents a")) == 1  # the notice: no hearing right
    assert shown[0].select_one(f"form[action='{_statement_url(case, p)}'] #code") is not None


def test_statement_within_the_period_is_taken_once(english, case, steps):
    p = steps.notify()
    assert _post(english, case, p).status_code == 302
    assert _post(english, case, p).status_code == 302  # a double tap
    statement = db.session.scalar(select(Statement))
    assert _statements() == 1 and statement.source == "public" and statement.text == "已整改完毕"


def test_wrong_code_is_refused_and_counted(english, case, steps):
    p = steps.notify()
    response = _post(english, case, p, code="WRONG123")
    assert response.status_code == 422
    assert "does not match" in parse(response).select_one("#code-error").get_text()
    key = f"case:{case.inspection.id}|{ADDRESS}"
    assert ratelimit.count_events("public_code_addr", key, timedelta(minutes=15)) == 1
    assert _statements() == 0


def test_statement_after_the_period_is_refused_and_the_page_says_so(english, case, steps, clock):
    p = steps.notify()
    clock.set_today(p.statement_due + timedelta(days=1))
    response = _post(english, case, p)
    assert response.status_code == 422
    assert "ended on" in parse(response).select_one(".error-summary").get_text()
    assert _statements() == 0
    page = parse(english.get(f"/c/{case.inspection.public_token}"))
    box = page.select_one(f"#proceeding-{p.id} .deadline-box").get_text()
    assert "ended on" in box and p.statement_due.isoformat() in box
    assert page.select_one(f"#proceeding-{p.id} form") is None


def test_hearing_can_still_be_asked_for_after_the_statement_period(english, case, steps, clock):
    p = steps.notify(fine_yuan=60000)
    clock.set_today(p.statement_due + timedelta(days=1))
    assert _post(english, case, p, text="", hearing="y").status_code == 302
    assert db.session.get(Proceeding, p.id).hearing_requested


def test_public_page_masks_a_person_party(english, case, steps):
    name = "王大明"
    steps.notify(party="person", person_name=name, basis_code="SAFL-94", fine_yuan=20000)
    page = parse(english.get(f"/c/{case.inspection.public_token}"))
    party = page.select_one(".public-proceeding .proceeding-summary dd").get_text()
    assert "王*明" in party and name not in page.get_text()


def test_qr_of_the_public_notice_opens_the_public_page(case, steps):
    p = steps.notify()
    notice = next(d for d in steps.documents(p) if d.kind == "penalty_notice")
    pdf = storage().read(notice.public_storage_key)
    image = pdfium.PdfDocument(pdf)[0].render(scale=200 / 72).to_pil()
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [case.inspection.public_url]


def _pdf_text(key: str) -> str:
    document = pdfium.PdfDocument(storage().read(key))
    return "".join(page.get_textpage().get_text_range() for page in document)


def test_documents_print_a_rare_name_and_the_public_edition_masks_it(case, steps, clock):
    name = "沈䶮明"
    p = steps.notify(party="person", person_name=name, basis_code="SAFL-94", fine_yuan=30000)
    steps.paper_statement(p, text="本人对事实无异议，请求从轻。")
    after_statement_period(clock, p)
    steps.decide(p, fine_yuan=25000)
    made = {d.kind: d for d in steps.documents(p)}
    assert set(made) == {
        "filing_approval", "penalty_notice", "hearing_notice", "statement_record", "decision"
    }  # fmt: skip
    decision = made["decision"]
    assert name in _pdf_text(decision.storage_key)
    public = _pdf_text(decision.public_storage_key)
    assert "沈*明" in public and name not in public and "25,000" in public
