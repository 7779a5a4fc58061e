"""The closed proceeding the case-file tests file, and their addresses."""

import pytest

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.proceedings.models import Proceeding
from tests.proceedings.execution_helpers import decided, evidence_photo, stored_document

BASE = "/inspections/{case}/proceedings/{p}"


def step(client, p, name, **fields):
    data = {f"{name}-{k}": v for k, v in fields.items()}
    db.session.expire_all()
    data[f"{name}-version"] = str(db.session.get(Proceeding, p.id).version)
    response = client.post(BASE.format(case=p.inspection_id, p=p.id) + f"/{name}", data=data)
    assert response.status_code == 302, response.data[:2000]


@pytest.fixture
def closed(world, client, login):
    """A closed proceeding of an issued case, with a two-page filing approval, the order notice
    made when the case was issued and two evidence photos."""
    p = decided(world, fine=3000)
    case = db.session.get(Inspection, p.inspection_id)
    filed = p.filed_on
    stored_document(case, "filing_approval", world.inspector_a, filed, p, pages=2)
    evidence_photo(case, world.inspector_a, p)
    evidence_photo(case, world.inspector_a, p)
    evidence_photo(case, world.inspector_a)  # the case's, not linked to the proceeding
    login(world.inspector_a)
    today = clock.today().isoformat()
    step(client, p, "serve", served_on=today, method="direct", recipient="顾建国")
    step(client, p, "payment", paid_on=today, amount="3000")
    client.post("/logout")
    login(world.supervisor_a)
    step(client, p, "close", ground="executed")
    db.session.expire_all()
    return db.session.get(Proceeding, p.id)


def url(p, suffix):
    """The case file's download (pdf or zip)."""
    return BASE.format(case=p.inspection_id, p=p.id) + f"/case-file.{suffix}"
