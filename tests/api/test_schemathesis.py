"""Generated requests against the API's own description (schemathesis): no answer is a 5xx, and
every answer matches the status codes, media types and schemas the description documents.

Half the examples name real objects in their path, so bodies reach the services rather than
stopping at a 404. SQLite only: what the backends do differently is covered elsewhere."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from inspect_app.extensions import db
from tests.api.spec import UNSCOPED

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 40


@pytest.fixture
def database_uri(tmp_path):
    """This module on SQLite alone, whichever backends the suite runs on."""
    return "sqlite:///" + str(tmp_path / "test.sqlite3")


def _fresh_context(app):
    """Each request in its own app context, as in production (a fresh `g` and session)."""

    def wsgi(environ, start_response):
        with app.app_context():
            body = list(app(environ, start_response))
        db.session.expire_all()
        return body

    return wsgi


def test_generated_requests_answer_as_described(app, world, token_for, town_objects):
    """Each operation in turn, with examples generated from its parameters and body."""
    bearer = f"Bearer {token_for(world.admin)}"
    real = {**UNSCOPED, **town_objects["A"]}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _fresh_context(app))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), use_real_ids=st.booleans())
        def answers_as_described(case, use_real_ids):
            if use_real_ids and case.path_parameters:
                case.path_parameters = {k: real.get(k, v) for k, v in case.path_parameters.items()}
            # The in-process transport does not undo compression as an HTTP client would
            # (compression has its own tests): ask for the answers as they are.
            extra = {"Authorization": bearer, "Accept-Encoding": "identity"}
            case.headers = {**(case.headers or {}), **extra}
            case.call_and_validate(checks=CHECKS)

        answers_as_described()
