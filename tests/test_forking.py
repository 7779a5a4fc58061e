"""inspect_app/forking.py: what gunicorn's master does once the app is loaded, and what each
worker forked from it does first."""

import gc

import pytest
from flask import Flask
from huey.storage import SqliteStorage
from sqlalchemy import text

from inspect_app.extensions import db
from inspect_app.forking import after_fork, prepare_to_fork


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()  # the test process goes on collecting as before


def test_the_master_compiles_every_template_and_freezes_what_is_alive(app, unfrozen):
    names = [name for name in app.jinja_env.list_templates() if name.endswith(".html")]
    app.jinja_env.cache.clear()
    compiled = prepare_to_fork(app)
    assert compiled == len(names) > 100
    cached = {key[1] for key in app.jinja_env.cache}  # (loader ref, name)
    assert set(names) <= cached
    assert gc.get_freeze_count() > 0


def test_a_worker_forgets_the_masters_connections(app):
    pool = db.engine.pool
    held = db.session.connection().connection.dbapi_connection  # the master's, say
    db.session.execute(text("SELECT 1"))
    db.session.remove()  # back in the pool, still open
    assert pool.checkedin() == 1
    after_fork(app)
    assert db.engine.pool is not pool and db.engine.pool.checkedin() == 0
    assert held.execute("SELECT 2").fetchone() == (2,)  # not closed under the master
    own = db.session.connection().connection.dbapi_connection
    assert own is not held  # the worker opens its own
    assert db.session.execute(text("SELECT 3")).scalar() == 3


def test_a_worker_forgets_the_job_queues_connection(app, tmp_path, monkeypatch):
    storage = SqliteStorage("forking", filename=str(tmp_path / "queue.sqlite3"))
    held = storage.conn  # opened in the master, say
    monkeypatch.setattr(app.extensions["jobs"].huey, "storage", storage)
    after_fork(app)
    assert storage._conn is None
    assert held.execute("SELECT 1").fetchone() == (1,)  # not closed under the master
    assert storage.conn is not held  # the worker's own, on first use


def test_a_bare_app_under_the_same_settings_forks_too(tmp_path, unfrozen):
    """bench/pages.py serves a bare Flask app with gunicorn.conf.py, hooks and all."""
    bare = Flask("bare", root_path=str(tmp_path))
    assert prepare_to_fork(bare) == 0
    after_fork(bare)  # no database, no queue: nothing to forget, and no error
