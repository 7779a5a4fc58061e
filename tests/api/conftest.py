"""API fixtures: tokens for users of the world, and a client that sends them."""

import pytest

from inspect_app.api.services import create_token
from inspect_app.extensions import db
from tests import factories


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


@pytest.fixture
def town_objects(world) -> dict[str, dict[str, int]]:
    """One object of each scoped kind in town A and in town B, by path parameter name."""
    person_a = factories.make_person(world.subject_a)
    certificate_a = factories.make_certificate(person_a)
    inspection_a = factories.make_inspection(world)
    db.session.commit()
    return {
        "A": {
            "subject_id": world.subject_a.id,
            "person_id": person_a.id,
            "certificate_id": certificate_a.id,
            "inspection_id": inspection_a.id,
        },
        "B": {
            "subject_id": world.subject_b.id,
            "person_id": world.person_b.id,
            "certificate_id": world.certificate_b.id,
            "inspection_id": world.inspection_b.id,
        },
    }
