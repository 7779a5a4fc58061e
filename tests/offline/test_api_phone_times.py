"""Writes replayed from a phone: a case opened twice with one client id is one case, and the
phone's own times are kept, within bounds refused in the user's language."""

import uuid
from datetime import timedelta
from io import BytesIO

import pytest
from sqlalchemy import func, select

from inspect_app import clock
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection, ItemAnswer
from tests.api.case_support import PROBLEM, case_body, jpeg, key, put
from tests.offline.api_support import Phone, ago, iso, open_offline_case
from tests.signatures.drawing import signature_png

FUTURE = "时间晚于当前时间"
BEFORE = "早于检查开始时间"


@pytest.fixture
def phone(client, world):
    return Phone(client, world.inspector_a)


def _cases_with(client_id: str) -> int:
    query = select(func.count()).select_from(Inspection).where(Inspection.client_id == client_id)
    return db.session.scalar(query)


def test_a_replayed_opening_with_the_same_client_id_makes_one_case(phone, world):
    body = case_body(world, world.subject_a) | {"client_id": str(uuid.uuid4())}
    first = phone.post("/api/v1/cases", key=key(), json=body)
    again = phone.post("/api/v1/cases", key=key(), json=body)  # a new key: not a plain retry
    assert first.status_code == 201 and again.status_code == 200
    assert again.get_json()["id"] == first.get_json()["id"]
    assert again.get_json()["client_id"] == body["client_id"]
    assert _cases_with(body["client_id"]) == 1


def test_a_client_id_of_a_case_out_of_scope_is_refused(client, phone, world):
    body = case_body(world, world.subject_a) | {"client_id": str(uuid.uuid4())}
    assert phone.post("/api/v1/cases", key=key(), json=body).status_code == 201
    other = Phone(client, world.inspector_b)
    theirs = case_body(world, world.subject_b, world.inspector_b, _second_b(world))
    theirs["client_id"] = body["client_id"]
    response = other.post("/api/v1/cases", key=key(), json=theirs)
    assert response.status_code == 422
    assert "client_id" in response.get_json()["errors"]
    assert _cases_with(body["client_id"]) == 1


def _second_b(world):
    from tests import factories

    officer = factories.make_user(world.town_b, "inspector")
    db.session.commit()
    return officer


def test_a_malformed_client_id_is_a_field_error(phone, world):
    body = case_body(world, world.subject_a) | {"client_id": "not-a-uuid"}
    response = phone.post("/api/v1/cases", key=key(), json=body)
    assert response.status_code == 422
    assert "client_id" in response.get_json()["errors"]


def test_the_phones_opening_time_is_kept_and_a_future_one_refused(phone, world):
    case = open_offline_case(phone, world, minutes_ago=40)
    stored = db.session.get(Inspection, case["id"]).started_at
    assert abs(stored - ago(40)) < timedelta(seconds=5)
    body = case_body(world, world.subject_a) | {
        "started_at": iso(clock.utcnow() + timedelta(minutes=10))
    }
    refused = phone.post("/api/v1/cases", key=key(), json=body)
    assert refused.status_code == 422 and refused.mimetype == PROBLEM
    assert FUTURE in refused.get_json()["errors"]["started_at"][0]


def test_a_clock_a_little_ahead_is_brought_back_to_now(phone, world):
    body = case_body(world, world.subject_a) | {
        "started_at": iso(clock.utcnow() + timedelta(minutes=3))
    }
    response = phone.post("/api/v1/cases", key=key(), json=body)
    assert response.status_code == 201
    assert db.session.get(Inspection, response.get_json()["id"]).started_at <= clock.utcnow()


def test_the_answer_keeps_the_phones_time(phone, world):
    answered = iso(ago(20))
    case = open_offline_case(phone, world)
    url = f"/api/v1/cases/{case['id']}/items/PU-1"
    response = put(phone, url, json={"result": "compliant", "answered_at": answered})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["answered_at"].startswith(answered[:19])


@pytest.mark.parametrize(
    ("moment", "message"),
    [(lambda: clock.utcnow() + timedelta(hours=1), FUTURE), (lambda: ago(60), BEFORE)],
)
def test_an_answer_time_out_of_bounds_is_refused_and_nothing_saved(phone, world, moment, message):
    case = open_offline_case(phone, world, minutes_ago=30)
    url = f"/api/v1/cases/{case['id']}/items/PU-1"
    response = put(phone, url, json={"result": "compliant", "answered_at": iso(moment())})
    assert response.status_code == 422
    assert message in response.get_json()["errors"]["answered_at"][0]
    assert db.session.scalar(select(func.count()).select_from(ItemAnswer)) == 0


def test_a_photo_keeps_the_time_it_was_taken(phone, world):
    taken = iso(ago(10))
    case = open_offline_case(phone, world)
    data = {"file": (BytesIO(jpeg(3)), "p.jpg"), "taken_at": taken}
    response = phone.post(f"/api/v1/cases/{case['id']}/photos", key=key(), data=data)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["captured_at"].startswith(taken[:19])
    late = {"file": (BytesIO(jpeg(4)), "q.jpg"), "taken_at": iso(ago(90))}
    refused = phone.post(f"/api/v1/cases/{case['id']}/photos", key=key(), data=late)
    assert refused.status_code == 422 and "taken_at" in refused.get_json()["errors"]
    assert db.session.scalar(select(func.count()).select_from(Photo)) == 1


def test_a_signature_and_a_refusal_keep_the_phones_time(phone, world):
    signed_at = iso(ago(5))
    refused_at = iso(ago(4))
    case = open_offline_case(phone, world)
    signer = f"/api/v1/cases/{case['id']}/signatures/inspector:{world.inspector_a.id}"
    data = {"image": (BytesIO(signature_png()), "s.png"), "signed_at": signed_at}
    signed = phone.post(signer, key=key(), data=data)
    assert signed.status_code == 201, signed.get_json()
    assert signed.get_json()["signature"]["signed_at"].startswith(signed_at[:19])
    refusal = f"/api/v1/cases/{case['id']}/signatures/representative/refusal"
    body = {"refusal": "拒绝签字", "signed_at": refused_at}
    refused = phone.post(refusal, key=key(), json=body)
    assert refused.status_code == 201
    assert refused.get_json()["signature"]["signed_at"].startswith(refused_at[:19])


def test_a_certificate_check_keeps_the_phones_time(phone, world):
    checked = iso(ago(7))
    from tests import factories

    person = factories.make_person(world.subject_a)
    certificate = factories.make_certificate(person)
    db.session.commit()
    case = open_offline_case(phone, world)
    url = f"/api/v1/cases/{case['id']}/certificate-checks/{person.id}"
    body = {"certificate_id": certificate.id, "shown": True, "number_matches": True}
    response = put(phone, url, json=body | {"checked_at": checked})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["checked_at"].startswith(checked[:19])


def test_an_oral_question_is_recorded_with_the_phones_time_and_listed(phone, world):
    asked = iso(ago(8))
    case = open_offline_case(phone, world)
    url = f"/api/v1/cases/{case['id']}/oral-questions"
    body = {"worker_name": "赵六", "text": "灭火器怎么用？", "verdict": "partly", "note": "犹豫"}
    response = phone.post(url, key=key(), json=body | {"asked_at": asked})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["asked_at"].startswith(asked[:19])
    listed = phone.get(url).get_json()
    assert [(o["worker_name"], o["verdict"]) for o in listed] == [("赵六", "partly")]
    empty = phone.post(url, key=key(), json={"worker_name": "赵六", "verdict": "correct"})
    assert empty.status_code == 422


def test_a_stale_answer_is_a_409_carrying_the_servers_answer(client, phone, world):
    case = open_offline_case(phone, world)
    url = f"/api/v1/cases/{case['id']}/items/PU-1"
    assert put(phone, url, json={"result": "compliant"}).status_code == 200
    other = Phone(client, world.inspector_a)
    body = {"result": "non_compliant", "note": "灭火器过期", "version": 1}
    assert put(other, url, json=body).status_code == 200
    stale = put(phone, url, json={"result": "not_applicable", "version": 1})
    assert stale.status_code == 409 and stale.mimetype == PROBLEM
    current = stale.get_json()["current"]
    assert current["result"] == "non_compliant" and current["note"] == "灭火器过期"
    assert current["version"] == 2
