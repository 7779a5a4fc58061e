"""The public case page: what it shows, its headers, revoked and unknown links, revisions."""

import re
import string

from inspect_app.extensions import db
from inspect_app.findings.services import record_finding
from inspect_app.penalties.services import impose_penalty
from inspect_app.records.models import RecordFile
from tests import factories
from tests.pages import parse
from tests.public.helpers import count, issued_case
from tests.signatures.helpers import issue_correction


def test_page_shows_the_case_without_sign_in(client_request, case):
    penalty = impose_penalty(
        case.inspection,
        case.inspection.created_by,
        party="unit",
        person_name=None,
        violation="培训档案弄虚作假",
        basis_code="TR-29",
        fine_yuan=20000,
        decision_no="（如东）应急罚〔2026〕7号",
        decision_date=factories.inspection_day(),
        measures=[],
        client_key="p1",
        reason="补录处罚决定",
    )
    db.session.commit()
    page = client_request.get(case.url)
    summary = page.select_one(".public-summary").get_text(" ", strip=True)
    assert case.inspection.case_number in summary
    assert factories.inspection_day().isoformat() in summary
    assert page.h1.get_text(strip=True) == "Unit in A"
    assert page.select_one(".public-summary .status-rectifying")
    order = page.select_one(f"#order-{case.orders[0].id}")
    deadline = case.orders[0].deadline.isoformat()
    assert deadline in order.get_text() and order.select_one(".badge-open")
    assert "签到表与培训照片人数不符 1" in page.select_one("#findings").get_text()
    fines = page.select_one(f"#penalty-{penalty.id}").get_text(" ", strip=True)
    assert "20,000" in fines and "（如东）应急罚〔2026〕7号" in fines
    assert "第二十九条" in fines


def test_record_hash_history_and_pdf(client, client_request, case):
    latest = case.inspection.revisions[-1]
    page = client_request.get(case.url)
    record = page.select_one("#record")
    assert latest.sha256 in [el.get_text(strip=True) for el in record.select(".hash")]
    history = record.select(".public-revisions li")
    assert len(history) == len(case.inspection.revisions)
    stored = db.session.query(RecordFile).filter_by(revision=latest.number, edition="public")
    link = record.select_one("a.button-primary")["href"]
    response = client.get(link)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data[:5] == b"%PDF-" and len(response.data) == stored.one().size_bytes
    assert not record.select(".public-full-link")  # the full edition needs the code


def test_headers_keep_the_page_private_and_script_free(client, case):
    response = client.get(case.url)
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    page = parse(response)
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex,nofollow"
    assert page.find("script") is None
    assert not page.select(".site-nav") and not page.find(action="/logout")
    forms = page.select("form.public-answer-form")
    assert forms and all(f["method"] == "post" for f in forms)
    assert forms[0]["enctype"] == "multipart/form-data"


def test_signed_in_inspector_sees_no_account_on_the_public_page(client_request, case, world, login):
    login(world.inspector_a)
    page = client_request.get(case.url)
    assert world.inspector_a.username not in page.get_text()
    assert not page.find(action="/logout")


def test_unknown_and_malformed_tokens_answer_404(client, case):
    assert client.get("/c/" + "A" * 32).status_code == 404
    assert client.get("/c/short").status_code == 404
    response = client.get("/c/" + "A" * 32)
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"


def test_token_has_at_least_128_random_bits_and_is_not_the_code(case, world):
    token = case.inspection.public_token
    alphabet = set(string.ascii_letters + string.digits + "-_")
    assert set(token) <= alphabet and len(token) * 6 >= 128
    other = issued_case(world)
    assert other.inspection.public_token != token
    assert case.code not in token
    assert case.inspection.public_url == f"https://inspect.test/c/{token}"


def test_draft_cases_have_no_public_page(world):
    from tests.factories import make_inspection

    draft = make_inspection(world)
    assert draft.public_token is None and draft.public_url is None


def test_new_revision_keeps_the_same_link(client_request, case):
    url, token = case.inspection.public_url, case.inspection.public_token
    record_finding(
        case.inspection,
        case.inspection.created_by,
        "补充问题",
        client_key="late",
        reason="漏记<b>x</b>",
    )
    db.session.commit()
    assert case.inspection.revision == 1  # the correction waits for its signatures
    assert "补充问题" not in client_request.get(case.url).select_one("#findings").get_text()
    issue_correction(case.inspection, case.inspection.created_by)
    assert case.inspection.revision == 2
    assert (case.inspection.public_token, case.inspection.public_url) == (token, url)
    page = client_request.get(case.url)
    current = page.select_one("#revision-2")
    assert (
        current.select_one(".tag") and "漏记<b>x</b>" in current.get_text()
    )  # escaped, shown as text
    assert page.select_one("#revision-1")
    assert "补充问题" in page.select_one("#findings").get_text()


def test_page_content_matches_the_latest_frozen_revision(client_request, case):
    snapshot = case.inspection.revisions[-1].snapshot
    page = client_request.get(case.url)
    shown = [p.get_text(strip=True) for p in page.select("#findings .finding-text")]
    assert shown == [f["description"] for f in snapshot["findings"]]
    requirements = [p.get_text(strip=True) for p in page.select("#orders .order-requirement")]
    assert requirements == [o["requirement"] for o in snapshot["orders"]]


def test_revoked_link_answers_410_everywhere(client, case, world):
    case.inspection.public_revoked_at = case.inspection.issued_at
    case.inspection.public_revoked_reason = "secret internal reason"
    db.session.commit()
    response = client.get(case.url)
    assert response.status_code == 410
    text = parse(response).get_text(" ", strip=True)
    assert "Town A" in text and "secret internal reason" not in text
    assert case.inspection.case_number not in text
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert client.get(f"{case.url}/revisions/1.pdf").status_code == 410
    post = client.post(case.answer_url(case.orders[0]), data={})
    assert post.status_code == 410
    assert count(RecordFile) >= 1


def test_language_switch_returns_to_the_page(client, client_request, case):
    page = client_request.get(case.url)
    form = page.select_one("form.lang-switch")
    assert form.find("input", attrs={"name": "next"})["value"] == case.url
    response = client.post(form["action"], data={"lang": "en", "next": case.url})
    assert response.headers["Location"] == case.url
    assert re.search("Rectification orders", client.get(case.url).get_data(as_text=True))
