"""Institutions' self-checks: their own items, the period reviewed, the report and its PDF; the
link opens its own subject's self-check only, and expires."""

import io
from datetime import date, timedelta

from pypdf import PdfWriter

from inspect_app.clock import Period
from inspect_app.extensions import db
from inspect_app.stats.services import form2_report
from tests.factories import make_person, make_subject, valid_id_number
from tests.pages import parse
from tests.selfchecks.helpers import PROBLEM, RESPONSIBLE, fresh, sent


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _school(world, name="洋口安全培训学校", kind="training_institution"):
    school = make_subject(world.town_a, kind=kind, name=name)
    db.session.commit()
    return school


def _data(self_check, action="submit", pdf: bytes | None = None, **overrides) -> dict:
    data = {
        "version": str(self_check.version),
        "responsible_name": "王校长",
        "filled_on": "2026-03-10",
        "review_from": "2019-01-01",
        "review_to": "2026-03-01",
        "report_text": "自2019年1月以来，本机构对培训和考试工作逐项自查，发现问题1项。",
        "action": action,
    }
    for number in self_check.numbers:
        data[f"item_{number}-answer"] = "no"
    data |= {
        "item_3-answer": "yes",
        "item_3-problem": PROBLEM,
        "item_3-rectification": "补齐2021年各期班档案",
        "item_3-rectify_by": "2026-04-30",
        "item_3-responsible": RESPONSIBLE,
    }
    if pdf is not None:
        data["report_pdf"] = (io.BytesIO(pdf), "report.pdf")
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _post(client, self_check, data):
    return client.post(f"/s/{self_check.token}", data=data, content_type="multipart/form-data")


def test_training_institution_answers_its_own_items_with_period_report_and_pdf(
    client, client_request, world, clock
):
    clock.set_today(date(2026, 3, 10))
    self_check = sent(_school(world), world.supervisor_a)
    page = client_request.get(f"/s/{self_check.token}")
    assert [f["data-item"] for f in page.select("fieldset.sck-item")] == [
        "TI-1",
        "TI-2",
        "TI-3",
        "TI-4",
    ]
    assert page.find(id="review_from")["value"] == "2019-01-01"
    assert page.select_one("form.sck-form")["enctype"] == "multipart/form-data"
    response = _post(client, self_check, _data(self_check, pdf=_pdf()))
    assert response.status_code == 302
    stored = fresh(self_check)
    assert stored.is_submitted and stored.review_to == date(2026, 3, 1)
    assert stored.report_text.startswith("自2019年1月以来")
    assert [(i.number, i.responsible) for i in stored.problems] == [(3, RESPONSIBLE)]
    assert stored.report_pdf_bytes == len(_pdf())
    report = client.get(f"/s/{self_check.token}/report.pdf")
    assert report.status_code == 200 and report.mimetype == "application/pdf"
    assert report.data == _pdf()
    shown = client_request.get(f"/s/{self_check.token}")
    assert shown.select_one(".sck-report-pdf")["href"] == f"/s/{self_check.token}/report.pdf"
    assert shown.select_one("#problem-3")


def test_exam_site_has_six_exam_items(client_request, world):
    self_check = sent(_school(world, "洋口考试点", "exam_site"), world.supervisor_a)
    page = client_request.get(f"/s/{self_check.token}")
    codes = [f["data-item"] for f in page.select("fieldset.sck-item")]
    assert codes == ["EX-1", "EX-2", "EX-3", "EX-4", "EX-5", "EX-6"]


def test_submission_needs_the_period_and_the_report(client, world):
    self_check = sent(_school(world), world.supervisor_a)
    data = _data(self_check, review_from="", report_text="", **{"item_3-responsible": ""})
    response = _post(client, self_check, data)
    assert response.status_code == 422
    links = [a["href"] for a in parse(response).select(".error-summary a")]
    assert links == ["#item_3-responsible", "#review_from", "#report_text"]
    assert not fresh(self_check).is_submitted


def test_a_file_that_is_not_a_real_pdf_or_too_big_is_refused_and_nothing_is_saved(
    app, client, world
):
    self_check = sent(_school(world), world.supervisor_a)
    fake = b"%PDF-1.7\nthis is not really a pdf\n%%EOF"
    for data in (b"MZ\x90\x00 an executable", fake):
        response = _post(client, self_check, _data(self_check, action="save", pdf=data))
        assert response.status_code == 422
        error = parse(response).select_one("#report_pdf-error")
        assert error and "PDF" in error.get_text()
        assert fresh(self_check).report_pdf_key is None and fresh(self_check).report_text == ""
    app.config["SELF_CHECK_REPORT_MAX_BYTES"] = 100
    response = _post(client, self_check, _data(self_check, action="save", pdf=_pdf()))
    assert (
        response.status_code == 422
        and "MB" in parse(response).select_one("#report_pdf-error").get_text()
    )


def test_the_report_is_served_to_its_link_and_the_town_only(client, world, login):
    mine = sent(_school(world), world.supervisor_a)
    assert _post(client, mine, _data(mine, action="save", pdf=_pdf())).status_code == 302
    other = sent(_school(world, "另一培训机构"), world.supervisor_a)
    assert client.get(f"/s/{other.token}/report.pdf").status_code == 404
    assert client.get(f"/selfchecks/units/{mine.subject_id}/report.pdf").status_code in (302, 401)
    login(world.inspector_b)
    assert client.get(f"/selfchecks/units/{mine.subject_id}/report.pdf").status_code == 404
    client.post("/logout")
    login(world.supervisor_a)
    assert client.get(f"/selfchecks/units/{mine.subject_id}/report.pdf").status_code == 200


def test_the_link_shows_its_own_subject_only_and_no_id_numbers(client_request, world):
    school = _school(world)
    id_number = valid_id_number(7)
    make_person(school, id_number=id_number)
    db.session.commit()
    self_check = sent(school, world.supervisor_a)
    sent(world.subject_a, world.supervisor_a)
    text = client_request.get(f"/s/{self_check.token}").get_text()
    assert "洋口安全培训学校" in text
    assert "Unit in A" not in text and id_number not in text


def test_the_link_expires_after_its_last_day(client, client_request, world, clock):
    clock.set_today(date(2026, 3, 10))
    self_check = sent(_school(world), world.supervisor_a, deadline=date(2026, 3, 31))
    assert self_check.expires_on == date(2026, 3, 31) + timedelta(days=60)
    clock.set_today(self_check.expires_on)
    assert client.get(f"/s/{self_check.token}").status_code == 200
    clock.set_today(self_check.expires_on + timedelta(days=1))
    response = client.get(f"/s/{self_check.token}")
    assert response.status_code == 410
    assert parse(response).select_one("h1.sck-expired")
    assert _post(client, self_check, _data(self_check, action="save")).status_code == 410
    assert fresh(self_check).report_text == ""


def test_submission_keeps_the_link_open_until_after_the_latest_time_limit(client, world, clock):
    clock.set_today(date(2026, 3, 10))
    self_check = sent(_school(world), world.supervisor_a, deadline=date(2026, 3, 20))
    assert _post(client, self_check, _data(self_check)).status_code == 302
    assert fresh(self_check).expires_on == date(2026, 4, 30) + timedelta(days=60)


def test_institution_self_checks_are_not_counted_in_form2(client, world, clock):
    clock.set_today(date(2026, 3, 10))
    self_check = sent(_school(world), world.supervisor_a)
    assert _post(client, self_check, _data(self_check)).status_code == 302
    block = form2_report(world.town_a, Period(date(2026, 3, 1), date(2026, 3, 31))).blocks[0][1]
    assert block.total.checked == 0


def test_inspector_enters_an_institutions_paper_self_check_and_the_town_reads_it(
    client, client_request, world, login
):
    school = _school(world)
    login(world.inspector_a)
    url = f"/selfchecks/units/{school.id}/fill"
    page = client_request.get(url)
    assert [f["data-item"] for f in page.select("fieldset.sck-item")][-1] == "TI-4"
    token = page.select_one("input[name=csrf_token]")["value"]
    self_check = sent(school, world.supervisor_a)
    data = _data(self_check, pdf=_pdf()) | {"csrf_token": token}
    response = client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    stored = fresh(self_check)
    assert stored.is_submitted and stored.entered_by_id == world.inspector_a.id
    unit = client_request.get(f"/selfchecks/units/{school.id}")
    assert unit.select_one(".sck-report-pdf")["href"] == f"/selfchecks/units/{school.id}/report.pdf"
    assert unit.select_one("#problem-3 .sck-progress-open")
