"""Coverage of a plan: planned, drawn, done, overdue, not yet drawn; full-coverage gaps."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.plans.models import EnforcementPlan, Task, TaskStatus
from inspect_app.plans.planning import sample_required
from inspect_app.plans.queries import inspected_since
from inspect_app.regions.models import Region
from inspect_app.subjects.models import Subject, SubjectKind

FULL_COVERAGE_KINDS = (SubjectKind.TRAINING_INSTITUTION.value, SubjectKind.EXAM_SITE.value)


@dataclass(frozen=True)
class Coverage:
    planned: int
    drawn: int
    done: int
    overdue: int
    open: int  # open and not yet overdue
    not_drawn: int = 0  # planned but not yet given a task (never below zero per plan)

    def __add__(self, other: "Coverage") -> "Coverage":
        return Coverage(*(a + b for a, b in zip(self.values(), other.values(), strict=True)))

    def values(self) -> tuple[int, ...]:
        return (self.planned, self.drawn, self.done, self.overdue, self.open, self.not_drawn)


EMPTY = Coverage(0, 0, 0, 0, 0, 0)


def planned_count(plan: EnforcementPlan) -> int:
    """Every subject of the full-coverage kinds, and what the sampling rule requires."""
    rows = db.session.execute(
        select(Subject.kind, Subject.high_risk, func.count())
        .where(Subject.region_id == plan.region_id)
        .group_by(Subject.kind, Subject.high_risk)
    ).all()
    full = sum(n for kind, _risk, n in rows if kind in plan.full_kinds)
    sampled = sum(n for kind, _risk, n in rows if kind in plan.sample_kinds)
    high = sum(n for kind, risk, n in rows if kind in plan.sample_kinds and risk)
    return full + sample_required(plan.sample_share, sampled, high, plan.all_high_risk)


def plan_coverage(plan: EnforcementPlan, today: date | None = None) -> Coverage:
    """The figures of one plan on a day (today by default)."""
    month = (today or clock.today()).replace(day=1)
    counted = db.session.execute(
        select(Task.status, Task.due_month, func.count())
        .where(Task.plan_id == plan.id, Task.status != TaskStatus.CANCELLED.value)
        .group_by(Task.status, Task.due_month)
    ).all()
    rows = [(status, due < month, n) for status, due, n in counted]
    done = sum(n for status, _late, n in rows if status == TaskStatus.DONE)
    overdue = sum(n for status, late, n in rows if status == TaskStatus.OPEN and late)
    still_open = sum(n for status, late, n in rows if status == TaskStatus.OPEN and not late)
    planned, drawn = planned_count(plan), done + overdue + still_open
    return Coverage(planned, drawn, done, overdue, still_open, max(0, planned - drawn))


def not_inspected(region_ids: list[int], since: date) -> list[Subject]:
    """Training institutions and exam sites of the regions with no record issued since a day."""
    query = select(Subject).where(
        Subject.region_id.in_(region_ids),
        Subject.kind.in_(FULL_COVERAGE_KINDS),
        ~inspected_since(since),
    )
    return list(db.session.scalars(query.order_by(Subject.region_id, Subject.kind, Subject.name)))


@dataclass(frozen=True)
class RegionRow:
    region: Region
    coverage: Coverage
    plans: int


def regions_side_by_side(regions: list[Region], plans: list[EnforcementPlan]) -> list[RegionRow]:
    """One row per region: the sum over its plans."""
    rows = []
    for region in regions:
        own = [p for p in plans if p.region_id == region.id]
        total = sum((plan_coverage(p) for p in own), EMPTY)
        rows.append(RegionRow(region, total, len(own)))
    return rows
