"""Coverage figures on a hand-counted set, and towns side by side for the county."""

import pytest

from inspect_app.extensions import db
from inspect_app.plans import coverage, services
from inspect_app.subjects.rules import add_months
from tests import factories
from tests.plans.helpers import make_plan, make_town, this_month
from tests.public.helpers import issued_case


@pytest.fixture
def town(world):
    return make_town(world)


def task(town, world, subject, months_ago=0):
    made = services.create_task(
        world.town_a,
        subject,
        town.officers[:2],
        add_months(this_month(), -months_ago),
        "manual",
        world.supervisor_a,
        plan=town.plan,
    )
    db.session.commit()
    return made


def test_hand_counted_plan(town, world):
    # Planned: 2 training institutions + 1 exam site (full), and of 14 production units at
    # 20 % → 3 (at least the 2 high-risk ones): 6.
    done = task(town, world, town.training[0])
    done.status = "done"
    task(town, world, town.training[1], months_ago=1)  # open, due last month: overdue
    task(town, world, town.high_risk[0])  # open, due this month
    cancelled = task(town, world, town.high_risk[1])
    services.cancel_task(cancelled, "停产", world.supervisor_a)
    db.session.commit()
    figures = coverage.plan_coverage(town.plan)
    assert figures == coverage.Coverage(planned=6, drawn=3, done=1, overdue=1, open=1, not_drawn=3)
    assert figures.not_drawn == 3


def test_the_sampling_rule_takes_every_high_risk_unit_when_the_share_is_smaller(world, town):
    for n in range(3):
        factories.make_subject(world.town_a, name=f"More chem {n}", high_risk=True)
    db.session.commit()
    # 17 production units, 5 of them high-risk; 20 % → 4, but all 5 high-risk: 5; + 3 full.
    assert coverage.planned_count(town.plan) == 8
    town.plan.all_high_risk = False
    assert coverage.planned_count(town.plan) == 3 + 4


def test_training_institutions_and_exam_sites_not_yet_inspected(town, world):
    case = issued_case(world, orders=0)
    case.inspection.subject_id = town.training[0].id  # the record was for this institution
    db.session.commit()
    gaps = coverage.not_inspected([world.town_a.id], town.plan.first_month)
    assert {s.id for s in gaps} == {town.training[1].id, town.exam_sites[0].id}


def test_county_sees_its_towns_side_by_side(town, world):
    plan_b = make_plan(world, region=world.town_b)
    factories.make_subject(world.town_b, kind="exam_site", name="B exam site")
    db.session.commit()
    task(town, world, town.training[0])
    rows = coverage.regions_side_by_side([world.town_a, world.town_b], [town.plan, plan_b])
    by_name = {r.region.name: r.coverage for r in rows}
    assert by_name["Town A"].planned == 6 and by_name["Town A"].drawn == 1
    # Town B: 1 exam site (full) and world.subject_b at 20 % → 1.
    assert by_name["Town B"].planned == 2 and by_name["Town B"].drawn == 0
    total = sum((r.coverage for r in rows), coverage.EMPTY)
    assert total.not_drawn == by_name["Town A"].not_drawn + 2  # the sum of the towns
