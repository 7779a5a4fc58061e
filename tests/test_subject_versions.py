"""The register's edit forms carry the version they were opened at and refuse stale saves."""

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import update

from inspect_app.extensions import db
from inspect_app.inspections.errors import StaleEdit
from inspect_app.subjects.models import Certificate, Person, Subject
from inspect_app.subjects.services import save_subject


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.data, "html.parser")


def _form_values(page) -> dict:
    """What the browser would send back unchanged: every named input and select."""
    soup = _soup(page)
    inputs = soup.select("form.form input[name]")
    values = {
        i["name"]: i.get("value", "")
        for i in inputs
        if i.get("type") != "checkbox" or i.has_attr("checked")
    }
    for select in soup.select("form.form select[name]"):
        chosen = select.select_one("option[selected]") or select.select_one("option")
        values[select["name"]] = chosen["value"]
    return {k: v for k, v in values.items() if k != "high_risk" or v == "y"}


def _stale_save(client, url: str, change: dict, concurrent) -> tuple:
    opened = client.get(url)
    assert _soup(opened).select_one("input[name=version]")["value"] == "1"
    concurrent()
    db.session.commit()
    return client.post(url, data={**_form_values(opened), **change})


def test_a_subject_saved_meanwhile_is_not_overwritten(client, world, login):
    login(world.inspector_a)
    subject = world.subject_a
    url = f"/subjects/{subject.id}/edit"

    def meanwhile():
        subject.address = "别人改的地址"

    response = _stale_save(client, url, {"name": "我的改动"}, meanwhile)
    assert response.status_code == 409
    assert "您的修改未保存" in _soup(response).select_one(".stale-compare").get_text()
    stored = db.session.get(Subject, subject.id)
    assert (stored.name, stored.address, stored.version) == ("Unit in A", "别人改的地址", 2)


def test_a_fresh_form_saves_and_bumps_the_version(client, world, login):
    login(world.inspector_a)
    url = f"/subjects/{world.subject_a.id}/edit"
    opened = client.get(url)
    response = client.post(url, data={**_form_values(opened), "name": "新名称"})
    assert response.status_code == 302
    assert db.session.get(Subject, world.subject_a.id).version == 2


def test_people_and_certificates_refuse_stale_saves(client, world, login):
    login(world.inspector_b)
    person, certificate = world.person_b, world.certificate_b
    subject_id = world.subject_b.id

    def person_meanwhile():
        person.phone = "0513-0000000"

    url = f"/subjects/{subject_id}/people/{person.id}/edit"
    assert _stale_save(client, url, {"name": "改名"}, person_meanwhile).status_code == 409
    assert db.session.get(Person, person.id).name != "改名"

    def certificate_meanwhile():
        certificate.number = "NEW-1"

    url = f"/subjects/{subject_id}/certificates/{certificate.id}/edit"
    assert _stale_save(client, url, {"number": "MINE"}, certificate_meanwhile).status_code == 409
    assert db.session.get(Certificate, certificate.id).number == "NEW-1"


def test_a_save_that_loses_a_race_is_a_stale_edit_too(world):
    """Both saves passed the version check; the second one's write finds the row moved on."""
    subject = world.subject_a
    bump = update(Subject).where(Subject.id == subject.id).values(version=2, name="先到的")
    db.session.execute(bump, execution_options={"synchronize_session": False})
    with pytest.raises(StaleEdit):
        save_subject(subject, {"name": "后到的", "version": 1})
    db.session.rollback()
    assert db.session.get(Subject, subject.id).name != "后到的"


def test_a_stale_save_shows_the_saved_values_beside_mine_and_can_replace_them(client, world, login):
    login(world.inspector_a)
    subject = world.subject_a
    url = f"/subjects/{subject.id}/edit"

    def meanwhile():
        subject.address = "别人改的地址"

    response = _stale_save(client, url, {"address": "我填的地址", "name": "我的名称"}, meanwhile)
    assert response.status_code == 409
    rows = _soup(response).select(".stale-compare tbody tr")
    compared = {
        row.th.get_text(strip=True): (
            row.select_one(".stale-current").get_text(strip=True),
            row.select_one(".stale-mine").get_text(strip=True),
        )
        for row in rows
    }
    assert compared == {"名称": ("Unit in A", "我的名称"), "地址": ("别人改的地址", "我填的地址")}
    # What was typed stays in the form, now standing on the saved version: saving replaces it.
    assert _soup(response).select_one("input[name=version]")["value"] == "2"
    again = client.post(url, data=_form_values(response))
    assert again.status_code == 302
    stored = db.session.get(Subject, subject.id)
    assert (stored.name, stored.address, stored.version) == ("我的名称", "我填的地址", 3)


def test_a_stale_certificate_save_compares_dates(client, world, login):
    login(world.inspector_b)
    certificate = world.certificate_b
    url = f"/subjects/{world.subject_b.id}/certificates/{certificate.id}/edit"

    def meanwhile():
        certificate.number = "NEW-1"

    response = _stale_save(client, url, {"number": "MINE"}, meanwhile)
    assert response.status_code == 409
    rows = _soup(response).select(".stale-compare tbody tr")
    assert [
        (r.select_one(".stale-current").text, r.select_one(".stale-mine").text) for r in rows
    ] == [("NEW-1", "MINE")]
