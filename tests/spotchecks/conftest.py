"""Fixtures for certificate spot checks: a case of subject A with people and certificates."""

from dataclasses import dataclass
from datetime import date

import pytest

from inspect_app.extensions import db
from inspect_app.subjects.models import Certificate, Person
from tests import factories


@dataclass
class Case:
    inspection: object
    welder: Person
    welding: Certificate
    principal: Person
    worker: Person
    inspection_day: date


@pytest.fixture
def case(world) -> Case:
    """Subject A (not high risk): a welder with a valid certificate, a principal, a worker."""
    welder = factories.make_person(world.subject_a, name="赵建华")
    welding = factories.make_certificate(
        welder, kind="welding", number="T320623001", issued_on=date(2025, 3, 1)
    )
    principal = factories.make_person(world.subject_a, name="顾建国", position="principal")
    worker = factories.make_person(world.subject_a, name="李明", position="worker")
    inspection = factories.make_inspection(world)
    db.session.commit()
    return Case(inspection, welder, welding, principal, worker, factories.inspection_day())


@pytest.fixture
def request_ctx(app):
    """A request context in English (service messages are translated on creation)."""
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        yield
