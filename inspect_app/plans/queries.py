"""Reading plans, draws, tasks and conflicts, always within the user's regions."""

from datetime import date

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import joinedload, selectinload

from inspect_app.auth.models import Role, User
from inspect_app.clock import day_start
from inspect_app.errors import NotFound
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection, Status
from inspect_app.plans.models import (
    Draw,
    EnforcementPlan,
    OfficerConflict,
    Task,
    TaskStatus,
    task_officer,
)
from inspect_app.subjects.models import Subject


def _get(model, object_id: int, region_ids: list[int]):
    found = db.session.get(model, object_id)
    if found is None or found.region_id not in region_ids:
        raise NotFound
    return found


def get_plan(plan_id: int, region_ids: list[int]) -> EnforcementPlan:
    return _get(EnforcementPlan, plan_id, region_ids)


def get_draw(draw_id: int, region_ids: list[int]) -> Draw:
    return _get(Draw, draw_id, region_ids)


def get_task(task_id: int, region_ids: list[int]) -> Task:
    return _get(Task, task_id, region_ids)


def plans_in(region_ids: list[int]) -> list[EnforcementPlan]:
    query = select(EnforcementPlan).where(EnforcementPlan.region_id.in_(region_ids))
    order = (EnforcementPlan.first_month.desc(), EnforcementPlan.region_id, EnforcementPlan.id)
    return list(db.session.scalars(query.order_by(*order)))


def officers_of(region_id: int) -> list[User]:
    """Active inspectors of a region with an enforcement certificate: who may be drawn."""
    query = select(User).where(
        User.region_id == region_id,
        User.role == Role.INSPECTOR,
        User.active.is_(True),
        User.cert_no.is_not(None),
        User.cert_no != "",
    )
    return list(db.session.scalars(query.order_by(User.id)))


# What a task list shows of each task (plans/_task_list.html), loaded with the list.
LISTED_TASK = (joinedload(Task.subject), selectinload(Task.officers))


def my_tasks(user: User, limit: int = 20) -> list[Task]:
    """A user's open tasks, soonest due first."""
    query = (
        select(Task)
        .join(task_officer, task_officer.c.task_id == Task.id)
        .where(task_officer.c.user_id == user.id, Task.status == TaskStatus.OPEN.value)
        .order_by(Task.due_month, Task.id)
        .limit(limit)
    )
    return list(db.session.scalars(query.options(*LISTED_TASK)))


def tasks_in(region_ids: list[int], plan_id: int | None = None, status: str = "") -> list[Task]:
    query = select(Task).where(Task.region_id.in_(region_ids))
    if plan_id:
        query = query.where(Task.plan_id == plan_id)
    if status:
        query = query.where(Task.status == status)
    return list(db.session.scalars(query.order_by(Task.due_month, Task.id).options(*LISTED_TASK)))


def conflicts_in(region_ids: list[int]) -> list[OfficerConflict]:
    query = (
        select(OfficerConflict)
        .join(Subject, Subject.id == OfficerConflict.subject_id)
        .where(Subject.region_id.in_(region_ids))
        .order_by(OfficerConflict.marked_at.desc(), OfficerConflict.id.desc())
    )
    return list(db.session.scalars(query))


def conflict_pairs(subject_ids: list[int], officer_ids: list[int]) -> list[tuple[int, int]]:
    """(subject, officer) pairs marked as related, among these lists."""
    query = select(OfficerConflict.subject_id, OfficerConflict.user_id).where(
        OfficerConflict.subject_id.in_(subject_ids), OfficerConflict.user_id.in_(officer_ids)
    )
    return sorted((s, o) for s, o in db.session.execute(query))


def inspected_since(since: date | None):
    """SQL condition on Subject: a record issued for it from `since` (any time when None)."""
    condition = and_(Inspection.subject_id == Subject.id, Inspection.status != Status.DRAFT)
    if since is not None:
        condition = and_(condition, Inspection.issued_at >= day_start(since))
    return exists().where(condition)


def subjects_with_task(plan_id: int) -> set[int]:
    """Subjects already given a task (not cancelled) under the plan."""
    query = select(Task.subject_id).where(
        Task.plan_id == plan_id, Task.status != TaskStatus.CANCELLED.value
    )
    return set(db.session.scalars(query))
