"""Shared set-up for the penalty tests: a case opened two days ago, a way to impose on it (as
older data and proceedings do), and a drawn signature."""

import base64
from datetime import datetime, timedelta

import pytest

from inspect_app.clock import utcnow
from inspect_app.penalties import services
from tests import factories
from tests.signatures.drawing import signature_png

# The pad's drawing as the signing form posts it.
PNG_URL = "data:image/png;base64," + base64.b64encode(signature_png()).decode()

VALID = {
    "party": "unit",
    "person_name": None,
    "violation": "三级安全教育卡记载 72 学时培训均在同一天完成，培训记录不真实。",
    "basis_code": "SAFL-97-4",
    "fine_yuan": 50000,
    "decision_no": "",
    "decision_date": None,
    "measures": ["order_correction"],
    "procedure": "general",
}


@pytest.fixture
def english(client):
    """Pages in English, so that assertions on messages do not depend on the translations."""
    client.set_cookie("lang", "en")
    return client


def two_days_ago() -> datetime:
    return utcnow().replace(microsecond=0) - timedelta(days=2)


@pytest.fixture
def case(world):
    """A draft case of world.subject_a (a production unit) in town A, opened two days ago."""
    return factories.make_inspection(world, started_at=two_days_ago())


@pytest.fixture
def impose(app, world):
    """Impose a penalty through the service, in an English request (messages are asserted on)."""

    def _impose(inspection, user=None, **overrides):
        with app.test_request_context(headers={"Cookie": "lang=en"}):
            values = {**VALID, **overrides}
            return services.impose_penalty(inspection, user or world.inspector_a, **values)

    return _impose
