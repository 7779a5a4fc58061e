"""Where inbox entries come from: each function reads one feature's own state for one user.

Nothing is copied: a task assigned, an answer awaiting re-inspection, an order past its deadline,
a statement or extension request received, a monthly report due or late, a tip near its limit are
all read from the tables that already hold them.
"""

from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from inspect_app import clock
from inspect_app.auth.models import Role, User
from inspect_app.auth.services import visible_region_ids
from inspect_app.extensions import db
from inspect_app.findings.models import (
    ExtensionStatus,
    OrderExtension,
    OrderStatus,
    RectificationOrder,
)
from inspect_app.findings.reinspection import awaits_reinspection
from inspect_app.inbox.entries import Entry
from inspect_app.inspections.models import CaseInspector, Inspection, Status
from inspect_app.plans.models import Task, TaskStatus, task_officer
from inspect_app.proceedings.models import Proceeding, ProceedingStatus, Statement
from inspect_app.regions.models import Region
from inspect_app.stats.services import due_date, filing_statuses
from inspect_app.tips.limits import tip_warning
from inspect_app.tips.models import Tip, TipStatus
from inspect_app.tips.services import open_tips

REPORT_WARN_DAYS = 3
LIVE_CASES = (Status.ISSUED, Status.RECTIFYING)


def task_entries(user: User, today: date) -> list[Entry]:
    query = (
        select(Task)
        .join(task_officer, task_officer.c.task_id == Task.id)
        .where(task_officer.c.user_id == user.id, Task.status == TaskStatus.OPEN)
        .options(selectinload(Task.subject))
        .order_by(Task.due_month, Task.id)
    )
    return [
        Entry(
            f"task:{task.id}",
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
        for task in db.session.scalars(query)
    ]


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


def _my_orders(user: User):
    # IN here: ordered by deadline, EXISTS would walk every order of the county newest first.
    mine = Inspection.id.in_(
        select(CaseInspector.inspection_id).where(CaseInspector.user_id == user.id)
    )
    return (
        select(RectificationOrder, Inspection)
        .join(Inspection, Inspection.id == RectificationOrder.inspection_id)
        .where(mine, Inspection.status.in_(LIVE_CASES))
        .options(selectinload(RectificationOrder.responses))
        .order_by(RectificationOrder.deadline, RectificationOrder.id)
    )


def order_entries(user: User, today: date) -> list[Entry]:
    """Answers awaiting re-inspection and orders past their deadline, on the user's cases."""
    entries = []
    query = _my_orders(user).where(RectificationOrder.status != OrderStatus.RECTIFIED)
    for order, case in db.session.execute(query):
        where = {"inspection_id": case.id, "_anchor": f"order-{order.id}"}
        if awaits_reinspection(order):
            last = order.responses[-1]
            text = _("%(case)s: the unit answered an order", case=case.case_number)
            day = clock.local_day(last.created_at)
            entries.append(
                Entry(f"answer:{last.id}", "answer", text, "inspections.show", where, day, True)
            )
        if order.is_overdue_on(today):
            text = _(
                "%(case)s: order past its deadline of %(day)s",
                case=case.case_number,
                day=order.deadline.isoformat(),
            )
            key = f"overdue:{order.id}:{order.deadline.isoformat()}"
            entries.append(
                Entry(key, "overdue", text, "inspections.show", where, order.deadline, True)
            )
    return entries


def request_entries(user: User, today: date) -> list[Entry]:
    """Statements against an intended penalty, and requests for more time, awaiting a decision."""
    mine = _on_my_case(user)
    statements = (
        select(Statement, Proceeding, Inspection)
        .join(Proceeding, Proceeding.id == Statement.proceeding_id)
        .join(Inspection, Inspection.id == Proceeding.inspection_id)
        .where(
            mine,
            Proceeding.status == ProceedingStatus.NOTIFIED,
            Statement.source == "public",
        )
    )
    entries = [
        Entry(
            f"statement:{st.id}",
            "statement",
            _("%(case)s: the party sent a statement", case=case.case_number),
            "proceedings.show",
            {"inspection_id": case.id, "proceeding_id": pr.id},
            clock.local_day(st.received_at),
            True,
        )
        for st, pr, case in db.session.execute(statements)
    ]
    extensions = (
        select(OrderExtension, Inspection)
        .join(RectificationOrder, RectificationOrder.id == OrderExtension.order_id)
        .join(Inspection, Inspection.id == RectificationOrder.inspection_id)
        .where(mine, OrderExtension.status == ExtensionStatus.PENDING)
    )
    entries += [
        Entry(
            f"extension:{ext.id}",
            "extension",
            _("%(case)s: the unit asks for more time", case=case.case_number),
            "extensions.extension",
            {"inspection_id": case.id, "extension_id": ext.id},
            clock.local_day(ext.requested_at),
            True,
        )
        for ext, case in db.session.execute(extensions)
    ]
    return entries


def report_entries(user: User, today: date) -> list[Entry]:
    """A supervisor's towns whose 附件3 is due within three days, or last month's still missing."""
    if user.role != Role.SUPERVISOR:
        return []
    ids = visible_region_ids(user)
    parents = select(Region.parent_id).where(Region.parent_id.is_not(None))
    towns = list(
        db.session.scalars(
            select(Region)
            .where(Region.id.in_(ids), Region.id.not_in(parents))
            .order_by(Region.code)
        )
    )
    month, last = clock.current_month(), clock.shift_month(clock.current_month(), -1)
    entries = []
    if today >= due_date(month) - timedelta(days=REPORT_WARN_DAYS):
        entries += [
            _report(s.region, month, "report_due", s.state == "overdue")
            for s in filing_statuses(towns, month)
            if s.report is None
        ]
    entries += [
        _report(s.region, last, "report_late", True)
        for s in filing_statuses(towns, last)
        if s.report is None
    ]
    return entries


def _report(town: Region, month: str, kind: str, urgent: bool) -> Entry:
    if kind == "report_due":
        text = _(
            "%(town)s: monthly report for %(month)s due on %(day)s",
            town=town.name,
            month=month,
            day=due_date(month).isoformat(),
        )
    else:
        text = _("%(town)s: monthly report for %(month)s not filed", town=town.name, month=month)
    return Entry(
        f"{kind}:{town.id}:{month}",
        kind,
        text,
        "stats.form3",
        {"region": town.code, "month": month},
        due_date(month),
        urgent,
    )


def tip_entries(user: User, today: date) -> list[Entry]:
    """Tips in the user's area whose time limit is near or passed; for supervisors also a tip
    just received (nobody has put it to a check yet) and one whose check is done (its outcome
    is to be recorded)."""
    if user.role == Role.ADMIN:
        return []
    entries = []
    for tip in open_tips(visible_region_ids(user)):
        warning = tip_warning(tip, today)
        if warning is None:
            if user.role == Role.SUPERVISOR:
                entries.extend(_tip_steps(tip))
            continue
        if warning.state == "late":
            text = _(
                "Tip about %(unit)s: time limit passed on %(day)s",
                unit=tip.about,
                day=warning.due.isoformat(),
            )
        else:
            text = _(
                "Tip about %(unit)s: time limit on %(day)s",
                unit=tip.about,
                day=warning.due.isoformat(),
            )
        key = f"tip:{tip.id}:{warning.step}:{warning.state}"
        entries.append(
            Entry(
                key,
                "tip",
                text,
                "tips.show",
                {"tip_id": tip.id},
                warning.due,
                warning.state == "late",
            )
        )
    return entries


def _tip_steps(tip: Tip) -> list[Entry]:
    """The supervisor's next step on a tip within its limits, if it waits on them."""
    link = ("tips.show", {"tip_id": tip.id})
    if tip.status == TipStatus.RECEIVED:
        text = _("New tip about %(unit)s: put it to a check", unit=tip.about)
        return [Entry(f"tip:{tip.id}:received", "tip_new", text, *link, tip.received_on)]
    if tip.status == TipStatus.VERIFYING and _check_done(tip):
        text = _("Tip about %(unit)s: the check is done; record the outcome", unit=tip.about)
        return [Entry(f"tip:{tip.id}:checked", "tip_checked", text, *link, tip.received_on)]
    return []


def _check_done(tip: Tip) -> bool:
    """The tip's task has its issued record, or the case verifying it has been issued."""
    if tip.verified_by_task_id is not None:
        task = db.session.get(Task, tip.verified_by_task_id)
        return task is not None and task.status == TaskStatus.DONE
    if tip.verified_by_case_id is not None:
        case = db.session.get(Inspection, tip.verified_by_case_id)
        return case is not None and case.status != Status.DRAFT
    return False


SOURCES = (task_entries, order_entries, request_entries, report_entries, tip_entries)
