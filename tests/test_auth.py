"""Sign-in, throttling across processes, session expiry and cookie flags."""

from datetime import timedelta

import itsdangerous.timed
import pytest

from inspect_app import create_app
from inspect_app.extensions import db
from tests.conftest import make_config
from tests.factories import PASSWORD
from tests.pages import parse


def _post_login(client, username, password, address="10.0.0.1"):
    return client.post(
        "/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _form_error(response) -> str:
    return parse(response).select_one(".error-summary").get_text()


def test_sign_in_and_out(client, world):
    response = _post_login(client, "INSP_A", PASSWORD)  # usernames are case-insensitive
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    response = client.post("/logout")
    assert response.headers["Location"] == "/login"
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, world):
    response = _post_login(client, "insp_a", "wrong-password")
    assert response.status_code == 422
    assert "用户名或密码错误" in _form_error(response)
    assert client.get("/").status_code == 302


def test_next_only_follows_local_paths(client, world):
    ok = client.post("/login?next=/subjects/", data={"username": "insp_a", "password": PASSWORD})
    assert ok.headers["Location"] == "/subjects/"
    client.post("/logout")
    evil = client.post(
        "/login?next=//evil.example/", data={"username": "insp_a", "password": PASSWORD}
    )
    assert evil.headers["Location"] == "/"


def _fail(client, times, username="insp_a", address="10.0.0.1", clock=None):
    """Wrong passwords, each sent once its delay has passed (the clock moved past it)."""
    for _attempt in range(times):
        if clock is not None:
            clock.shift(timedelta(minutes=1))
        assert "用户名或密码错误" in _form_error(_post_login(client, username, "nope", address))


@pytest.fixture
def still(clock):
    """The clock stands still, so a delay lasts exactly as long as the test says."""
    clock.move_to(clock.now(), tick=False)
    return clock


def test_failures_ask_for_growing_waits_not_a_lockout(client, world, still):
    _fail(client, 3, address="10.0.1.1")  # three free tries, the last a moment ago
    response = _post_login(client, "insp_a", PASSWORD, address="10.9.9.9")
    assert response.status_code == 422
    assert "请等待 1 秒后重试" in _form_error(response)
    assert client.get("/").status_code == 302
    still.shift(timedelta(seconds=1))
    _fail(client, 1, address="10.0.1.2")  # the fourth failure doubles the wait
    assert "请等待 2 秒后重试" in _form_error(_post_login(client, "insp_a", PASSWORD, "10.9.9.9"))
    # Other accounts are unaffected.
    assert _post_login(client, "insp_b", PASSWORD, address="10.9.9.9").status_code == 302


def test_an_attacker_cannot_keep_an_inspector_out(client, world, still):
    """Fifty wrong guesses in fifteen minutes: the inspector waits half a minute at most."""
    _fail(client, 14, address="198.51.100.7", clock=still)
    assert "请等待 30 秒后重试" in _form_error(_post_login(client, "insp_a", PASSWORD, "10.9.9.9"))
    still.shift(timedelta(seconds=30))
    assert _post_login(client, "insp_a", PASSWORD, address="10.9.9.9").status_code == 302


def test_refused_attempts_during_a_wait_are_not_counted(client, world, still):
    _fail(client, 3)
    for _attempt in range(20):
        _post_login(client, "insp_a", "nope")
    still.shift(timedelta(seconds=1))
    assert _post_login(client, "insp_a", PASSWORD).status_code == 302


def test_address_delayed_after_ten_failures_on_any_usernames(client, world, still):
    for attempt in range(10):
        _fail(client, 1, username=f"nobody{attempt}", address="10.0.2.2")
    assert "请等待" in _form_error(_post_login(client, "insp_a", PASSWORD, "10.0.2.2"))
    assert _post_login(client, "insp_a", PASSWORD, address="10.0.2.3").status_code == 302


def test_delay_is_shared_between_worker_processes(app, database_uri, world, still):
    """A second app on the same database (as a second gunicorn worker) sees the failures."""
    second = create_app(make_config(database_uri))
    _fail(app.test_client(), 3)
    with second.app_context():
        response = _post_login(second.test_client(), "insp_a", PASSWORD)
        assert "请等待" in _form_error(response)
        db.session.remove()


def test_success_clears_the_username_counter(client, world, still):
    _fail(client, 3)
    still.shift(timedelta(seconds=1))
    assert _post_login(client, "insp_a", PASSWORD).status_code == 302
    client.post("/logout")
    _fail(client, 3)
    still.shift(timedelta(seconds=1))
    assert _post_login(client, "insp_a", PASSWORD).status_code == 302


def test_unknown_usernames_are_checked_against_a_dummy_hash(client, world, monkeypatch):
    """The same hashing work for an unknown name as for a known one: timing tells nothing."""
    from inspect_app.auth import services

    checked = []
    original = services.check_password_hash
    monkeypatch.setattr(
        services, "check_password_hash", lambda h, p: checked.append(h) or original(h, p)
    )
    assert _post_login(client, "no-such-user", "some-password").status_code == 422
    assert len(checked) == 1
    assert checked[0].startswith(client.application.config["PASSWORD_HASH_METHOD"])


def test_deactivated_account_cannot_sign_in_and_loses_its_session(client, world, login):
    from inspect_app.auth.services import update_user

    login(world.inspector_a)
    update_user(world.inspector_a, active=False)
    db.session.commit()
    assert client.get("/").status_code == 302
    assert _post_login(client, "insp_a", PASSWORD).status_code == 422


def test_password_change_ends_other_sessions(app, client, world, login):
    login(world.inspector_a)
    world.inspector_a.set_password("a-brand-new-password")
    db.session.commit()
    assert client.get("/").status_code == 302


class _Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


def test_idle_session_expires(client, world, login, monkeypatch):
    clock = _Clock(1_800_000_000.0)
    monkeypatch.setattr(itsdangerous.timed, "time", clock)
    login(world.inspector_a)
    clock.now += 110 * 60  # used again within the two-hour limit: still signed in
    assert client.get("/").status_code == 200
    clock.now += 110 * 60  # the previous request renewed it
    assert client.get("/").status_code == 200
    clock.now += 2 * 3600 + 60
    assert client.get("/").status_code == 302


def _session_cookie(response) -> str:
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))


def test_session_cookie_flags_over_http(client, world):
    cookie = _session_cookie(_post_login(client, "insp_a", PASSWORD))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_over_https(client, world):
    response = client.post(
        "/login",
        data={"username": "insp_a", "password": PASSWORD},
        base_url="https://inspect.test",
    )
    assert "Secure" in _session_cookie(response)


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_post_without_csrf_token_is_refused(client, world, app_config):
    response = _post_login(client, "insp_a", PASSWORD)
    assert response.status_code == 400
    assert "表单已过期" in parse(response).get_text()
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_subject_post_without_csrf_token_saves_nothing(client, world, app_config):
    from tests.conftest import csrf_token_from

    page = client.get("/login").data.decode()
    client.post(
        "/login",
        data={"username": "insp_a", "password": PASSWORD, "csrf_token": csrf_token_from(page)},
    )
    before = len(world.town_a.name)
    response = client.post(f"/subjects/{world.subject_a.id}/edit", data={"name": "Changed"})
    assert response.status_code == 400
    db.session.expire_all()
    assert world.subject_a.name == "Unit in A"
    assert before == len(world.town_a.name)
