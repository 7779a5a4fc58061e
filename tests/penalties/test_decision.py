"""The on-the-spot decision (当场处罚决定书): signed or refused, numbered, rendered once."""

import base64

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from sqlalchemy import func, select

from inspect_app import clock
from inspect_app.audit.models import AuditEntry
from inspect_app.documents.models import Document
from inspect_app.extensions import db
from inspect_app.penalties.models import Penalty
from inspect_app.storage import storage
from tests.pages import parse
from tests.penalties.conftest import PNG_URL
from tests.records.helpers import flat, pdf_text

FORM = {
    "party": "unit",
    "person_name": "",
    "violation": "特种作业人员未持证上岗",
    "basis_code": "SAFL-97-7",
    "fine_yuan": "2,500",
    "measures": ["warning", "order_correction"],
    "signature": PNG_URL,
    "client_key": "decision-key-0001",
}


@pytest.fixture
def inspector(english, world, login):
    login(world.inspector_a)
    return english


def _url(case, tail: str = "") -> str:
    return f"/inspections/{case.id}/penalties{tail}"


def _decide(client, case, **changes):
    return client.post(_url(case, "/new"), data={**FORM, **changes})


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _only() -> tuple[Penalty, Document]:
    penalty = db.session.scalars(select(Penalty)).one()
    return penalty, db.session.get(Document, penalty.document_id)


def _images(pdf: bytes) -> int:
    pages = pdfium.PdfDocument(pdf)
    kinds = [pdfium_c.FPDF_PAGEOBJ_IMAGE]
    return sum(len(list(page.get_objects(filter=kinds))) for page in pages)


def _actions() -> list[str]:
    query = select(AuditEntry.action).where(AuditEntry.entity.in_(("Penalty", "Document")))
    return list(db.session.scalars(query.order_by(AuditEntry.id)))


def _nothing_saved() -> None:
    assert _count(Penalty) == _count(Document) == 0 and _actions() == []


def test_signed_decision_issues_its_numbered_form(inspector, case, world):
    response = _decide(inspector, case)
    assert response.status_code == 302
    penalty, document = _only()
    assert penalty.procedure == "simple" and penalty.fine_yuan == 2500
    assert penalty.measures == ["warning", "order_correction"]
    assert (
        penalty.decision_no == document.number
        and f"当罚〔{clock.today().year}〕1号" in document.number
    )
    assert document.kind == "simple_decision" and penalty.decision_date == document.dated
    signed = document.content["party_signature"]
    assert storage().exists(signed["storage_key"]) and len(signed["sha256"]) == 64
    assert "base64" not in str(document.content)
    full = storage().read(document.storage_key)
    text = flat(pdf_text(full))
    for expected in ("当场处罚决定书", document.number, "Unit in A", "特种作业人员未持证上岗"):
        assert flat(expected) in text
    for expected in ("罚款人民币2,500元", "第九十七条第（七）项", "15日内", "60日内", "6个月内"):
        assert expected in text
    assert world.inspector_a.display_name in text or "Insp_A" in text
    assert _images(full) == 1
    assert _actions() == ["issue_document", "impose_penalty"]
    item = parse(inspector.get(_url(case))).select_one(f"#penalty-{penalty.id}")
    assert document.number in item.get_text() and item.select_one("a[href$='.pdf']")


def test_public_edition_masks_the_person_and_shows_no_signature_image(inspector, case):
    person = {"party": "person", "person_name": "顾建国", "basis_code": "SAFL-97-4"}
    response = _decide(inspector, case, fine_yuan="0", measures=["warning"], **person)
    assert response.status_code == 302
    _penalty, document = _only()
    full = flat(pdf_text(storage().read(document.storage_key)))
    public = storage().read(document.public_storage_key)
    shown = flat(pdf_text(public))
    assert "顾建国" in full and "顾建国" not in shown and "顾*国" in shown
    assert "已签名" in shown and "公开版" in shown and "罚款缴纳" not in shown
    assert _images(public) == 0


def test_over_the_limit_fine_refused_with_the_law_s_message(inspector, case):
    response = _decide(inspector, case, fine_yuan="3001")
    assert response.status_code == 422
    error = parse(response).select_one("#fine_yuan-error").get_text()
    assert "3,000" in error and "Art. 51" in error
    _nothing_saved()
    assert _decide(inspector, case, fine_yuan="3000").status_code == 302


def test_double_tap_gives_one_decision(inspector, case):
    first, second = _decide(inspector, case), _decide(inspector, case)
    assert first.status_code == second.status_code == 302
    assert _count(Penalty) == _count(Document) == 1
    assert first.headers["Location"] == second.headers["Location"]


def test_refusal_to_sign_is_noted_on_the_decision(inspector, case):
    refusal = "顾建国听取宣读后拒绝签名，称<不认可> & 要求复议"
    response = _decide(inspector, case, signature="", refused="1", refusal=refusal)
    assert response.status_code == 302
    _penalty, document = _only()
    assert document.content["party_signature"] == {"refusal": refusal}
    full = storage().read(document.storage_key)
    assert flat(refusal) in flat(pdf_text(full)) and "拒绝签名" in pdf_text(full)
    assert _images(full) == 0
    public = flat(pdf_text(storage().read(document.public_storage_key)))
    assert "顾建国" not in public
    assert flat("顾*国听取宣读后拒绝签名，称<不认可> & 要求复议") in public


def test_neither_signature_nor_refusal_refused(inspector, case):
    response = _decide(inspector, case, signature="")
    assert response.status_code == 422
    assert "signs" in parse(response).select_one("#signature-error").get_text()
    empty_refusal = _decide(inspector, case, signature="", refused="1", refusal="  ")
    assert empty_refusal.status_code == 422
    _nothing_saved()


def test_a_blank_drawing_is_refused_and_nothing_saved(inspector, case):
    blank = "data:image/png;base64," + base64.b64encode(b"\x89PNG not really").decode()
    response = _decide(inspector, case, signature=blank)
    assert response.status_code == 422
    assert "PNG" in parse(response).select_one("#signature-error").get_text()
    _nothing_saved()


def test_general_procedure_no_longer_offered_by_the_form(inspector, case):
    soup = parse(inspector.get(_url(case, "/new")))
    for name in ("on_the_spot", "decision_no", "decision_date", "procedure"):
        assert soup.select_one(f"[name={name}]") is None
    offered = {box["value"] for box in soup.select("input[name=measures]")}
    assert offered == {"warning", "order_correction"}
    general = {"procedure": "general", "fine_yuan": "20000", "measures": ["suspension"]}
    response = _decide(inspector, case, **general)
    assert response.status_code == 422
    soup = parse(response)
    assert "3,000" in soup.select_one("#fine_yuan-error").get_text()
    assert "penalty proceeding" in soup.select_one("#measures-error").get_text()
    _nothing_saved()


def test_the_general_procedure_is_a_proceeding_of_its_own(inspector, case):
    link = parse(inspector.get(_url(case))).select_one("[data-general-procedure]")
    assert link["href"] == f"/inspections/{case.id}/proceedings/new"
    assert "general procedure" in link.get_text()


def test_decision_needs_a_warning_or_a_fine(inspector, case):
    response = _decide(inspector, case, fine_yuan="0", measures=["order_correction"])
    assert response.status_code == 422
    assert "warning" in parse(response).select_one("#fine_yuan-error").get_text()
    _nothing_saved()


def test_unprintable_text_refused_with_a_message_and_nothing_saved(inspector, case):
    response = _decide(inspector, case, violation="现场发现𓀀")
    assert response.status_code == 422
    assert "𓀀" in parse(response).select_one(".error-summary").get_text()
    _nothing_saved()
    assert _decide(inspector, case, client_key="decision-key-0002").status_code == 302
    assert _only()[1].number.endswith(
        f"〔{clock.today().year}〕1号"
    )  # the refused attempt used no number
