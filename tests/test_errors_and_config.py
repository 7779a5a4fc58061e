"""Error pages in the app's style, security headers, and configuration rules."""

import pytest

from inspect_app import create_app
from inspect_app.config import _psycopg3
from inspect_app.security import public
from tests.pages import parse


def test_404_page(client):
    response = client.get("/no/such/page")
    soup = parse(response)
    assert response.status_code == 404
    assert soup.select_one(".error-code").get_text() == "404"
    assert soup.h1.get_text() == "页面不存在"
    sheets = [link["href"].split("?")[0] for link in soup.select("link[rel=stylesheet]")]
    assert sheets == ["/static/css/app.css", "/static/css/cases.css", "/static/css/sections.css"]


def test_403_page(client, world, login):
    login(world.inspector_a)
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert parse(response).h1.get_text() == "无权操作"


@pytest.mark.parametrize("app_config", [{"MAX_CONTENT_LENGTH": 1024}])
def test_413_page(client, app_config):
    response = client.post("/login", data={"username": "x" * 4096, "password": "y"})
    assert response.status_code == 413
    assert parse(response).h1.get_text() == "内容过大"


def test_500_page_shows_no_stack_trace(app, client):
    def explode():
        raise RuntimeError("secret internals")

    app.add_url_rule("/explode", "explode", public(explode))
    response = client.get("/explode")
    page = response.data.decode()
    assert response.status_code == 500
    assert parse(response).h1.get_text() == "出错了"
    assert "secret internals" not in page
    assert "Traceback" not in page


def test_security_headers(client, world, login):
    anonymous = client.get("/login")
    assert "default-src 'self'" in anonymous.headers["Content-Security-Policy"]
    assert anonymous.headers["X-Content-Type-Options"] == "nosniff"
    login(world.inspector_a)
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_pages_load_nothing_from_other_hosts(client_request, world, login):
    login(world.inspector_a)
    soup = client_request.get(f"/subjects/{world.subject_a.id}")
    urls = [t.get("src") or t.get("href") for t in soup.select("script[src], link[href], img")]
    assert urls and all(u.startswith("/") for u in urls)


@pytest.mark.parametrize("secret", [None, "", "change-me", "short"])
def test_refuses_to_start_without_a_real_secret(tmp_path, monkeypatch, secret):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = {"TESTING": False, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"}
    if secret is not None:
        config["SECRET_KEY"] = secret
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config)


def test_environment_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://qr.example.gov.cn")
    monkeypatch.setenv("TIMEZONE", "Asia/Urumqi")
    monkeypatch.setenv("PORT", "8123")
    app = create_app()
    assert app.config["SECRET_KEY"] == "k" * 40
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/env.db"
    assert app.config["PUBLIC_BASE_URL"] == "https://qr.example.gov.cn"
    assert (app.config["TIMEZONE"], app.config["PORT"]) == ("Asia/Urumqi", 8123)
    assert app.config["MAX_CONTENT_LENGTH"] > 0


def test_postgres_urls_use_psycopg3():
    assert _psycopg3("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert _psycopg3("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert _psycopg3("sqlite:///x") == "sqlite:///x"


def test_sqlite_runs_in_wal_mode_with_busy_timeout(tmp_path):
    from sqlalchemy import text

    from inspect_app.extensions import db
    from tests.conftest import make_config

    app = create_app(make_config(f"sqlite:///{tmp_path}/wal.db"))
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 60_000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_health_answers_without_sign_in_or_database(client):
    response = client.get("/healthz")
    assert (response.status_code, response.data) == (200, b"ok\n")
    assert response.headers["Cache-Control"] == "no-store"
