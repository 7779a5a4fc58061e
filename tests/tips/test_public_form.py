"""The public tip-off form: accepted from a person, refused to floods and scripts, and never
showing the informant's contact; the progress page shows only status and outcome."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.tips import services
from inspect_app.tips.models import Tip
from tests.pages import parse
from tests.tips.helpers import CONTACT, public_fields, public_form_token, send_public_tip


def tip_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Tip))


def test_a_tip_sent_gives_a_query_code_and_keeps_the_contact_private(client, world, clock):
    response = send_public_tip(client, world.town_a, clock)
    assert response.status_code == 200
    page = parse(response)
    code = page.find(id="query-code").get_text(strip=True)
    tip = services.tip_by_code(code)
    assert tip is not None and tip.channel == "public_form" and tip.region_id == world.town_a.id
    assert tip.contact == CONTACT and tip.received_on == clock.today()
    assert CONTACT not in response.get_data(as_text=True)
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_the_progress_page_shows_status_and_outcome_only(client, world, clock):
    code = parse(send_public_tip(client, world.town_a, clock)).find(id="query-code").get_text()
    tip = services.tip_by_code(code)
    tip.subject_id = world.subject_a.id
    case = _case_of(world)
    services.verify_by_case(tip, case, world.inspector_a)
    services.record_outcome(tip, "substantiated", "顾建国承认代签，已立案处罚", world.inspector_a)
    db.session.commit()
    response = client.post("/tip-off/status", data={"code": code.lower().replace("-", " ")})
    assert response.status_code == 200
    text = parse(response).find("main").get_text(" ", strip=True)
    assert "已办结" in text or "Handled" in text
    assert "属实" in text or "Substantiated" in text
    for private in (
        CONTACT,
        "顾建国",
        "代签",
        world.subject_a.name,
        world.inspector_a.display_name,
    ):
        assert private not in response.get_data(as_text=True)


def _case_of(world):
    from tests.factories import make_inspection

    return make_inspection(world)


def test_an_unknown_code_finds_nothing(client, world):
    response = client.post("/tip-off/status", data={"code": "ABCD-EFGH-JKMN"})
    assert response.status_code == 404


def test_a_form_sent_at_once_is_refused(client, world, clock):
    token = public_form_token(client)
    clock.shift(timedelta(seconds=1))
    response = client.post("/tip-off/", data=public_fields(world.town_a, token))
    assert response.status_code == 400
    assert tip_count() == 0
    assert parse(response).find(class_="error-summary") is not None


def test_the_honeypot_refuses_a_script(client, world, clock):
    response = send_public_tip(client, world.town_a, clock, website="http://spam.example")
    assert response.status_code == 400
    assert tip_count() == 0


@pytest.mark.parametrize("token", ["", "forged.token", "eyJ0IjoxfQ.bad"])
def test_a_missing_or_forged_token_is_refused(client, world, clock, token):
    clock.shift(timedelta(seconds=30))
    response = client.post("/tip-off/", data=public_fields(world.town_a, token))
    assert response.status_code == 400
    assert tip_count() == 0


def test_an_old_token_is_refused(client, world, clock):
    token = public_form_token(client)
    clock.shift(timedelta(hours=3))
    response = client.post("/tip-off/", data=public_fields(world.town_a, token))
    assert response.status_code == 400
    assert tip_count() == 0


def test_a_token_is_good_for_one_tip(client, world, clock):
    token = public_form_token(client)
    clock.shift(timedelta(seconds=20))
    assert client.post("/tip-off/", data=public_fields(world.town_a, token)).status_code == 200
    again = client.post("/tip-off/", data=public_fields(world.town_a, token))
    assert again.status_code == 409
    assert tip_count() == 1


def test_one_address_is_limited_per_day(client, world, clock):
    for _ in range(3):
        assert send_public_tip(client, world.town_a, clock).status_code == 200
    refused = send_public_tip(client, world.town_a, clock)
    assert refused.status_code == 429
    assert tip_count() == 3
    other = send_public_tip(client, world.town_a, clock, address="198.51.100.9")
    assert other.status_code == 200
    clock.shift(timedelta(days=1, minutes=1))
    assert send_public_tip(client, world.town_a, clock).status_code == 200


@pytest.mark.parametrize("app_config", [{"TIP_PUBLIC_PER_HOUR": 4}])
def test_a_flood_from_many_addresses_meets_the_hourly_limit(client, world, clock, app_config):
    statuses = [
        send_public_tip(client, world.town_a, clock, address=f"192.0.2.{n}").status_code
        for n in range(1, 7)
    ]
    assert statuses == [200, 200, 200, 200, 429, 429]
    assert tip_count() == 4


@pytest.mark.parametrize("app_config", [{"TIP_QUERY_PER_ADDRESS": 3}])
def test_guessing_codes_is_limited(client, world, app_config):
    codes = [client.post("/tip-off/status", data={"code": "AAAA-BBBB-CCCC"}).status_code]
    codes += [client.post("/tip-off/status", data={"code": "AAAA-BBBB-CCCD"}).status_code]
    codes += [client.post("/tip-off/status", data={"code": "AAAA-BBBB-CCCE"}).status_code]
    codes += [client.post("/tip-off/status", data={"code": "AAAA-BBBB-CCCF"}).status_code]
    assert codes == [404, 404, 404, 429]


def test_bad_input_is_explained_and_nothing_saved(client, world, clock):
    response = send_public_tip(client, world.town_a, clock, allegation="", subject_name="")
    assert response.status_code == 422
    assert tip_count() == 0
    errors = parse(response).find(class_="error-summary").get_text()
    assert "单位" in errors or "unit" in errors


@pytest.mark.parametrize("app_config", [{"TIP_PUBLIC_FORM": False}])
def test_the_form_can_be_switched_off(client, world, app_config):
    assert client.get("/tip-off/").status_code == 404


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_the_form_works_without_a_session_when_csrf_is_on(client, world, clock, app_config):
    """Staff forms need the CSRF token; the public form has no session and uses its own token."""
    assert send_public_tip(client, world.town_a, clock).status_code == 200
    assert client.post("/tip-off/status", data={"code": "AAAA-BBBB-CCCC"}).status_code == 404
