"""Spot-check pages: the people list, the check form, adding a person met on site."""

from datetime import date

from sqlalchemy import func, select

from inspect_app.audit.models import AuditEntry
from inspect_app.casefile.snapshot import build_snapshot
from inspect_app.extensions import db
from inspect_app.inspections.models import Revision
from inspect_app.spotchecks.models import CertificateCheck
from inspect_app.subjects.models import Certificate, Person
from tests import factories
from tests.pages import parse


def _url(case, person=None) -> str:
    base = f"/inspections/{case.inspection.id}/certificates"
    return f"{base}/{person.id}" if person else base


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _check_form(case, **overrides) -> dict:
    data = {"certificate_id": str(case.welding.id), "shown": "yes", "number_matches": "yes"}
    data.update(overrides)
    return data


def _person_form(**overrides) -> dict:
    data = {"name": "王海涛", "position": "special_operator", "id_number": "", "phone": ""}
    data.update(overrides)
    return data


def test_list_groups_people_special_operators_first(client_request, world, login, case):
    login(world.inspector_a)
    soup = client_request.get(_url(case))
    headings = [h["id"] for h in soup.select("h2[id^=group-]")]
    assert headings == ["group-special_operators", "group-managers", "group-workers"]
    names = [h.contents[0].strip() for h in soup.select(".sc-person h3")]
    assert names == ["赵建华", "顾建国", "李明"]
    welder = soup.find(id=f"person-{case.welder.id}")
    assert welder.select_one(".cert .mono").get_text() == "T320623001"
    assert welder.select_one(".sc-unchecked") is not None
    link = soup.select_one(".sc-platform-link a")
    assert link["href"] == "https://cx.mem.gov.cn/" and link["target"] == "_blank"
    assert set(link["rel"]) == {"noopener", "noreferrer"}


def test_check_saved_then_result_shown_on_form_and_list(client, client_request, world, login, case):
    login(world.inspector_a)
    response = client.post(_url(case, case.welder), data=_check_form(case, platform_verified="y"))
    assert response.status_code == 302
    assert response.headers["Location"] == _url(case, case.welder)
    soup = client_request.get(_url(case, case.welder))
    recorded = soup.find(id="result")
    assert recorded.select_one(".sc-result-pass") is not None
    assert recorded.select_one(".badge-valid") is not None
    assert recorded.select_one(".sc-verified") is not None
    assert soup.find(id="version")["value"] == "1"
    assert soup.find(id="shown-0").has_attr("checked")
    card = client_request.get(_url(case)).find(id=f"person-{case.welder.id}")
    assert card.select_one(".sc-result-pass") is not None
    next_link = soup.find("a", href=_url(case, case.principal))
    assert next_link is not None and "顾建国" in next_link.get_text()


def test_closed_case_cannot_change(client, client_request, world, login, case):
    case.inspection.status = "closed"
    db.session.commit()
    login(world.inspector_a)
    soup = client_request.get(_url(case))
    assert soup.find("a", href=_url(case) + "/people/new") is None
    assert client_request.get(_url(case, case.welder)).select_one("form.sc-form") is None
    response = client.post(_url(case, case.welder), data=_check_form(case))
    assert response.status_code == 422
    assert _count(CertificateCheck) == 0


def test_new_check_form_preselects_the_certificate_the_job_needs(
    client_request, world, login, case
):
    factories.make_certificate(
        case.welder,
        kind="safety_assessment",
        issued_on=date(2026, 1, 1),
        expires_on=date(2035, 1, 1),  # expires later, but the wrong kind for a welder
    )
    db.session.commit()
    login(world.inspector_a)
    soup = client_request.get(_url(case, case.welder))
    options = soup.select("#certificate_id option")
    assert [o["value"] for o in options][:2] == ["", str(case.welding.id)]  # "none" first
    assert options[1].get_text() == "焊接与热切割作业 · T320623001 · 有效"
    assert soup.select_one("#certificate_id option[selected]")["value"] == str(case.welding.id)
    assert soup.find(id="version")["value"] == ""


def test_failed_check_lists_its_problems(client, client_request, world, login, case):
    expired = factories.make_certificate(
        case.welder, kind="welding", issued_on=date(2019, 1, 1), expires_on=date(2025, 1, 1)
    )
    db.session.commit()
    login(world.inspector_a)
    client.set_cookie("lang", "en")
    client.post(_url(case, case.worker), data={"certificate_id": "", "shown": "no"})
    client.post(_url(case, case.welder), data={"certificate_id": expired.id, "shown": "no"})
    soup = client_request.get(_url(case))
    worker = soup.find(id=f"person-{case.worker.id}")
    assert worker.select_one(".sc-result-fail") is None  # an ordinary worker needs no certificate
    assert worker.select_one(".sc-problems") is None
    welder = soup.find(id=f"person-{case.welder.id}")
    assert welder.select_one(".badge-expired") is not None
    problems = welder.select_one(".sc-problems").get_text(strip=True)
    assert problems == "certificate not shown; certificate expired"
    assert "sc-person-failed" in welder["class"]
    tally = soup.select_one(".sc-tally").get_text(" ", strip=True)
    assert tally == "2 of 3 people checked 1 failed"


def test_shown_without_a_number_answer_is_refused_and_input_kept(client, world, login, case):
    login(world.inspector_a)
    response = client.post(
        _url(case, case.welder), data=_check_form(case, number_matches="", note="看过原件")
    )
    assert response.status_code == 422
    soup = parse(response)
    assert soup.find(id="number_matches-error") is not None
    assert soup.select_one(".error-summary a[href='#number_matches']") is not None
    assert soup.find(id="note").get_text() == "看过原件"
    assert _count(CertificateCheck) == 0


def test_certificate_of_another_person_refused(client, world, login, case):
    other = factories.make_certificate(case.principal, kind="electrician")
    db.session.commit()
    login(world.inspector_a)
    response = client.post(_url(case, case.welder), data=_check_form(case, certificate_id=other.id))
    assert response.status_code == 422
    assert parse(response).find(id="certificate_id-error") is not None
    assert _count(CertificateCheck) == 0


def test_person_of_another_subject_is_404(client, world, login, case):
    login(world.inspector_a)
    assert client.get(_url(case, world.person_b)).status_code == 404
    data = _check_form(case, certificate_id=world.certificate_b.id)
    assert client.post(_url(case, world.person_b), data=data).status_code == 404
    assert _count(CertificateCheck) == 0


def test_case_out_of_scope_is_404(client, world, login, case):
    login(world.inspector_b)
    assert client.get(_url(case)).status_code == 404
    assert client.get(_url(case, case.welder)).status_code == 404
    assert client.post(_url(case, case.welder), data=_check_form(case)).status_code == 404
    assert client.get(_url(case) + "/people/new").status_code == 404


def test_stale_edit_refused_with_409(client, world, login, case):
    login(world.inspector_a)
    client.post(_url(case, case.welder), data=_check_form(case))
    client.post(_url(case, case.welder), data=_check_form(case, number_matches="no", version="1"))
    response = client.post(
        _url(case, case.welder), data=_check_form(case, shown="no", version="1", note="晚到")
    )
    assert response.status_code == 409
    soup = parse(response)
    assert soup.select_one(".error-summary[role=alert] p").get_text()
    assert soup.find(id="note").get_text() == "晚到"
    check = db.session.scalar(select(CertificateCheck))
    assert (check.shown, check.number_matches, check.version) == (True, False, 2)


def test_issued_record_needs_a_reason_and_joins_the_correction(client, world, login, case):
    case.inspection.status = "issued"
    db.session.commit()
    login(world.inspector_a)
    response = client.post(_url(case, case.welder), data=_check_form(case))
    assert response.status_code == 422
    assert _count(CertificateCheck) == 0
    response = client.post(_url(case, case.welder), data=_check_form(case, reason="补录抽查"))
    assert response.status_code == 302
    assert db.session.scalar(select(Revision)) is None  # until the correction is signed
    assert case.inspection.pending_correction == ["补录抽查"]
    assert build_snapshot(case.inspection)["certificate_checks"][0]["result"] == "pass"


def test_supervisor_reads_but_cannot_change(client, client_request, world, login, case):
    login(world.inspector_a)
    client.post(_url(case, case.welder), data=_check_form(case))
    client.post("/logout")
    login(world.supervisor_a)
    listing = client_request.get(_url(case))
    assert listing.find("a", href=_url(case) + "/people/new") is None
    assert (
        listing.select_one(".sc-person .actions a").get_text(strip=True).startswith("查看抽查结果")
    )
    page = client.get(_url(case, case.welder))
    assert page.status_code == 200
    soup = parse(page)
    assert soup.select_one("form.sc-form") is None
    assert soup.find(id="result").select_one(".sc-result-pass") is not None
    data = _check_form(case, shown="no", version="1")
    assert client.post(_url(case, case.welder), data=data).status_code == 403
    assert client.get(_url(case) + "/people/new").status_code == 403
    assert db.session.scalar(select(CertificateCheck.shown)) is True


def test_add_person_on_site_with_certificate_then_check_form(client, world, login, case):
    login(world.inspector_a)
    data = _person_form(client_key="k1")
    data.update(
        {
            "certificate-kind": "electrician",
            "certificate-number": "T77",
            "certificate-issued_on": "2024-05-01",
        }
    )
    response = client.post(_url(case) + "/people/new", data=data)
    person = db.session.scalar(select(Person).where(Person.name == "王海涛"))
    assert response.status_code == 302
    assert response.headers["Location"] == _url(case, person)
    assert person.subject_id == world.subject_a.id
    assert [(c.number, c.expires_on) for c in person.certificates] == [("T77", date(2030, 5, 1))]
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.inspection_id == case.inspection.id)
    ).all()
    assert {"add_person_on_site", "add_certificate_on_site"} <= set(actions)
    again = client.post(_url(case) + "/people/new", data=data)  # a double tap
    assert again.headers["Location"] == _url(case, person)
    assert db.session.scalar(select(func.count()).where(Person.name == "王海涛")) == 1


def test_add_person_without_certificate(client, client_request, world, login, case):
    login(world.inspector_a)
    form = client_request.get(_url(case) + "/people/new")
    assert form.find(id="position").find("option", selected=True)["value"] == "special_operator"
    key = form.find("input", attrs={"name": "client_key"})["value"]
    assert len(key) >= 16
    before = _count(Certificate)
    response = client.post(_url(case) + "/people/new", data=_person_form(client_key=key))
    assert response.status_code == 302
    assert _count(Certificate) == before


def test_add_person_with_bad_certificate_saves_nothing(client, world, login, case):
    login(world.inspector_a)
    before = _count(Person)
    data = _person_form(client_key="k2", **{"certificate-number": "T78"})
    response = client.post(_url(case) + "/people/new", data=data)
    assert response.status_code == 422
    soup = parse(response)
    assert soup.find(id="certificate-issued_on-error") is not None
    assert soup.select_one(".error-summary a[href='#certificate-issued_on']") is not None
    assert soup.find(id="name")["value"] == "王海涛"
    assert soup.select_one("details.sc-new-cert").has_attr("open")
    assert _count(Person) == before


def test_add_person_needs_a_name(client, world, login, case):
    login(world.inspector_a)
    before = _count(Person)
    response = client.post(_url(case) + "/people/new", data=_person_form(name="", client_key="k3"))
    assert response.status_code == 422
    assert parse(response).find(id="name-error") is not None
    assert _count(Person) == before


def _certificate_form(**overrides) -> dict:
    data = {"kind": "welding", "number": "T320623009", "issued_on": "2026-03-01"}
    data.update(overrides)
    return data


def test_add_certificate_shown_on_site_then_back_to_the_check(
    client, client_request, world, login, case
):
    login(world.inspector_a)
    url = _url(case, case.worker) + "/new-certificate"
    key = client_request.get(url).find("input", attrs={"name": "client_key"})["value"]
    response = client.post(url, data=_certificate_form(client_key=key))
    assert response.status_code == 302
    assert response.headers["Location"] == _url(case, case.worker)
    assert client.post(url, data=_certificate_form(client_key=key)).status_code == 302
    numbers = db.session.scalars(
        select(Certificate.number).where(Certificate.person_id == case.worker.id)
    )
    assert numbers.all() == ["T320623009"]  # the double tap added nothing
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "add_certificate_on_site")
    )
    assert (entry.inspection_id, entry.details["number"]) == (case.inspection.id, "T320623009")
    options = client_request.get(_url(case, case.worker)).select("#certificate_id option")
    assert len(options) == 2


def test_add_certificate_refused_for_others(client, world, login, case):
    login(world.inspector_a)
    url = _url(case, world.person_b) + "/new-certificate"
    assert client.post(url, data=_certificate_form()).status_code == 404
    response = client.post(
        _url(case, case.worker) + "/new-certificate", data=_certificate_form(number="")
    )
    assert response.status_code == 422
    assert parse(response).find(id="number-error") is not None
    client.post("/logout")
    login(world.supervisor_a)
    url = _url(case, case.worker) + "/new-certificate"
    assert client.post(url, data=_certificate_form()).status_code == 403
    assert (
        db.session.scalar(select(func.count()).where(Certificate.person_id == case.worker.id)) == 0
    )
