"""Fixtures: an app per test on SQLite (and on PostgreSQL when TEST_DATABASE_URL is set)."""

import os
import re
import tempfile

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from inspect_app import create_app
from inspect_app.extensions import db
from tests import factories

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]


def make_config(uri: str, **overrides) -> dict:
    config = {
        "STORAGE_DIR": tempfile.mkdtemp(prefix="inspect-storage-"),
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "SQLALCHEMY_DATABASE_URI": uri,
        "WTF_CSRF_ENABLED": False,
        "PUBLIC_BASE_URL": "https://inspect.test",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast hashing keeps the suite quick
    }
    config.update(overrides)
    return config


@pytest.fixture(params=BACKENDS)
def database_uri(request, tmp_path):
    if request.param == "sqlite":
        return "sqlite:///" + str(tmp_path / "test.sqlite3")
    return PG_URL


@pytest.fixture
def app_config():
    """Per-test overrides of the app config."""
    return {}


@pytest.fixture
def app(database_uri, app_config):
    app = create_app(make_config(database_uri, **app_config))
    with app.app_context():
        if database_uri.startswith("postgresql"):
            _reset_postgres()
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()


def _reset_postgres() -> None:
    db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    db.session.commit()


class FreshContextClient(FlaskClient):
    """Each request runs in its own app context, as in production: fresh `g` and DB session."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture
def client(app):
    app.test_client_class = FreshContextClient
    return app.test_client()


@pytest.fixture
def world(app):
    """A county with towns A and B, users of each role, a subject with people in each town."""
    return factories.make_world()


@pytest.fixture
def login(client):
    """Sign a user in through the real form."""

    def _login(user, password=factories.PASSWORD):
        response = client.post("/login", data={"username": user.username, "password": password})
        assert response.status_code == 302, response.data[:500]
        return response

    return _login


def csrf_token_from(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
