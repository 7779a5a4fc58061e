"""Migrations from an empty database equal the models, on SQLite and on PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from inspect_app import create_app
from inspect_app.extensions import db
from tests.conftest import PG_SCHEMA, make_config


@pytest.fixture
def empty_app(database_uri, tmp_path):
    """An app on an empty database: a new SQLite file, or the worker's PostgreSQL emptied (and
    marked for the next test to make the models' schema again)."""
    if database_uri.startswith("sqlite"):
        database_uri = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    app = create_app(make_config(database_uri))
    with app.app_context():
        if database_uri.startswith("postgresql"):
            PG_SCHEMA["ready"] = False
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        yield app
        db.session.remove()


def _differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_from_empty_matches_models(empty_app):
    upgrade()
    assert _differences() == []


def test_downgrade_to_empty_and_back(empty_app):
    upgrade()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert _differences() == []
