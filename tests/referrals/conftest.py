"""An issued case of town A with two photos, and an issued exam-site case."""

from datetime import timedelta

import pytest

from inspect_app import clock
from inspect_app.extensions import db
from tests import factories
from tests.records.helpers import add_photos

_numbers = iter(range(1, 1000))


def issue_directly(case):
    """Mark a case issued without rendering its record (the tests here need none)."""
    case.status, case.issued_at = "issued", clock.utcnow() - timedelta(days=1)
    case.case_number = f"TA应急检〔2026〕{next(_numbers)}号"
    db.session.commit()
    return case


@pytest.fixture
def case(world):
    made = factories.make_inspection(world)
    add_photos(made, world.inspector_a, 2, size=(400, 300))
    return issue_directly(made)


@pytest.fixture
def exam_site(world):
    subject = factories.make_subject(world.town_a, kind="exam_site", name="考点甲")
    db.session.commit()
    return subject


@pytest.fixture
def exam_case(world, exam_site):
    return issue_directly(factories.make_inspection(world, exam_site))
