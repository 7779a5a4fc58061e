"""Admin pages of the question bank: who may use them, list and filters, edit, import, export."""

import io
import re

import pytest
from openpyxl import load_workbook

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.quizzes import bank, bank_list
from tests.pages import parse
from tests.quizzes.test_bank_support import (
    BAD_FILE_ERRORS,
    bad_file,
    csv_bytes,
    question_count,
    row,
    xlsx_bytes,
)

BASE = "/admin/questions"


@pytest.fixture
def starter(app):
    bank.load_starter_bank()
    db.session.commit()


def _upload(client, data: bytes, name: str):
    files = {"file": (io.BytesIO(data), name)}
    return client.post(BASE + "/import", data=files, content_type="multipart/form-data")


@pytest.mark.parametrize("user", ["inspector_a", "supervisor_a", "county_supervisor"])
def test_only_admins_reach_the_bank(client, world, login, starter, user):
    login(getattr(world, user))
    question = bank.find_question("Q-001")
    for url in ("", "/new", "/import", "/export.csv", "/export.xlsx", f"/{question.id}"):
        assert client.get(BASE + url).status_code == 403, url
    assert _upload(client, csv_bytes([row()]), "x.csv").status_code == 403
    response = client.post(f"{BASE}/{question.id}/active", data={"active": "0"})
    assert response.status_code == 403
    assert bank.find_question("Q-001").active


def test_admin_tabs_link_to_the_bank(client_request, world, login):
    login(world.admin)
    tabs = client_request.get("/admin/users").select("nav.tabs a")
    assert BASE in [a["href"] for a in tabs]


def test_list_filters_by_topic_and_kind_and_searches(client_request, world, login, starter):
    login(world.admin)
    soup = client_request.get(BASE, query_string={"topic": "fire", "kind": "true_false"})
    codes = [a.strong.get_text() for a in soup.select(".list-item > a")]
    expected = [q.code for q in db.session.scalars(bank_list.question_query("fire", "true_false"))]
    assert codes == expected and 0 < len(codes) < 20
    soup = client_request.get(BASE, query_string={"q": "119"})
    assert all("119" in a.get_text() for a in soup.select(".list-item > a"))
    assert soup.select(".list-item")


def test_list_pages_through_the_bank(client_request, world, login, starter):
    login(world.admin)
    first = client_request.get(BASE)
    soup = client_request.get(first.select_one("nav.pager a[rel=next]")["href"])
    assert soup.select(".list-item > a strong")[0].get_text() == "Q-021"


def test_bad_import_lists_problems_by_line_and_stores_nothing(client, world, login, starter):
    login(world.admin)
    before = question_count()
    response = _upload(client, bad_file(), "bad.csv")
    assert response.status_code == 422
    items = parse(response).select(".bank-errors li")
    lines = [int(re.search(r"\d+", li.select_one(".bank-line").get_text()).group()) for li in items]
    assert lines == [line for line, _column in BAD_FILE_ERRORS]
    assert "astrology" in items[0].get_text()
    assert question_count() == before and bank.find_question("Q-NEW") is None


def test_good_import_adds_and_updates_then_says_so(client, client_request, world, login, starter):
    login(world.admin)
    data = xlsx_bytes([row(code="Q-NEW"), row(code="Q-001", text="改过的题干")])
    response = _upload(client, data, "more.xlsx")
    assert response.status_code == 302
    flash = client_request.get(response.headers["Location"]).select_one(".notice-success")
    assert "1" in flash.get_text()
    assert bank.find_question("Q-001").text == "改过的题干"
    assert bank.find_question("Q-NEW") is not None


@pytest.mark.parametrize("name", ["bank.txt", "bank.csv.exe"])
def test_import_refuses_other_file_types(client, world, login, name):
    login(world.admin)
    assert _upload(client, csv_bytes([row()]), name).status_code == 422
    assert question_count() == 0


def test_export_downloads_a_dated_file(client, world, login, starter):
    login(world.admin)
    response = client.get(BASE + "/export.csv")
    today = f"{clock.today():%Y%m%d}"
    assert response.headers["Content-Disposition"] == f"attachment; filename=questions-{today}.csv"
    assert response.data.startswith(b"\xef\xbb\xbfcode,")
    response = client.get(BASE + "/export.xlsx")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.max_row == question_count() + 1
    assert client.get(BASE + "/export.pdf").status_code == 404


def _form(question: bank.QuestionData, **changes) -> dict:
    data = {"code": question.code, "kind": question.kind, "topic": question.topic}
    data |= {"text": question.text, "answer": question.answer, "explanation": question.explanation}
    data |= {"source": question.source, "active": "y", "positions": list(question.positions)}
    data |= {f"option_{c}": o for c, o in zip("abcdef", question.options, strict=False)}
    data.update(changes)
    return data


def test_edit_saves_with_the_import_checks(client, client_request, world, login, starter):
    login(world.admin)
    question = bank.find_question("Q-001")
    url = f"{BASE}/{question.id}"
    page = client_request.get(url)
    seen = page.select_one("input[name=fingerprint]")["value"]
    data = _form(bank.data_of(question), fingerprint=seen)
    bad = client.post(url, data=data | {"answer": "AB"})
    assert bad.status_code == 422
    assert "exactly one" in parse(bad).select_one("#answer-error").get_text()
    assert client.post(url, data=data | {"text": "新的题干"}).status_code == 302
    assert bank.find_question("Q-001").text == "新的题干"


def test_stale_edit_is_refused(client, client_request, world, login, starter):
    login(world.admin)
    question = bank.find_question("Q-002")
    url = f"{BASE}/{question.id}"
    seen = client_request.get(url).select_one("input[name=fingerprint]")["value"]
    data = _form(bank.data_of(question), fingerprint=seen)
    assert client.post(url, data=data | {"text": "第一次修改"}).status_code == 302
    response = client.post(url, data=data | {"text": "第二次修改"})
    assert response.status_code == 409
    page = parse(response)
    assert page.select_one("textarea[name=text]").get_text().strip() == "第二次修改"
    assert bank.find_question("Q-002").text == "第一次修改"
    # What is saved now beside what was typed; saving again replaces it.
    row = page.select_one(".stale-compare tbody tr")
    assert row.select_one(".stale-current").get_text() == "第一次修改"
    assert row.select_one(".stale-mine").get_text() == "第二次修改"
    assert len(page.select(".stale-compare tbody tr")) == 1
    again = page.select_one("input[name=fingerprint]")["value"]
    resent = client.post(url, data=data | {"text": "第二次修改", "fingerprint": again})
    assert resent.status_code == 302 and bank.find_question("Q-002").text == "第二次修改"


def test_new_question_sent_twice_is_stored_once(client, world, login):
    login(world.admin)
    data = _form(bank.QuestionData("Q-900", "true_false", "ppe", (), "题", (), "对", "因为", ""))
    first, second = client.post(BASE + "/new", data=data), client.post(BASE + "/new", data=data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert question_count() == 1 and bank.find_question("Q-900").answer == "T"
    other = client.post(BASE + "/new", data=data | {"text": "另一道题"})
    assert other.status_code == 422 and question_count() == 1


def test_deactivate_and_reactivate(client, client_request, world, login, starter):
    login(world.admin)
    question = bank.find_question("Q-003")
    client.post(f"{BASE}/{question.id}/active", data={"active": "0"})
    assert not bank.find_question("Q-003").active
    soup = client_request.get(BASE, query_string={"status": "inactive"})
    assert [a.strong.get_text() for a in soup.select(".list-item > a")] == ["Q-003"]
    client.post(f"{BASE}/{question.id}/active", data={"active": "1"})
    assert bank.find_question("Q-003").active


@pytest.fixture
def app_config():
    """Messages are asserted as written in the code (English msgids)."""
    return {"BABEL_DEFAULT_LOCALE": "en"}
