"""A town with a register of known shape, three officers and an approved plan."""

from dataclasses import dataclass
from datetime import date

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.plans import planning
from inspect_app.plans.models import EnforcementPlan
from inspect_app.subjects.rules import add_months
from tests import factories


@dataclass
class Town:
    plan: EnforcementPlan
    officers: list
    training: list
    exam_sites: list
    high_risk: list
    ordinary: list


def this_month() -> date:
    return clock.today().replace(day=1)


def make_plan(world, region=None, approve: bool = True, **fields) -> EnforcementPlan:
    data = {
        "title": "Plan",
        "campaign": "training-formality-2021",
        "first_month": add_months(this_month(), -2),
        "last_month": add_months(this_month(), 3),
        "full_kinds": ["training_institution", "exam_site"],
        "sample_kinds": ["production_unit"],
        "sample_share": 20,
        "all_high_risk": True,
    }
    data.update(fields)
    plan = planning.create_plan(region or world.town_a, world.supervisor_a, **data)
    if approve:
        planning.approve_plan(plan, world.supervisor_a)
    db.session.commit()
    return plan


def make_town(world) -> Town:
    """Town A: 2 training institutions, 1 exam site, 2 high-risk and 12 ordinary production
    units (with world.subject_a: 13), officers inspector_a and two more."""
    town = world.town_a
    kind = "training_institution"
    training = [factories.make_subject(town, kind=kind, name=f"TI {n}") for n in range(2)]
    exam = [factories.make_subject(town, kind="exam_site", name="Exam site")]
    high = [
        factories.make_subject(
            town, name=f"Chem {n}", high_risk=True, industry="hazardous_chemicals"
        )
        for n in range(2)
    ]
    ordinary = [world.subject_a] + [
        factories.make_subject(town, name=f"Unit {n}", industry="manufacturing") for n in range(11)
    ]
    officers = [world.inspector_a] + [factories.make_user(town) for _ in range(2)]
    db.session.commit()
    return Town(make_plan(world), officers, training, exam, high, ordinary)
