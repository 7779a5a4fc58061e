"""Subject, person and certificate forms: validation in the user's language, nothing half-saved."""

from datetime import date

from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.subjects.models import Certificate, Person, Subject
from tests import factories
from tests.pages import parse


def _field_error(soup, field_id: str) -> str:
    node = soup.find(id=f"{field_id}-error")
    return node.get_text(strip=True) if node else ""


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _subject_form(world, **overrides) -> dict:
    data = {
        "kind": "production_unit",
        "name": "洋口新材料有限公司",
        "uscc": "91350100M000100Y43",
        "address": "洋口镇 1 号",
        "industry": "manufacturing",
        "region_id": str(world.town_a.id),
        "contact_name": "顾",
        "contact_phone": "0513-8888 1234",
    }
    data.update(overrides)
    return data


def test_create_subject(client, world, login):
    login(world.inspector_a)
    response = client.post("/subjects/new", data=_subject_form(world, uscc="91350100m000100y43"))
    assert response.status_code == 302
    subject = db.session.scalar(select(Subject).where(Subject.name == "洋口新材料有限公司"))
    assert subject.uscc == "91350100M000100Y43"
    assert subject.region_id == world.town_a.id
    assert response.headers["Location"] == f"/subjects/{subject.id}"


def test_bad_uscc_shows_error_next_to_field_and_saves_nothing(client, world, login):
    login(world.inspector_a)
    before = _count(Subject)
    response = client.post("/subjects/new", data=_subject_form(world, uscc="91350100M000100Y44"))
    assert response.status_code == 422
    soup = parse(response)
    assert "校验码" in _field_error(soup, "uscc")
    assert soup.select_one(".error-summary a[href='#uscc']") is not None
    assert soup.find(id="uscc")["aria-invalid"] == "true"
    assert soup.find(id="name")["value"] == "洋口新材料有限公司"  # what was typed is kept
    assert _count(Subject) == before


def test_duplicate_uscc_in_own_town_refused(client, world, login):
    login(world.inspector_a)
    response = client.post("/subjects/new", data=_subject_form(world, uscc=world.subject_a.uscc))
    assert response.status_code == 422
    assert "已有检查对象" in _field_error(parse(response), "uscc")


def test_another_towns_uscc_is_not_confirmed_as_registered(client, world, login):
    """Town A learns only that the code cannot be registered here, and to ask the county."""
    login(world.inspector_a)
    before = _count(Subject)
    response = client.post("/subjects/new", data=_subject_form(world, uscc=world.subject_b.uscc))
    assert response.status_code == 422
    message = _field_error(parse(response), "uscc")
    assert "无法在此登记" in message and "县" in message
    assert "已有" not in message and "已登记" not in message
    assert world.subject_b.name not in response.get_data(as_text=True)
    assert _count(Subject) == before


def test_another_towns_uscc_is_not_confirmed_through_the_api(client, world):
    from inspect_app.api.services import create_token

    _token, plain = create_token(world.inspector_a, "phone")
    db.session.commit()
    body = {
        "kind": "production_unit",
        "name": "X",
        "uscc": world.subject_b.uscc,
        "region_id": world.town_a.id,
    }
    response = client.post(
        "/api/v1/subjects",
        json=body,
        headers={"Authorization": f"Bearer {plain}", "Idempotency-Key": "k1"},
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "无法在此登记" in text and "已有检查对象" not in text


def test_inspector_cannot_file_a_subject_in_another_town(client, world, login):
    login(world.inspector_a)
    before = _count(Subject)
    response = client.post("/subjects/new", data=_subject_form(world, region_id=world.town_b.id))
    assert response.status_code == 422
    assert _field_error(parse(response), "region_id")
    assert _count(Subject) == before


def test_high_risk_industry_is_always_flagged(client, world, login):
    login(world.inspector_a)
    client.post("/subjects/new", data=_subject_form(world, industry="fireworks"))
    subject = db.session.scalar(select(Subject).where(Subject.name == "洋口新材料有限公司"))
    assert subject.high_risk is True


def test_edit_subject(client, world, login):
    login(world.inspector_a)
    data = _subject_form(world, name="Renamed", uscc=world.subject_a.uscc)
    assert client.post(f"/subjects/{world.subject_a.id}/edit", data=data).status_code == 302
    assert world.subject_a.name == "Renamed"


def test_search_by_name_and_uscc_and_filter_by_kind(client_request, world, login):
    factories.make_subject(world.town_a, name="洋口培训学校", kind="training_institution")
    db.session.commit()
    login(world.inspector_a)

    def names(query: str) -> list[str]:
        soup = client_request.get("/subjects/?" + query)
        return [s.get_text() for s in soup.select(".list-item strong")]

    assert names("q=培训") == ["洋口培训学校"]
    assert names("q=" + world.subject_a.uscc[-6:].lower()) == ["Unit in A"]
    assert names("kind=training_institution") == ["洋口培训学校"]
    assert names("kind=exam_site") == []
    assert names("q=%25") == []  # a lone wildcard matches nothing rather than everything


def test_person_id_number_masked_on_detail_but_shown_in_edit_form(
    client, client_request, world, login
):
    person = factories.make_person(world.subject_a, id_number="11010519491231002X")
    db.session.commit()
    login(world.inspector_a)
    detail = client.get(f"/subjects/{world.subject_a.id}").data.decode()
    assert "11010519491231002X" not in detail
    assert "1101**********002X" in detail
    form = client_request.get(f"/subjects/{world.subject_a.id}/people/{person.id}/edit")
    assert form.find(id="id_number")["value"] == "11010519491231002X"


def test_bad_id_number_refused(client, world, login):
    login(world.inspector_a)
    before = _count(Person)
    response = client.post(
        f"/subjects/{world.subject_a.id}/people/new",
        data={"name": "赵", "position": "worker", "id_number": "110105194912310021"},
    )
    assert "校验码" in _field_error(parse(response), "id_number")
    assert _count(Person) == before


def test_add_special_operation_certificate_defaults_to_six_years(client, world, login):
    person = factories.make_person(world.subject_a)
    db.session.commit()
    login(world.inspector_a)
    response = client.post(
        f"/subjects/{world.subject_a.id}/people/{person.id}/certificates/new",
        data={"kind": "welding", "number": "T320623001", "issued_on": "2024-02-29"},
    )
    assert response.status_code == 302
    certificate = db.session.scalar(select(Certificate).where(Certificate.person_id == person.id))
    assert certificate.expires_on == date(2030, 2, 28)


def test_certificate_expiry_before_issue_refused(client, world, login):
    person = factories.make_person(world.subject_a)
    db.session.commit()
    login(world.inspector_a)
    before = _count(Certificate)
    response = client.post(
        f"/subjects/{world.subject_a.id}/people/{person.id}/certificates/new",
        data={
            "kind": "electrician",
            "number": "X1",
            "issued_on": "2024-05-01",
            "expires_on": "2024-04-30",
        },
    )
    assert response.status_code == 422
    assert "不能早于发证日期" in _field_error(parse(response), "expires_on")
    assert _count(Certificate) == before


def test_problem_certificates_stand_out_on_detail_page(client_request, world, login):
    person = factories.make_person(world.subject_a, name="过期者")
    factories.make_certificate(person, issued_on=date(2015, 1, 1), expires_on=date(2021, 1, 1))
    fine = factories.make_person(world.subject_a, name="合格者")
    factories.make_certificate(fine, issued_on=date(2025, 6, 1), reviewed_on=None)
    db.session.commit()
    login(world.inspector_a)
    soup = client_request.get(f"/subjects/{world.subject_a.id}")
    bad = soup.find(id=f"person-{person.id}")
    good = soup.find(id=f"person-{fine.id}")
    assert "person-problem" in bad["class"]
    assert bad.select_one(".badge-expired").get_text() == "已过期"
    assert "person-problem" not in good["class"]


def test_supervisor_sees_no_edit_buttons(client_request, world, login):
    login(world.county_supervisor)
    soup = client_request.get(f"/subjects/{world.subject_b.id}")
    assert soup.find("a", string="修改检查对象") is None
    assert soup.find(string="添加证书") is None


def test_wrong_person_for_subject_is_404(client, world, login):
    other = factories.make_subject(world.town_a)
    person = factories.make_person(other)
    db.session.commit()
    login(world.inspector_a)
    url = f"/subjects/{world.subject_a.id}/people/{person.id}/edit"
    assert client.get(url).status_code == 404


def test_home_lists_problem_people_with_their_problems(client_request, world, login):
    person = factories.make_person(world.subject_a, name="过期者")
    factories.make_certificate(person, issued_on=date(2015, 1, 1), expires_on=date(2021, 1, 1))
    factories.make_person(world.subject_b, name="别镇的人")
    db.session.commit()
    login(world.inspector_a)
    soup = client_request.get("/")
    items = soup.select("#problems + .list .list-item")
    assert [i.strong.get_text() for i in items] == ["过期者"]
    assert [b.get_text() for b in items[0].select(".badge")] == ["已过期"]
