"""SQLite: no save fails because another writer is slow; commits are synced to disk (FULL)."""

import threading

import pytest
from sqlalchemy import text

from inspect_app.extensions import db
from inspect_app.inspections.models import ItemAnswer
from tests import factories

# Longer than the 5 s SQLite used to wait for a lock before it answered "database is locked".
SLOW_WRITE_SECONDS = 6


@pytest.fixture
def database_uri(tmp_path):
    return "sqlite:///" + str(tmp_path / "locking.sqlite3")


def test_app_database_syncs_every_commit(app):
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def _hold_write_lock(app, started: threading.Event, seconds: float) -> None:
    """A deliberately slow writer, as issuing a record with many photos is."""
    with app.app_context(), db.engine.connect() as connection:
        connection.exec_driver_sql("UPDATE subject SET name = name")  # takes the write lock
        started.set()
        threading.Event().wait(seconds)
        connection.commit()


def test_an_autosave_waits_for_a_slow_writer_instead_of_failing(app, world, client, login):
    case = factories.make_inspection(world)
    login(world.inspector_a)
    started = threading.Event()
    writer = threading.Thread(target=_hold_write_lock, args=(app, started, SLOW_WRITE_SECONDS))
    writer.start()
    assert started.wait(10)
    url = f"/inspections/{case.id}/answers/PU-1"
    response = client.post(url, json={"result": "compliant", "note": ""})
    writer.join()
    assert response.status_code == 200, response.data[:300]
    db.session.expire_all()
    assert db.session.query(ItemAnswer).filter_by(inspection_id=case.id).count() == 1


def test_a_read_then_write_transaction_retries_a_contended_lock(app, world):
    """A transaction that began as a reader and meets a newer commit is run again."""
    from sqlalchemy.exc import OperationalError

    from inspect_app.database import retry_contended

    calls = []

    def work():
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("UPDATE", {}, Exception("database is locked"))
        return "saved"

    assert retry_contended(work, db.session) == "saved"
    assert len(calls) == 2


def test_the_response_hooks_survive_a_session_left_dead_by_a_failed_write(tmp_path):
    """A view that answers after a failed flush without rolling back: the answer stands."""
    from flask import abort
    from flask_login import login_user

    from inspect_app import create_app
    from inspect_app.auth.models import User
    from inspect_app.security import public
    from tests.conftest import make_config

    app = create_app(make_config(f"sqlite:///{tmp_path}/dead.db"))

    @app.get("/dead-session")
    @public
    def dead_session():
        user = db.session.get(User, 1)
        login_user(user)
        db.session.expire_all()  # the hooks must load the user again, from a dead session
        db.session.add(User(username=user.username))  # a duplicate: the flush fails
        try:
            db.session.flush()
        except Exception:
            abort(409)  # answered without a rollback

    with app.app_context():
        db.create_all()
        factories.make_world()
        db.session.remove()
    response = app.test_client().get("/dead-session")
    assert response.status_code == 409
    assert response.headers["X-Frame-Options"] == "DENY"
