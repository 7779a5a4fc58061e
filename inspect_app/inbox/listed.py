"""Inbox sources read and listed in Python, not counted in SQL: few rows each.

A supervisor's towns whose monthly report is due or late, and the open tips of the user's area
whose time limits are worked out here (see `sources` for the sources counted in SQL).
"""

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from inspect_app import clock
from inspect_app.auth.models import Role, User
from inspect_app.auth.services import visible_region_ids
from inspect_app.extensions import db
from inspect_app.inbox.entries import Entry
from inspect_app.inspections.models import Inspection, Status
from inspect_app.plans.models import Task, TaskStatus
from inspect_app.regions.models import Region
from inspect_app.stats.services import due_date, filing_statuses
from inspect_app.tips.limits import tip_warning
from inspect_app.tips.models import Tip, TipStatus
from inspect_app.tips.services import open_tips

REPORT_WARN_DAYS = 3


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
