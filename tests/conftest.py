"""Fixtures: an app per test on SQLite (and on PostgreSQL when TEST_DATABASE_URL is set)."""

import os
import re
import shutil
import tempfile
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from flask.testing import FlaskClient
from sqlalchemy import create_engine, inspect, make_url, text

from inspect_app import clock as app_clock
from inspect_app import create_app
from inspect_app.extensions import db
from tests import factories
from tests.pages import PageClient

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]

# The instant every test starts at. CI also runs the suite at awkward instants through TEST_NOW
# (an ISO 8601 moment with its offset), so no test may assume a particular date.
TEST_ZONE = ZoneInfo("Asia/Shanghai")
FROZEN_AT = datetime.fromisoformat(os.environ.get("TEST_NOW") or "2026-11-18T10:30:00+08:00")


class Clock:
    """The test's clock: starts at FROZEN_AT and runs on, unless the test moves or stops it."""

    def __init__(self, traveller) -> None:
        self._traveller = traveller

    def now(self) -> datetime:
        return app_clock.utcnow().astimezone(TEST_ZONE)

    def today(self) -> date:
        return self.now().date()

    def move_to(self, moment: datetime, tick: bool = True) -> None:
        """Jump to an aware moment."""
        if moment.tzinfo is None:
            raise ValueError("give the test clock an aware datetime")
        self._traveller.move_to(moment, tick=tick)

    def set_today(self, day: date, at: time = time(10, 30)) -> None:
        """Jump to a wall-clock time on a given Shanghai calendar day."""
        self.move_to(datetime.combine(day, at, tzinfo=TEST_ZONE))

    def shift(self, delta: timedelta) -> None:
        self._traveller.shift(delta)


def pytest_configure(config):
    """Travel for the whole session, so session fixtures and live servers share the clock."""
    config.session_travel = time_machine.travel(FROZEN_AT, tick=True)
    config.session_travel.start()


def pytest_unconfigure(config):
    travel = getattr(config, "session_travel", None)
    if travel is not None:
        travel.stop()


@pytest.fixture(autouse=True)
def clock(request):
    """Each test (but a browser test, which shares the live server's clock) starts at FROZEN_AT."""
    if request.node.get_closest_marker("browser"):
        yield None
        return
    with time_machine.travel(FROZEN_AT, tick=True) as traveller:
        yield Clock(traveller)


def make_config(uri: str, **overrides) -> dict:
    config = {
        "STORAGE_DIR": tempfile.mkdtemp(prefix="inspect-storage-"),
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "SQLALCHEMY_DATABASE_URI": uri,
        "WTF_CSRF_ENABLED": False,
        "PUBLIC_BASE_URL": "https://inspect.test",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast hashing keeps the suite quick
        # Background jobs (PDF rendering) run in the process as each commit enqueues them;
        # tests/jobs drains a real queue with a real consumer.
        "QUEUE_IMMEDIATE": True,
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def postgres_url(worker_id) -> str:
    """TEST_DATABASE_URL, or under pytest-xdist a database of this worker's own beside it."""
    if worker_id == "master":
        return PG_URL
    url = make_url(PG_URL)
    name = f"{url.database}_{worker_id}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        query = text("SELECT 1 FROM pg_database WHERE datname = :name")
        if connection.execute(query, {"name": name}).scalar() is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An empty database with the schema, made once per worker and copied for each test."""
    path = tmp_path_factory.mktemp("schema") / "empty.sqlite3"
    with create_app(make_config(f"sqlite:///{path}")).app_context():
        db.create_all()
        db.session.remove()
        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def s3_server():
    """A real S3-speaking server (moto's) on a free local port, one per test process; it runs
    in this process, so signed URLs are checked against the test's clock."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_settings(s3_server) -> dict:
    """Settings of an S3 backend on a new, empty bucket of the test server."""
    import boto3

    bucket = f"test-{uuid.uuid4().hex[:16]}"
    settings = {
        "STORAGE_BACKEND": "s3",
        "S3_ENDPOINT_URL": s3_server,
        "S3_BUCKET": bucket,
        "S3_ACCESS_KEY_ID": "test-key",
        "S3_SECRET_ACCESS_KEY": "test-secret",
        "S3_REGION": "us-east-1",
        "S3_PREFIX": "inspect",
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=bucket)
    return settings


@pytest.fixture(params=BACKENDS)
def database_uri(request, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def app_config(request, tmp_path):
    """Per-test overrides of the app config. Tests marked `queued` get a job queue of their own
    that nothing works off until the test drains it (a worker's renders, not the request's)."""
    if request.node.get_closest_marker("queued"):
        return {"QUEUE_IMMEDIATE": False, "QUEUE_URL": f"sqlite:///{tmp_path}/queue.sqlite3"}
    return {}


@pytest.fixture
def app(database_uri, app_config):
    app = create_app(make_config(database_uri, **app_config))
    with app.app_context():
        if database_uri.startswith("postgresql"):
            empty_postgres()
        elif not inspect(db.engine).get_table_names():  # a module's own empty file
            db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


PG_SCHEMA = {"ready": False}  # this worker's PostgreSQL database holds exactly the models' schema


def empty_postgres() -> None:
    """Empty every table (schema made once per worker): far quicker than dropping it each test."""
    if not PG_SCHEMA["ready"]:
        db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.session.commit()
        db.create_all()
        PG_SCHEMA["ready"] = True
        return
    names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo data seeded once per session (SQLite file and storage), at FROZEN_AT."""
    from inspect_app.demo import seed_demo

    folder = tmp_path_factory.mktemp("demo-template")
    config = make_config(f"sqlite:///{folder}/demo.sqlite3", STORAGE_DIR=str(folder / "storage"))
    with time_machine.travel(FROZEN_AT, tick=False), create_app(config).app_context():
        db.create_all()
        seed_demo()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return folder


@pytest.fixture
def demo_app(demo_template, tmp_path, app_config):
    """An app on a fresh copy of the seeded demo data; reading it costs no seeding."""
    folder = shutil.copytree(demo_template, tmp_path / "demo")
    config = make_config(
        f"sqlite:///{folder}/demo.sqlite3", STORAGE_DIR=str(folder / "storage"), **app_config
    )
    app = create_app(config)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def demo_client(demo_app):
    demo_app.test_client_class = FreshContextClient
    return demo_app.test_client()


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
def client_request(client) -> PageClient:
    """GET or POST a page, assert its status and get it back parsed."""
    return PageClient(client)


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
