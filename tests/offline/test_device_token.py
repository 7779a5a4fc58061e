"""The phone's device token: issued to a signed-in page, used as the API's bearer token,
refused once expired, and revoked when the phone signs out (only the signer's own)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from inspect_app.api.models import ApiToken
from inspect_app.extensions import db
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD


def _issue(client) -> dict:
    response = client.post("/offline/device")
    assert response.status_code == 201, response.data[:300]
    return response.get_json()


def _regions(client, token: str):
    return client.get("/api/v1/regions", headers={"Authorization": f"Bearer {token}"})


def test_a_signed_in_page_gets_a_device_token_that_expires_in_30_days(client, world, login, clock):
    login(world.inspector_a)
    body = _issue(client)
    assert body["user"] == {
        "id": world.inspector_a.id,
        "name": world.inspector_a.display_name,
        "region_id": world.town_a.id,
    }
    token = db.session.get(ApiToken, body["token_id"])
    assert token.purpose == "offline" and token.user_id == world.inspector_a.id
    assert token.expires_at - clock.now() > timedelta(days=29, hours=23)
    assert token.expires_at - clock.now() <= timedelta(days=30)
    assert body["expires_at"].endswith("Z")
    assert 30 * 86400 - 60 < body["expires_in"] <= 30 * 86400
    assert _regions(client, body["token"]).status_code == 200


def test_no_token_without_signing_in(client, world):
    response = client.post("/offline/device", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert db.session.scalar(select(ApiToken.id)) is None


def test_an_expired_device_token_is_refused(client, world, login, clock):
    login(world.inspector_a)
    token = _issue(client)["token"]
    assert _regions(client, token).status_code == 200
    clock.shift(timedelta(days=30, minutes=1))
    refused = _regions(client, token)
    assert refused.status_code == 401
    assert refused.mimetype == "application/problem+json"


def test_signing_out_revokes_the_posted_device_token(client, world, login):
    login(world.inspector_a)
    body = _issue(client)
    client.post("/logout", data={"device_token_id": str(body["token_id"])})
    assert db.session.get(ApiToken, body["token_id"]).revoked_at is not None
    assert _regions(client, body["token"]).status_code == 401


def test_signing_out_never_revokes_another_users_token(client, world, login):
    login(world.inspector_b)
    other = _issue(client)
    client.post("/logout")
    login(world.inspector_a)
    mine = _issue(client)
    client.post("/logout", data={"device_token_id": str(other["token_id"])})
    assert db.session.get(ApiToken, other["token_id"]).revoked_at is None
    assert _regions(client, other["token"]).status_code == 200
    assert db.session.get(ApiToken, mine["token_id"]).revoked_at is None


def test_signing_out_with_a_malformed_id_still_signs_out(client, world, login):
    login(world.inspector_a)
    body = _issue(client)
    response = client.post("/logout", data={"device_token_id": "99999999999999999999"})
    assert response.status_code == 302
    assert client.get("/offline/").status_code == 302  # signed out: back to the sign-in page
    assert db.session.get(ApiToken, body["token_id"]).revoked_at is None


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_the_device_token_needs_the_pages_csrf_token(client, world, app_config):
    page = client.get("/login")
    form = {"username": world.inspector_a.username, "password": PASSWORD}
    client.post("/login", data={**form, "csrf_token": csrf_token_from(page.get_data(True))})
    home = client.get("/").get_data(as_text=True)
    refused = client.post("/offline/device", headers={"Accept": "application/json"})
    assert refused.status_code == 400
    headers = {"X-CSRFToken": csrf_token_from(home), "Accept": "application/json"}
    assert client.post("/offline/device", headers=headers).status_code == 201
