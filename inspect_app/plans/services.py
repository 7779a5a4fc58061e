"""Tasks (检查任务): create, reassign, start as a case, and mark done when its record is issued."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.errors import CaseError
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.inspections.rules import MIN_INSPECTORS
from inspect_app.plans.models import (
    OfficerConflict,
    Task,
    TaskReassignment,
    TaskSource,
    TaskStatus,
)
from inspect_app.regions.models import Region
from inspect_app.subjects.models import Subject


class TaskError(CaseError):
    message = _l("This task cannot be changed.")


def officers_problem(officers: list[User], region_id: int) -> str | None:
    """Why these officers cannot take a task of the region, or None."""
    if len({o.id for o in officers}) < MIN_INSPECTORS:
        return _l("A task needs at least two officers.")
    if any(o.region_id != region_id or not o.active for o in officers):
        return _l("Every officer must be an active officer of the task's region.")
    return None


def create_task(
    region: Region,
    subject: Subject,
    officers: list[User],
    due_month: date,
    source: str,
    by: User,
    *,
    plan=None,
    draw=None,
) -> Task:
    """Create an open task for a subject with two or more officers, due in a month."""
    if source not in TaskSource.__members__.values():
        raise TaskError(_l("Unknown task source."))
    if subject.region_id != region.id:
        raise TaskError(_l("The subject is not in the task's region."))
    if problem := officers_problem(officers, region.id):
        raise TaskError(problem)
    task = Task(
        region=region,
        subject=subject,
        officers=sorted(set(officers), key=lambda o: o.id),
        due_month=due_month.replace(day=1),
        source=source,
        status=TaskStatus.OPEN.value,
        created_by=by,
        plan=plan,
        draw=draw,
    )
    db.session.add(task)
    record_audit(by, "create_task", task, subject_id=subject.id, officers=task.officer_ids)
    return task


def reassign_task(task: Task, officers: list[User], reason: str, by: User) -> TaskReassignment:
    """Give an open task other officers; the reason and both lists are kept."""
    if not task.is_open or task.inspection_id is not None:
        raise TaskError(_l("Only an open task whose case has not started can be reassigned."))
    if not reason.strip():
        raise TaskError(_l("Give the reason for the reassignment."))
    if problem := officers_problem(officers, task.region_id):
        raise TaskError(problem)
    before = task.officer_ids
    task.officers = sorted(set(officers), key=lambda o: o.id)
    change = TaskReassignment(
        task=task, from_ids=before, to_ids=task.officer_ids, reason=reason.strip(), by=by
    )
    db.session.add(change)
    record_audit(by, "reassign_task", task, before=before, after=task.officer_ids, reason=reason)
    return change


def cancel_task(task: Task, reason: str, by: User) -> None:
    """Cancel an open task whose case has not started."""
    if not task.is_open or task.inspection_id is not None:
        raise TaskError(_l("Only an open task whose case has not started can be cancelled."))
    if not reason.strip():
        raise TaskError(_l("Give the reason for the cancellation."))
    task.status = TaskStatus.CANCELLED.value
    record_audit(by, "cancel_task", task, reason=reason.strip())


def link_case(task: Task, inspection: Inspection, by: User) -> None:
    """The case opened for the task."""
    if not task.is_open or task.inspection_id is not None:
        raise TaskError(_l("This task already has a case."))
    task.inspection = inspection
    record_audit(by, "start_task", task, inspection, task_id=task.id)


def complete_tasks_of(inspection: Inspection, user: User) -> None:
    """Case hook, on issuing a record: the tasks it carried out are done."""
    query = select(Task).where(Task.inspection_id == inspection.id, Task.status == "open")
    for task in db.session.scalars(query):
        task.status = TaskStatus.DONE.value
        task.done_at = utcnow()
        record_audit(user, "complete_task", task, inspection, task_id=task.id)


def mark_conflict(officer: User, subject: Subject, reason: str, by: User) -> OfficerConflict:
    """Record that an officer is related to a subject: draws then never send them there."""
    if not reason.strip():
        raise TaskError(_l("Say how the officer is related to the subject."))
    if officer.region_id != subject.region_id:
        raise TaskError(_l("The officer and the subject are in different regions."))
    query = select(OfficerConflict).where(
        OfficerConflict.user_id == officer.id, OfficerConflict.subject_id == subject.id
    )
    if db.session.scalar(query) is not None:
        raise TaskError(_l("This relation is already recorded."))
    conflict = OfficerConflict(user=officer, subject=subject, reason=reason.strip(), marked_by=by)
    db.session.add(conflict)
    record_audit(by, "mark_conflict", conflict, user_id=officer.id, subject_id=subject.id)
    return conflict
