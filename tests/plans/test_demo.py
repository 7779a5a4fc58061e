"""The demo data: a plan per town, one draw that re-runs, tasks in every state."""

from sqlalchemy import select

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.plans.drawing import recheck_draw
from inspect_app.plans.models import Draw, EnforcementPlan, OfficerConflict, Task
from inspect_app.regions.models import Region


def test_demo_plans_draw_and_tasks(demo_app):
    towns = db.session.scalars(select(Region).where(Region.parent_id.is_not(None))).all()
    plans = db.session.scalars(select(EnforcementPlan)).all()
    assert {p.region_id for p in plans} == {t.id for t in towns}
    assert all(p.is_approved for p in plans)
    (draw,) = db.session.scalars(select(Draw)).all()
    assert recheck_draw(draw).ok
    conflict = db.session.scalar(select(OfficerConflict))
    related = [t for t in draw.tasks if t.subject_id == conflict.subject_id]
    assert related and conflict.user_id not in related[0].officer_ids
    tasks = db.session.scalars(select(Task)).all()
    month = clock.today().replace(day=1)
    states = {
        "open": any(t.is_open and not t.inspection_id and t.due_month == month for t in tasks),
        "started": any(t.is_open and t.inspection_id for t in tasks),
        "overdue": any(t.is_overdue_on(month) for t in tasks),
        "done": any(t.status == "done" and t.inspection.status != "draft" for t in tasks),
        "cancelled": any(t.status == "cancelled" for t in tasks),
    }
    assert all(states.values()), states
    for task in tasks:
        assert len(task.officer_ids) >= 2
        if task.inspection_id:
            assert sorted(i.user_id for i in task.inspection.inspectors) == task.officer_ids
