"""Which queue the config names: SQLite in instance/ by default, Redis, PostgreSQL."""

import pytest
from huey import PostgresHuey, RedisHuey, SqliteHuey

from inspect_app import create_app
from inspect_app.jobs.queue import queue_name
from tests.conftest import BACKENDS, make_config


def _huey(tmp_path, **config):
    uri = f"sqlite:///{tmp_path}/app.sqlite3"
    return create_app(make_config(uri, QUEUE_IMMEDIATE=False, **config)).extensions["jobs"].huey


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_queue_is_a_sqlite_file_or_the_postgresql_server_named(tmp_path, backend, request):
    """Huey creates its tables as it starts: PostgreSQL runs where a server is configured."""
    if backend == "sqlite":
        huey, kind = _huey(tmp_path, QUEUE_URL=f"sqlite:///{tmp_path}/q.sqlite3"), SqliteHuey
        assert (tmp_path / "q.sqlite3").exists()
    else:
        huey, kind = (
            _huey(tmp_path, QUEUE_URL=request.getfixturevalue("postgres_url")),
            PostgresHuey,
        )
    assert isinstance(huey, kind)
    huey.flush()
    huey.enqueue(huey.task(name="noop")(lambda: None).s())
    assert huey.pending_count() == 1
    huey.flush()


def test_a_redis_url_picks_redis(tmp_path):
    assert isinstance(_huey(tmp_path, QUEUE_URL="redis://127.0.0.1:6379/5"), RedisHuey)


def test_each_database_has_its_own_queue():
    one, other = queue_name("sqlite:///a.sqlite3"), queue_name("sqlite:///b.sqlite3")
    assert one != other and one == queue_name("sqlite:///a.sqlite3")
