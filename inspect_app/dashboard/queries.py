"""The dashboard's figures, each one SQL aggregate over the cases of a set of regions.

Months are calendar months in the configured time zone (Asia/Shanghai). Each month becomes a pair
of UTC bounds and one `SUM(CASE WHEN t >= start AND t < end …)` column, so the grouping is the
same on SQLite and PostgreSQL and no rows are looped over in Python.
Fines follow the definition of 附件3 (stats.counting): a penalty counts in the month of its
decision date; revoked, undecided and measures-only decisions count nothing.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, case, func, literal, or_, select, true, union_all
from sqlalchemy.orm import selectinload

from inspect_app.clock import Period, month_bounds, month_first_day, month_last_day, shift_month
from inspect_app.extensions import db
from inspect_app.findings.models import Finding, OrderStatus, RectificationOrder
from inspect_app.inspections.models import Inspection, Status
from inspect_app.paging import capped_count
from inspect_app.penalties.counting import counted_penalty, decided_between
from inspect_app.penalties.models import Penalty
from inspect_app.proceedings.models import AgencyKind, ExamMeasure, Referral
from inspect_app.subjects.models import Subject


@dataclass(frozen=True)
class CaseMonth:
    month: str
    opened: int
    issued: int


@dataclass(frozen=True)
class FineMonth:
    month: str
    penalties: int
    units: int
    yuan: int


@dataclass(frozen=True)
class ReferralCount:
    agency_kind: str
    referred: int
    answered: int  # with the result reported back


@dataclass(frozen=True)
class ExamMeasureCounts:
    in_force: int  # exam sites under a suspension or revocation on `today`
    suspended: int  # suspensions decided in the period
    revoked: int  # revocations decided in the period


@dataclass(frozen=True)
class ItemCount:
    item_code: str | None
    kind: str
    findings: int
    cases: int


@dataclass(frozen=True)
class OverdueOrder:
    order: RectificationOrder
    inspection: Inspection
    subject_name: str
    days_overdue: int


def default_period(today: date, count: int = 12) -> Period:
    """The last `count` calendar months, the current one included."""
    current = f"{today:%Y-%m}"
    return Period.of_months(shift_month(current, 1 - count), current)


def _in_month(column, month: str):
    start, end = month_bounds(month)
    return and_(column >= start, column < end)


def _between(column, period: Period):
    start, end = period.bounds()
    return and_(column >= start, column < end)


def case_months(region_ids, period: Period) -> list[CaseMonth]:
    """Cases opened (drafts too) and records issued, per month.

    One COUNT per month and column, joined by UNION ALL into one statement: each is a range of
    ix_inspection_region_started or ix_inspection_region_issued_subject, read from the index
    alone, where one pass of SUM(CASE …) columns under an OR of dates read every case of the period.
    """
    counts = [
        select(literal(f"{column.key} {month}"), func.count())
        .select_from(Inspection)
        .where(Inspection.region_id.in_(region_ids), _in_month(column, month))
        for column in (Inspection.started_at, Inspection.issued_at)
        for month in period.months
    ]
    found = dict(db.session.execute(union_all(*counts)).tuples().all())
    return [CaseMonth(m, found[f"started_at {m}"], found[f"issued_at {m}"]) for m in period.months]


def _decided_in(month: str):
    return decided_between(month_first_day(month), month_last_day(month))


def fine_months(region_ids, period: Period) -> list[FineMonth]:
    """Counted penalties, penalized units and fines (yuan) per month of decision."""
    months = period.months
    columns = []
    for m in months:
        inside = _decided_in(m)
        columns += [
            func.sum(case((inside, 1), else_=0)),
            func.count(func.distinct(case((inside, Inspection.subject_id)))),
            func.sum(case((inside, Penalty.fine_yuan), else_=0)),
        ]
    row = db.session.execute(_counted(select(*columns), region_ids, period)).one()
    return [
        FineMonth(m, int(row[3 * i] or 0), int(row[3 * i + 1] or 0), int(row[3 * i + 2] or 0))
        for i, m in enumerate(months)
    ]


def fine_units(region_ids, period: Period) -> int:
    """Distinct units penalized in the period (a unit in two months counts once)."""
    query = select(func.count(func.distinct(Inspection.subject_id)))
    return db.session.scalar(_counted(query, region_ids, period)) or 0


def _counted(query, region_ids, period: Period):
    """The query over counted penalties decided in the period, in these regions."""
    return (
        query.select_from(Penalty)
        .join(Inspection, Inspection.id == Penalty.inspection_id)
        .where(
            Inspection.region_id.in_(region_ids),
            decided_between(period.first, period.last),
            counted_penalty(),
        )
    )


def findings_by_item(region_ids, period: Period) -> list[ItemCount]:
    """Findings of the records issued in the period, per check item and subject kind, most first."""
    count = func.count(Finding.id)
    no_item_last = case((Finding.item_code.is_(None), 1), else_=0)
    query = (
        select(Finding.item_code, Subject.kind, count, func.count(func.distinct(Inspection.id)))
        .join(Inspection, Inspection.id == Finding.inspection_id)
        .join(Subject, Subject.id == Inspection.subject_id)
        .where(Inspection.region_id.in_(region_ids), _between(Inspection.issued_at, period))
        .group_by(Finding.item_code, Subject.kind)
        .order_by(count.desc(), no_item_last, Finding.item_code, Subject.kind)
    )
    return [ItemCount(*row) for row in db.session.execute(query)]


# The dashboard lists the oldest few overdue orders and counts the rest up to a cap: at county
# scale thousands are overdue, and the case list (filtered to overdue orders) shows them all.
OVERDUE_SHOWN = 10
OVERDUE_COUNT_CAP = 99


@dataclass(frozen=True)
class OverdueCount:
    count: int  # overdue orders, counted up to `cap`
    capped: bool  # there are more than `cap`
    cap: int


def _overdue(query: Select, region_ids, today: date) -> Select:
    """Open orders of issued records past their deadline (local date), in the regions."""
    return query.join(Inspection, Inspection.id == RectificationOrder.inspection_id).where(
        Inspection.region_id.in_(region_ids),
        Inspection.status != Status.DRAFT,
        RectificationOrder.status == OrderStatus.OPEN,
        RectificationOrder.deadline < today,
    )


def overdue_orders(region_ids, today: date, limit: int = OVERDUE_SHOWN) -> list[OverdueOrder]:
    """The oldest overdue orders, oldest deadline first."""
    query = _overdue(select(RectificationOrder, Inspection, Subject.name), region_ids, today)
    query = (
        query.join(Subject, Subject.id == Inspection.subject_id)
        .order_by(RectificationOrder.deadline, RectificationOrder.id)
        .limit(limit)
    )
    return [
        OverdueOrder(order, inspection, name, (today - order.deadline).days)
        for order, inspection, name in db.session.execute(query)
    ]


def overdue_count(region_ids, today: date, cap: int = OVERDUE_COUNT_CAP) -> OverdueCount:
    """How many orders are overdue, counted no further than cap + 1."""
    count = capped_count(_overdue(select(RectificationOrder.id), region_ids, today), cap)
    return OverdueCount(min(count, cap), count > cap, cap)


def typical_cases(region_ids, limit: int = 20) -> list[Inspection]:
    """Issued cases marked typical (典型案例), newest first."""
    query = (
        select(Inspection)
        .where(
            Inspection.region_id.in_(region_ids),
            Inspection.typical == true(),  # `= true`, not `IS true`: an index can serve it
            Inspection.status != Status.DRAFT,
        )
        .options(selectinload(Inspection.subject))
        .order_by(Inspection.issued_at.desc(), Inspection.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def referral_counts(region_ids, period: Period) -> list[ReferralCount]:
    """Referrals made in the period per kind of agency, and how many have their result."""
    answered = func.sum(case((Referral.result_on.is_not(None), 1), else_=0))
    query = (
        select(Referral.agency_kind, func.count(Referral.id), answered)
        .join(Inspection, Inspection.id == Referral.inspection_id)
        .where(
            Inspection.region_id.in_(region_ids),
            Referral.referred_on >= period.first,
            Referral.referred_on <= period.last,
        )
        .group_by(Referral.agency_kind)
    )
    found = {kind: (count, int(done or 0)) for kind, count, done in db.session.execute(query)}
    return [ReferralCount(kind, *found.get(kind, (0, 0))) for kind in AgencyKind]


def exam_measure_counts(region_ids, period: Period, today: date) -> ExamMeasureCounts:
    """Exam sites under a measure today, and the measures decided in the period, by kind."""
    in_force = and_(
        ExamMeasure.starts_on <= today,
        or_(ExamMeasure.ends_on.is_(None), ExamMeasure.ends_on >= today),
    )
    decided = and_(ExamMeasure.decided_on >= period.first, ExamMeasure.decided_on <= period.last)
    # The measures are read first and each one's site looked up by primary key (an EXISTS):
    # a join let the database walk every subject of a county to find the few exam sites.
    in_scope = select(Subject.id).where(
        Subject.id == ExamMeasure.subject_id, Subject.region_id.in_(region_ids)
    )
    query = select(
        func.count(func.distinct(case((in_force, ExamMeasure.subject_id)))),
        func.sum(case((and_(decided, ExamMeasure.kind == "suspension"), 1), else_=0)),
        func.sum(case((and_(decided, ExamMeasure.kind == "revocation"), 1), else_=0)),
    ).where(in_scope.exists())
    row = db.session.execute(query).one()
    return ExamMeasureCounts(*(int(value or 0) for value in row))
