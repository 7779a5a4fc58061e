"""Where inbox entries come from: each function reads one feature's own state for one user.

Nothing is copied: a task assigned, an answer awaiting re-inspection, an order past its deadline,
a statement or extension request received, a monthly report due or late, a tip near its limit are
all read from the tables that already hold them.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import reduce

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    func,
    literal,
    select,
)
from sqlalchemy.orm import aliased, selectinload

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.extensions import db
from inspect_app.findings.models import (
    ExtensionStatus,
    OrderExtension,
    OrderResponse,
    OrderStatus,
    RectificationOrder,
    order_unrectified,
)
from inspect_app.inbox.entries import Entry
from inspect_app.inbox.listed import report_entries, tip_entries
from inspect_app.inbox.models import InboxRead
from inspect_app.inspections.models import CaseInspector, Inspection, Status
from inspect_app.inspections.queries import on_any_case
from inspect_app.plans.models import Task, TaskStatus, task_officer
from inspect_app.proceedings.models import Proceeding, ProceedingStatus, Statement

LIVE_CASES = (Status.ISSUED, Status.RECTIFYING)


def _key(*parts) -> ColumnElement[str]:
    """SQL: an entry's key (as stored once read) from text and columns, e.g. "task:" and an id."""
    pieces = [literal(p, String) if isinstance(p, str) else cast(p, String) for p in parts]
    return reduce(operator.add, pieces)


def _unread(user: User, key: ColumnElement[str]) -> ColumnElement[bool]:
    """SQL: the user has not opened the entry of this key."""
    read = select(InboxRead.id).where(InboxRead.user_id == user.id, InboxRead.key == key)
    return ~read.exists()


# The header shows "99+" past this: a count stops once it has found one entry more, so a
# user with thousands of overdue orders costs no more than one with a hundred.
COUNT_LIMIT = bindparam("inbox_count_limit", type_=Integer)


def _counted(query: Select, user: User, key: ColumnElement[str]) -> Select:
    """The number of the user's unread entries among the rows of a source's query (which
    names its first table in select_from, so the count keeps its joins), up to COUNT_LIMIT."""
    rows = query.with_only_columns(literal(1)).where(_unread(user, key)).order_by(None)
    return select(func.count()).select_from(rows.limit(COUNT_LIMIT).subquery())


TASK_KEY = _key("task:", Task.id)


def _open_tasks(user: User) -> Select:
    return (
        select(Task, TASK_KEY)
        .select_from(Task)
        .join(task_officer, task_officer.c.task_id == Task.id)
        .where(task_officer.c.user_id == user.id, Task.status == TaskStatus.OPEN)
    )


def task_entries(user: User, today: date) -> list[Entry]:
    query = _open_tasks(user).options(selectinload(Task.subject)).order_by(Task.due_month, Task.id)
    return [
        Entry(
            key,
            "task",
            _(
                "Inspect %(unit)s by the end of %(month)s",
                unit=task.subject.name,
                month=clock.month_of(task.due_month),
            ),
            *_task_link(task),
            task.due_month,
            urgent=clock.month_of(task.due_month) <= clock.month_of(today),
        )
        for task, key in db.session.execute(query)
    ]


def task_counts(user: User, today: date) -> list[Select]:
    return [_counted(_open_tasks(user), user, TASK_KEY)]


def _task_link(task: Task) -> tuple[str, dict]:
    """The task's own page, or the home page's task list where there is none."""
    if "tasks.show" in current_app.view_functions:
        return "tasks.show", {"task_id": task.id}
    return "main.home", {"_anchor": "my-tasks"}


def _on_my_case(user: User):
    """SQL: the user is on the case. EXISTS lets the database start from the few open items
    and look each case up, instead of first listing every case the user was ever on."""
    return (
        select(CaseInspector.id)
        .where(CaseInspector.inspection_id == Inspection.id, CaseInspector.user_id == user.id)
        .exists()
    )


LAST = aliased(OrderResponse, name="last_response")
ANSWER_KEY = _key("answer:", LAST.id)
OVERDUE_KEY = _key("overdue:", RectificationOrder.id, ":", RectificationOrder.deadline)


def _answered() -> ColumnElement[bool]:
    """SQL form of findings.reinspection.awaits_reinspection on an open order: the unit has
    answered since the last re-inspection (or there has been none yet)."""
    return LAST.id.is_not(None) & (
        RectificationOrder.reinspected_at.is_(None)
        | (LAST.created_at > RectificationOrder.reinspected_at)
    )


def _overdue(today: date) -> ColumnElement[bool]:
    """SQL form of RectificationOrder.is_overdue_on."""
    return (RectificationOrder.status == OrderStatus.OPEN) & (RectificationOrder.deadline < today)


def _my_orders(user: User, *first: ColumnElement[bool]) -> Select:
    """Orders not rectified on the user's live cases (`first`: conditions checked before).

    The database starts from the orders not rectified (a partial index holds them, by
    deadline) and looks up whether the user is on each one's case: they are few beside the
    cases an inspector was ever on. For a user on no case (a supervisor) on_any_case, read
    once, ends it at once. SQLite checks the conditions of one table in the order written:
    a cheap one in `first` spares most orders the look-up of the user on their case."""
    mine = (
        select(CaseInspector.id)
        .where(
            CaseInspector.inspection_id == RectificationOrder.inspection_id,
            CaseInspector.user_id == user.id,
        )
        .exists()
    )
    return (
        select(RectificationOrder, Inspection)
        .select_from(RectificationOrder)
        .join(Inspection, Inspection.id == RectificationOrder.inspection_id)
        .where(*first, on_any_case(user), order_unrectified(), mine)
        .where(Inspection.status.in_(LIVE_CASES))
    )


def _with_last_answer(query: Select, outer: bool = True) -> Select:
    """The query's orders joined to the unit's last answer to each (LAST): all of them, or
    (outer=False) only those answered, which lets the database start from the answers."""
    last = (
        select(func.max(OrderResponse.id))
        .where(OrderResponse.order_id == RectificationOrder.id)
        .scalar_subquery()
    )
    return query.join(LAST, LAST.id == last, isouter=outer)


def order_entries(user: User, today: date) -> list[Entry]:
    """Answers awaiting re-inspection and orders past their deadline, on the user's cases."""
    entries = []
    answered, overdue = _answered(), _overdue(today)
    query = (
        _with_last_answer(_my_orders(user))
        .add_columns(LAST.created_at, answered, ANSWER_KEY, overdue, OVERDUE_KEY)
        .where(answered | overdue)
        .order_by(RectificationOrder.deadline, RectificationOrder.id)
    )
    for (
        order,
        case,
        answered_at,
        is_answered,
        answer_key,
        is_overdue,
        overdue_key,
    ) in db.session.execute(query):
        where = {"inspection_id": case.id, "_anchor": f"order-{order.id}"}
        if is_answered:
            text = _("%(case)s: the unit answered an order", case=case.case_number)
            day = clock.local_day(answered_at)
            entries.append(Entry(answer_key, "answer", text, "inspections.show", where, day, True))
        if is_overdue:
            text = _(
                "%(case)s: order past its deadline of %(day)s",
                case=case.case_number,
                day=order.deadline.isoformat(),
            )
            entries.append(
                Entry(overdue_key, "overdue", text, "inspections.show", where, order.deadline, True)
            )
    return entries


def _has_answer() -> ColumnElement[bool]:
    """SQL: the unit has answered the order at least once (one look-up in the answers' index,
    checked before the user's case: most open orders have no answer)."""
    return select(OrderResponse.id).where(OrderResponse.order_id == RectificationOrder.id).exists()


def order_counts(user: User, today: date) -> list[Select]:
    answered = _with_last_answer(_my_orders(user, _has_answer()), outer=False)
    return [
        _counted(answered.where(_answered()), user, ANSWER_KEY),
        _counted(_my_orders(user).where(_overdue(today)), user, OVERDUE_KEY),
    ]


STATEMENT_KEY = _key("statement:", Statement.id)
EXTENSION_KEY = _key("extension:", OrderExtension.id)


def _statements(user: User) -> Select:
    """Statements from the party on the user's cases whose proceeding awaits a decision."""
    return (
        select(Statement, Proceeding, Inspection, STATEMENT_KEY)
        .select_from(Statement)
        .join(Proceeding, Proceeding.id == Statement.proceeding_id)
        .join(Inspection, Inspection.id == Proceeding.inspection_id)
        .where(
            _on_my_case(user),
            Proceeding.status == ProceedingStatus.NOTIFIED,
            Statement.source == "public",
        )
    )


def _extensions(user: User) -> Select:
    """Requests for more time on the user's cases awaiting a decision."""
    return (
        select(OrderExtension, Inspection, EXTENSION_KEY)
        .select_from(OrderExtension)
        .join(RectificationOrder, RectificationOrder.id == OrderExtension.order_id)
        .join(Inspection, Inspection.id == RectificationOrder.inspection_id)
        .where(_on_my_case(user), OrderExtension.status == ExtensionStatus.PENDING)
    )


def request_entries(user: User, today: date) -> list[Entry]:
    """Statements against an intended penalty, and requests for more time, awaiting a decision."""
    entries = [
        Entry(
            key,
            "statement",
            _("%(case)s: the party sent a statement", case=case.case_number),
            "proceedings.show",
            {"inspection_id": case.id, "proceeding_id": pr.id},
            clock.local_day(st.received_at),
            True,
        )
        for st, pr, case, key in db.session.execute(_statements(user))
    ]
    entries += [
        Entry(
            key,
            "extension",
            _("%(case)s: the unit asks for more time", case=case.case_number),
            "extensions.extension",
            {"inspection_id": case.id, "extension_id": ext.id},
            clock.local_day(ext.requested_at),
            True,
        )
        for ext, case, key in db.session.execute(_extensions(user))
    ]
    return entries


def request_counts(user: User, today: date) -> list[Select]:
    return [
        _counted(_statements(user), user, STATEMENT_KEY),
        _counted(_extensions(user), user, EXTENSION_KEY),
    ]


@dataclass(frozen=True)
class Source:
    """Where entries come from: `entries` lists them; `counts`, where set, gives SQL counts of
    the unread ones (built from the same queries), so the header need not list them."""

    entries: Callable[[User, date], list[Entry]]
    counts: Callable[[User, date], list[Select]] | None = None


SOURCES = (
    Source(task_entries, task_counts),
    Source(order_entries, order_counts),
    Source(request_entries, request_counts),
    Source(report_entries),  # a supervisor's towns: few, and read with their reports
    Source(tip_entries),  # open tips of the user's area: few, their limits are worked out here
)
