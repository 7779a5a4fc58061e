"""The subject register over the API: the pages' rules, versions and idempotency."""

from calendar import monthrange

from inspect_app.extensions import db
from inspect_app.subjects.models import Subject
from tests import factories

PROBLEM = "application/problem+json"
GOOD_USCC = "91350100M000100Y43"


def _subject_body(world, **changes) -> dict:
    body = {
        "kind": "production_unit",
        "name": "新单位",
        "uscc": "9135-0100 m000100y43",
        "region_id": world.town_a.id,
        "industry": "mining",
    }
    return {**body, **changes}


def test_create_subject_normalises_the_code_and_flags_high_risk(api, world):
    response = api(world.inspector_a).post("/api/v1/subjects", key="k1", json=_subject_body(world))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["uscc"] == GOOD_USCC and body["high_risk"] is True and body["version"] == 1
    assert response.headers["Location"].endswith(f"/api/v1/subjects/{body['id']}")


def test_the_same_key_and_body_make_one_subject(api, world):
    caller = api(world.inspector_a)
    first = caller.post("/api/v1/subjects", key="same", json=_subject_body(world))
    again = caller.post("/api/v1/subjects", key="same", json=_subject_body(world))
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert db.session.query(Subject).filter_by(uscc=GOOD_USCC).count() == 1
    other = caller.post("/api/v1/subjects", key="same", json=_subject_body(world, name="别的"))
    assert other.status_code == 409 and other.get_json()["type"].endswith("idempotency-key-reused")


def test_bad_codes_and_out_of_scope_regions_are_field_errors(api, world):
    body = _subject_body(world, uscc="91350100M000100Y44", region_id=world.town_b.id)
    response = api(world.inspector_a).post("/api/v1/subjects", key="bad", json=body)
    assert response.status_code == 422 and response.mimetype == PROBLEM
    errors = response.get_json()["errors"]
    assert "校验码" in errors["uscc"][0] and errors["region_id"] == ["请选择您辖区内的地区。"]
    assert db.session.query(Subject).filter_by(name="新单位").count() == 0
    retry = api(world.inspector_a).post("/api/v1/subjects", key="bad", json=_subject_body(world))
    assert retry.status_code == 201  # a failed write leaves no stored answer behind


def test_a_taken_code_is_refused_like_on_the_page(api, world):
    body = _subject_body(world, uscc=world.subject_a.uscc)
    response = api(world.inspector_a).post("/api/v1/subjects", key="dup", json=body)
    assert response.status_code == 422
    assert response.get_json()["errors"]["uscc"] == ["已有检查对象使用此统一社会信用代码。"]


def test_supervisors_read_but_cannot_write(api, world):
    caller = api(world.supervisor_a)
    assert caller.get(f"/api/v1/subjects/{world.subject_a.id}").status_code == 200
    response = caller.post("/api/v1/subjects", key="s", json=_subject_body(world))
    assert response.status_code == 403 and response.mimetype == PROBLEM


def test_a_stale_version_is_a_409_with_the_current_state(api, world):
    caller = api(world.inspector_a)
    url = f"/api/v1/subjects/{world.subject_a.id}"
    first = caller.patch(url, key="p1", json={"name": "改名一", "version": 1})
    assert first.status_code == 200 and first.get_json()["version"] == 2
    stale = caller.patch(url, key="p2", json={"name": "改名二", "version": 1})
    assert stale.status_code == 409 and stale.mimetype == PROBLEM
    problem = stale.get_json()
    assert problem["type"].endswith("/stale-version")
    assert problem["current"]["name"] == "改名一" and problem["current"]["version"] == 2
    assert db.session.get(Subject, world.subject_a.id).name == "改名一"


def test_search_and_kind_filter(api, world):
    caller = api(world.county_supervisor)
    found = caller.get("/api/v1/subjects?q=in B").get_json()["items"]
    assert [s["id"] for s in found] == [world.subject_b.id]
    assert caller.get("/api/v1/subjects?kind=exam_site").get_json()["items"] == []
    assert caller.get("/api/v1/subjects?kind=nonsense").status_code == 422


def test_certificate_dates_follow_the_form_rules(api, world, clock):
    caller = api(world.inspector_b)
    url = f"/api/v1/people/{world.person_b.id}/certificates"
    today = clock.today()
    body = {"kind": "safety_assessment", "number": "A-1", "issued_on": today.isoformat()}
    response = caller.post(url, key="c1", json=body)
    assert response.status_code == 422
    assert response.get_json()["errors"]["expires_on"] == ["请填写考核合格证的有效期截止日期。"]
    welding = {"kind": "welding", "number": "W-1", "issued_on": today.isoformat()}
    created = caller.post(url, key="c2", json=welding)
    assert created.status_code == 201
    year = today.year + 6  # the same day six years on; 29 February falls on the 28th
    expected = today.replace(year=year, day=min(today.day, monthrange(year, today.month)[1]))
    assert created.get_json()["expires_on"] == expected.isoformat()


def test_the_api_sees_the_versions_pages_make(api, world):
    factories.make_person(world.subject_a)
    db.session.commit()
    caller = api(world.inspector_a)
    person = caller.get(f"/api/v1/subjects/{world.subject_a.id}/people").get_json()["items"][0]
    url = f"/api/v1/people/{person['id']}"
    changed = caller.patch(url, key="1", json={"phone": "12345", "version": person["version"]})
    assert changed.status_code == 200 and changed.get_json()["version"] == person["version"] + 1
    stale = caller.patch(url, key="2", json={"phone": "54321", "version": person["version"]})
    assert stale.status_code == 409 and stale.get_json()["current"]["phone"] == "12345"
