"""Server-side sessions: logout ends them, idle and absolute limits, seeing and ending them."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from inspect_app.auth.models import UserSession
from inspect_app.extensions import db
from tests.conftest import FreshContextClient
from tests.factories import PASSWORD
from tests.pages import parse


@pytest.fixture(autouse=True)
def _fresh_contexts(app):
    """Each browser's requests run in their own app context, as in production."""
    app.test_client_class = FreshContextClient


def _sign_in(app, username="insp_a", address="10.0.0.1", agent="Phone A"):
    client = app.test_client()
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": address},
        headers={"User-Agent": agent},
    )
    assert response.status_code == 302
    return client


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(app, cookie: str, path: str = "/inspections/"):
    """A second browser presenting a copy of the cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get(path)


def test_a_cookie_captured_before_logout_is_worthless_after_it(app, world):
    client = _sign_in(app)
    captured = _cookie(client)
    assert _replay(app, captured).status_code == 200
    client.post("/logout")
    response = _replay(app, captured)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_the_cookie_holds_no_user_id_and_the_server_only_a_hash(app, world):
    client = _sign_in(app)
    item = db.session.scalars(select(UserSession)).one()
    assert item.user_id == world.inspector_a.id
    assert item.address == "10.0.0.1" and item.agent == "Phone A"
    assert len(item.token_hash) == 64 and item.token_hash not in _cookie(client)


def test_idle_limit_is_enforced_by_the_server(app, world, clock):
    client = _sign_in(app)
    captured = _cookie(client)
    clock.shift(timedelta(hours=1, minutes=50))
    assert client.get("/").status_code == 200
    clock.shift(timedelta(hours=2, minutes=1))
    # Even a cookie whose signature is still fresh cannot revive an idle session.
    assert _replay(app, captured).status_code == 302


def test_absolute_lifetime_ends_even_a_busy_session(app, world, clock):
    client = _sign_in(app)
    for _hour in range(11):
        clock.shift(timedelta(hours=1))
        assert client.get("/").status_code == 200
    clock.shift(timedelta(minutes=59))
    assert client.get("/").status_code == 200
    clock.shift(timedelta(minutes=2))  # 12 h 1 min after signing in
    assert client.get("/").status_code == 302


def test_a_new_sign_in_starts_a_new_session_not_the_old_one(app, world):
    first = _sign_in(app, agent="Phone A")
    second = _sign_in(app, agent="Laptop")
    assert _cookie(first) != _cookie(second)
    second.post("/logout")
    assert first.get("/").status_code == 200


def _sessions_page(client, url="/settings/sessions"):
    response = client.get(url)
    assert response.status_code == 200
    return parse(response)


def test_users_see_their_sessions_and_end_another(app, world):
    phone = _sign_in(app, agent="Mozilla/5.0 (iPhone) Phone")
    laptop = _sign_in(app, address="10.0.0.2", agent="Mozilla/5.0 (X11) Laptop")
    _sign_in(app, username="insp_b", agent="Other user")
    page = _sessions_page(phone)
    rows = page.select(".session-item")
    assert len(rows) == 2
    assert "Other user" not in page.get_text()
    current = page.select_one(".session-item.is-current")
    assert "10.0.0.1" in current.get_text()
    other = next(row for row in rows if row is not current)
    action = other.select_one("form")["action"]
    assert phone.post(action).status_code == 302
    assert laptop.get("/").status_code == 302
    assert phone.get("/").status_code == 200


def test_ending_all_other_sessions_keeps_this_one(app, world):
    phone = _sign_in(app)
    others = [_sign_in(app, agent=f"Device {n}") for n in range(3)]
    assert phone.post("/settings/sessions/end-others").status_code == 302
    assert all(c.get("/").status_code == 302 for c in others)
    assert phone.get("/").status_code == 200


def test_a_user_cannot_end_someone_elses_session(app, world):
    victim = _sign_in(app, username="insp_b")
    item = db.session.scalars(select(UserSession)).one()
    attacker = _sign_in(app)
    assert attacker.post(f"/settings/sessions/{item.id}/end").status_code == 404
    assert victim.get("/").status_code == 200


def test_admins_see_and_end_a_users_sessions(app, world):
    target = _sign_in(app, agent="Field phone")
    admin = _sign_in(app, username=world.admin.username)
    page = _sessions_page(admin, f"/admin/users/{world.inspector_a.id}/sessions")
    rows = page.select(".session-item")
    assert len(rows) == 1 and "Field phone" in rows[0].get_text()
    assert admin.post(rows[0].select_one("form")["action"]).status_code == 302
    assert target.get("/").status_code == 302
    assert admin.get("/").status_code == 200


@pytest.mark.parametrize("role", ["inspector_b", "supervisor_a"])
def test_only_admins_manage_other_users_sessions(app, world, role):
    user = getattr(world, role)
    client = _sign_in(app, username=user.username)
    response = client.get(f"/admin/users/{world.inspector_a.id}/sessions")
    assert response.status_code == 403
