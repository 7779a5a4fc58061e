"""Helpers for the offline app's API tests: a case opened with a client id, phone times."""

import uuid
from datetime import datetime, timedelta

from inspect_app import clock
from inspect_app.api.services import create_token
from inspect_app.extensions import db
from tests.api.case_support import case_body, key


def iso(moment: datetime) -> str:
    return moment.isoformat()


def open_offline_case(caller, world, minutes_ago: int = 30) -> dict:
    """A draft of town A opened by a phone `minutes_ago` minutes ago, with a client id."""
    body = case_body(world, world.subject_a)
    opened = clock.utcnow() - timedelta(minutes=minutes_ago)
    body |= {"client_id": str(uuid.uuid4()), "started_at": iso(opened)}
    response = caller.post("/api/v1/cases", key=key(), json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def ago(minutes: int) -> datetime:
    return (clock.utcnow() - timedelta(minutes=minutes)).replace(microsecond=0)


class Phone:
    """Calls the API with one user's bearer token, as the outbox does."""

    def __init__(self, client, user) -> None:
        _token, self.token = create_token(user, "test")
        db.session.commit()
        self.client = client

    def open(self, url: str, method: str = "GET", headers: dict | None = None, **kw):
        headers = {"Authorization": f"Bearer {self.token}", **(headers or {})}
        return self.client.open(url, method=method, headers=headers, **kw)

    def get(self, url: str, **kw):
        return self.open(url, "GET", **kw)

    def post(self, url: str, key: str | None = None, **kw):
        headers = {**kw.pop("headers", {}), **({"Idempotency-Key": key} if key else {})}
        return self.open(url, "POST", headers=headers, **kw)
