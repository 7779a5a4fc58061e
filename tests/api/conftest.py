"""API fixtures: tokens for users of the world, and a client that sends them."""

from datetime import timedelta

import pytest

from inspect_app import clock
from inspect_app.api.services import create_token
from inspect_app.extensions import db
from inspect_app.findings.services import issue_order, record_finding
from inspect_app.penalties.services import impose_penalty
from inspect_app.quizzes.services import ensure_default_templates, start_attempt
from tests import factories
from tests.quizzes.test_onsite_support import issue, make_bank


@pytest.fixture
def token_for(app):
    """A fresh bearer token for a user."""

    def _token_for(user, name: str = "test") -> str:
        _token, plain = create_token(user, name)
        db.session.commit()
        return plain

    return _token_for


@pytest.fixture
def api(client, token_for):
    """Call the API as a user: api(user).get(url, ...) with that user's bearer token."""

    class Caller:
        def __init__(self, token: str) -> None:
            self.token = token

        def open(self, url: str, method: str = "GET", headers: dict | None = None, **kw):
            headers = {"Authorization": f"Bearer {self.token}", **(headers or {})}
            return client.open(url, method=method, headers=headers, **kw)

        def get(self, url: str, **kw):
            return self.open(url, "GET", **kw)

        def post(self, url: str, key: str | None = None, **kw):
            return self.open(url, "POST", headers=_key(key, kw), **kw)

        def patch(self, url: str, key: str | None = None, **kw):
            return self.open(url, "PATCH", headers=_key(key, kw), **kw)

    def _key(key, kw) -> dict:
        headers = kw.pop("headers", {}) or {}
        return {**headers, **({"Idempotency-Key": key} if key else {})}

    return lambda user: Caller(token_for(user))


PENALTY = {
    "party": "unit",
    "person_name": None,
    "violation": "培训记录不真实。",
    "basis_code": "SAFL-97-4",
    "fine_yuan": 50000,
    "decision_no": "",
    "decision_date": None,
    "measures": ["order_correction"],
    "procedure": "general",
}


def _case_parts(inspection, user, person) -> dict[str, int]:
    """A finding, an order, a penalty and a quiz attempt of a case, by path parameter name."""
    finding = record_finding(inspection, user, "消防通道堵塞")
    deadline = clock.today() + timedelta(days=7)
    order = issue_order(inspection, user, [finding.id], "清理通道", deadline)
    penalty = impose_penalty(inspection, user, **PENALTY)
    attempt, _short = start_attempt(inspection, user, person)
    return {
        "case_id": inspection.id,
        "finding_id": finding.id,
        "order_id": order.id,
        "penalty_id": penalty.id,
        "attempt_id": attempt.id,
    }


@pytest.fixture
def town_objects(world) -> dict[str, dict[str, int]]:
    """One object of each scoped kind in town A and in town B, by path parameter name.

    Town A's case is issued (revision 1 exists), so every write to it gives a reason; town B's
    is a draft. Each case has a finding, an order, a penalty and a quiz attempt of its own."""
    person_a = factories.make_person(world.subject_a, position="worker")
    certificate_a = factories.make_certificate(person_a)
    make_bank()
    ensure_default_templates()
    inspection_a = factories.make_inspection(world)
    parts_a = _case_parts(inspection_a, world.inspector_a, person_a)
    parts_b = _case_parts(world.inspection_b, world.inspector_b, world.person_b)
    db.session.commit()
    issue(inspection_a, world.inspector_a)
    return {
        "A": {
            "subject_id": world.subject_a.id,
            "person_id": person_a.id,
            "certificate_id": certificate_a.id,
            **parts_a,
        },
        "B": {
            "subject_id": world.subject_b.id,
            "person_id": world.person_b.id,
            "certificate_id": world.certificate_b.id,
            **parts_b,
        },
    }
