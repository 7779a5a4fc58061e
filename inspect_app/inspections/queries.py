"""Scoped reads of cases. Anything outside the user's regions raises NotFound (a 404)."""

from sqlalchemy import ColumnElement, Select, case, select
from sqlalchemy.orm import selectinload

from inspect_app import clock
from inspect_app.auth.access import require_role, scope_ids
from inspect_app.auth.models import Role, User
from inspect_app.errors import NotFound
from inspect_app.extensions import db
from inspect_app.inspections.hooks import case_hooks
from inspect_app.inspections.models import CaseInspector, Inspection, Status
from inspect_app.paging import DAY_CURSOR, KeysetPage, keyset_page
from inspect_app.regions.services import subtree_ids
from inspect_app.subjects.models import Subject

CASE_ORDER = (Inspection.started_at, Inspection.id)  # served by ix_inspection_started


def get_inspection(inspection_id: int) -> Inspection:
    """The case if it is in the current user's scope, else NotFound."""
    inspection = db.session.get(Inspection, inspection_id)
    if inspection is None or inspection.region_id not in scope_ids():
        raise NotFound
    return inspection


def get_editable_inspection(inspection_id: int) -> Inspection:
    """The case, for an inspector or admin of its region (403 for supervisors)."""
    inspection = get_inspection(inspection_id)
    require_role(Role.INSPECTOR, Role.ADMIN)
    return inspection


def get_case_object(model, object_id: int, inspection: Inspection):
    """A row of `model` that belongs to this case, else NotFound."""
    obj = db.session.get(model, object_id)
    if obj is None or obj.inspection_id != inspection.id:
        raise NotFound
    return obj


def case_query(region_ids, status="", kind="", month="") -> Select:
    """Cases in scope, newest first, filtered by status, subject kind and month."""
    return _filtered(region_ids, status, kind, month).order_by(
        *(column.desc() for column in CASE_ORDER)
    )


def _filtered(region_ids, status: str, kind: str, month: str) -> Select:
    # The subjects of a page are loaded by id after it (one statement): joined, the list's
    # count looked up a subject for each of its 1,001 rows.
    query = (
        select(Inspection)
        .options(selectinload(Inspection.subject))
        .where(Inspection.region_id.in_(region_ids))
    )
    if status:
        query = query.where(Inspection.status == status)
    if kind:
        query = query.join(Subject).where(Subject.kind == kind)
    if month:
        start, end = clock.month_bounds(month)
        query = query.where(Inspection.started_at >= start, Inspection.started_at < end)
    return query


def case_page(region_ids, cursor: str, today, filters: dict) -> KeysetPage:
    """A page of the case list, newest first, after the case the cursor names. A region among
    the filters narrows the list to it and the regions under it."""
    filters = dict(filters)
    region = filters.pop("region", None)
    if region is not None:
        region_ids = sorted(set(subtree_ids(region)) & set(region_ids))
    if filters.pop("overdue", False):
        return _overdue_case_page(region_ids, cursor, today, filters)
    query = case_query(region_ids, **filters)
    return keyset_page(query, CASE_ORDER, lambda case: (case.started_at, case.id), cursor)


def _overdue_case_page(region_ids, cursor: str, today, filters: dict) -> KeysetPage:
    """Cases with an order past its deadline, most overdue first (by that order's deadline).

    Read from the overdue orders in deadline order, so a page stops after its cases. An order in
    a draft has not been served, so it is not overdue (as on the dashboard)."""
    late = case_hooks().overdue(today)
    order = (late.c.deadline, late.c.id)
    query = (
        _filtered(region_ids, **filters)
        .add_columns(*order)
        .join(late, late.c.inspection_id == Inspection.id)
        .where(Inspection.status != Status.DRAFT.value)
        .order_by(*order)
    )
    return keyset_page(
        query, order, lambda row: (row.deadline, row.id), cursor,
        ascending=True, codec=DAY_CURSOR, item=lambda row: row[0],
    )  # fmt: skip


def on_any_case(user) -> ColumnElement[bool]:
    """SQL: the user is on at least one case (one look-up in ix_case_inspector_user)."""
    return select(CaseInspector.id).where(CaseInspector.user_id == user.id).exists()


def my_open_cases(user, limit: int = 20) -> list[Inspection]:
    """Cases the user is on that are not closed, newest first.

    EXISTS lets the database walk the cases newest first and stop at `limit`, instead of
    sorting all of an inspector's cases. A user on no case (a supervisor) would make it walk
    every case of the county: the limit is 0 then, which both databases read before walking.
    """
    mine = select(CaseInspector.id).where(
        CaseInspector.inspection_id == Inspection.id, CaseInspector.user_id == user.id
    )
    query = (
        select(Inspection)
        .where(mine.exists(), Inspection.status != Status.CLOSED)
        .options(selectinload(Inspection.subject))
        .order_by(Inspection.started_at.desc(), Inspection.id.desc())
        .limit(case((on_any_case(user), limit), else_=0))
    )
    return list(db.session.scalars(query))


def inspectors_for(region_id: int) -> list[User]:
    """Active inspectors of a region, who can be put on its cases."""
    query = select(User).where(
        User.region_id == region_id, User.role == Role.INSPECTOR, User.active.is_(True)
    )
    return list(db.session.scalars(query.order_by(User.display_name)))


def subject_cases(subject: Subject, limit: int = 10) -> list[Inspection]:
    """The subject's latest cases."""
    query = select(Inspection).where(Inspection.subject_id == subject.id)
    return list(db.session.scalars(query.order_by(Inspection.started_at.desc()).limit(limit)))
