"""The demo's history fills every section of the dashboard and the monthly statistics."""

from sqlalchemy import func, select

from inspect_app import clock
from inspect_app.dashboard import queries
from inspect_app.demo import DEMO_PASSWORD
from inspect_app.demo.history import HISTORY
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.penalties.models import Penalty
from inspect_app.regions.models import Region
from inspect_app.regions.services import subtree_ids
from tests.pages import parse


def test_demo_seeds_a_history_every_chart_can_show(demo_app, demo_client):
    client = demo_client
    county = db.session.scalar(select(Region).where(Region.parent_id.is_(None)))
    ids, today = subtree_ids(county.id), clock.today()
    period = queries.default_period(today)

    months = queries.case_months(ids, period)
    assert sum(1 for m in months if m.issued) >= 6  # spread over six months or so
    fines = queries.fine_months(ids, period)
    assert sum(m.yuan for m in fines) > 0
    assert any(m.penalties > m.units for m in fines)  # a unit penalized twice in one month
    assert db.session.scalar(select(func.count(Penalty.id)).where(Penalty.revoked_at.is_not(None)))
    items = queries.findings_by_item(ids, period)
    assert len({i.item_code for i in items}) >= 12
    assert {i.kind for i in items} == {"production_unit", "training_institution", "exam_site"}
    assert len(queries.overdue_orders(ids, today)) >= 3
    assert len(queries.typical_cases(ids)) >= 1

    past = select(Inspection).where(Inspection.case_number.is_not(None))
    for case in db.session.scalars(past):  # dates agree: issued after the start, never ahead
        assert case.started_at < case.issued_at <= case.revisions[0].created_at
    towns = {c.region_id for c in db.session.scalars(past)}
    assert len(towns) == 2 and len(HISTORY) >= 6

    client.post("/login", data={"username": "chen.jie", "password": DEMO_PASSWORD})
    page = parse(client.get("/dashboard"))
    assert len(page.select("svg.chart[role=img]")) == 5  # cases, findings, fines, 2 × quizzes
    assert page.select(".chart-empty") == []
