"""The report figures as SQL aggregates: 附件2 per region and item, 附件3 per reporting unit.

Every query groups in the database (GROUP BY, SUM(CASE …), COUNT(DISTINCT …)) and filters on
indexed columns: self_check (region_id, submitted_at), inspection (region_id, issued_at),
penalty (decision_date). Penalties count by their decision date (stats.counting).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import BigInteger, Select, and_, case, cast, distinct, func, select
from sqlalchemy.orm import aliased, joinedload

from inspect_app.clock import Period
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection, ItemAnswer, Result, Status
from inspect_app.penalties.counting import counted_penalty, decided_between
from inspect_app.penalties.models import Penalty
from inspect_app.rollups.models import MonthlyRollup
from inspect_app.selfchecks.models import SelfCheck, SelfCheckItem, SelfCheckStatus
from inspect_app.subjects.models import Subject


@dataclass
class ItemCounts:
    """One row of 附件2: enterprises that self-checked, had a problem, rectified it."""

    checked: int = 0
    with_problem: int = 0
    rectified: int = 0

    def add(self, other: "ItemCounts") -> None:
        self.checked += other.checked
        self.with_problem += other.with_problem
        self.rectified += other.rectified


@dataclass
class Form2Block:
    """附件2 of one region: six item rows and the per-enterprise total."""

    items: dict[int, ItemCounts] = field(
        default_factory=lambda: {n: ItemCounts() for n in range(1, 7)}
    )
    total: ItemCounts = field(default_factory=ItemCounts)

    def add(self, other: "Form2Block") -> None:
        for number, counts in other.items.items():
            self.items[number].add(counts)
        self.total.add(other.total)


def _submitted(region_ids: Sequence[int], start: datetime, end: datetime):
    return and_(
        SelfCheck.region_id.in_(region_ids),
        SelfCheck.submitted_at >= start,
        SelfCheck.submitted_at < end,
        SelfCheck.status == SelfCheckStatus.SUBMITTED.value,
        SelfCheck.revoked_at.is_(None),
        SelfCheck.kind == "production_unit",  # 附件2 is the enterprises' form
    )


def _rectified_by(end: datetime):
    """A listed problem marked rectified before `end` (the report's date moves the figures)."""
    return and_(SelfCheckItem.rectified_at.is_not(None), SelfCheckItem.rectified_at < end)


def form2_by_region(
    region_ids: Sequence[int], start: datetime, end: datetime
) -> dict[int, Form2Block]:
    """附件2 figures per region id for self-checks submitted in [start, end); a problem counts as
    rectified only when it was marked rectified before `end`."""
    blocks: dict[int, Form2Block] = {}
    for region_id, number, checked, problem, rectified in db.session.execute(
        _item_query(region_ids, start, end)
    ):
        block = blocks.setdefault(region_id, Form2Block())
        block.items[number] = ItemCounts(checked, problem or 0, rectified or 0)
    for region_id, checked, problem, rectified in db.session.execute(
        _total_query(region_ids, start, end)
    ):
        blocks.setdefault(region_id, Form2Block()).total = ItemCounts(
            checked, problem or 0, rectified or 0
        )
    return blocks


def _item_query(region_ids, start, end):
    problem = SelfCheckItem.has_problem.is_(True)
    return (
        select(
            SelfCheck.region_id,
            SelfCheckItem.number,
            func.count(distinct(SelfCheck.subject_id)),
            func.count(distinct(case((problem, SelfCheck.subject_id)))),
            func.count(distinct(case((and_(problem, _rectified_by(end)), SelfCheck.subject_id)))),
        )
        .join(SelfCheckItem, SelfCheckItem.self_check_id == SelfCheck.id)
        .where(_submitted(region_ids, start, end), SelfCheckItem.has_problem.is_not(None))
        .group_by(SelfCheck.region_id, SelfCheckItem.number)
    )


def _total_query(region_ids, start, end):
    """Per enterprise: self-checked; any problem; problems, each of them rectified."""
    problem = SelfCheckItem.has_problem.is_(True)
    open_problem = and_(problem, ~_rectified_by(end))
    per_check = (
        select(
            SelfCheck.region_id,
            SelfCheck.subject_id,
            func.sum(case((problem, 1), else_=0)).label("problems"),
            func.sum(case((open_problem, 1), else_=0)).label("open"),
        )
        .outerjoin(SelfCheckItem, SelfCheckItem.self_check_id == SelfCheck.id)
        .where(_submitted(region_ids, start, end))
        .group_by(SelfCheck.id, SelfCheck.region_id, SelfCheck.subject_id)
        .subquery()
    )
    any_problem = per_check.c.problems > 0
    return select(
        per_check.c.region_id,
        func.count(distinct(per_check.c.subject_id)),
        func.count(distinct(case((any_problem, per_check.c.subject_id)))),
        func.count(
            distinct(case((and_(any_problem, per_check.c.open == 0), per_check.c.subject_id)))
        ),
    ).group_by(per_check.c.region_id)


@dataclass(frozen=True)
class PenalizedUnit:
    subject_id: int
    name: str
    fine: int


@dataclass
class Form3Unit:
    """附件3 of one reporting unit for a month. `penalized` lists the penalized units, all of
    them unless the report was read with a listing limit; the count and the fines are always
    those of all of them."""

    inspected: int = 0
    penalized: list[PenalizedUnit] = field(default_factory=list)
    penalized_count: int = 0
    fine_total: int = 0

    @property
    def unlisted(self) -> int:
        return self.penalized_count - len(self.penalized)

    @property
    def unlisted_fines(self) -> int:
        return self.fine_total - sum(unit.fine for unit in self.penalized)


def _issued_in(region_ids: Sequence[int], start: datetime, end: datetime):
    return and_(
        Inspection.region_id.in_(region_ids),
        Inspection.issued_at >= start,
        Inspection.issued_at < end,
        Inspection.status != Status.DRAFT.value,
    )


def _unit_of(unit_by_region: Mapping[int, int], region_id=Inspection.region_id):
    """SQL: the reporting unit a region (by default, a case's) belongs to."""
    return case(dict(unit_by_region), value=region_id)


def form3_by_unit(
    unit_by_region: Mapping[int, int], period: Period, listed: int | None = None
) -> dict[int, Form3Unit]:
    """附件3 figures per reporting unit for a month: cases issued in it, penalties decided in it.

    unit_by_region maps each region id of the report to the id of its reporting unit. With
    `listed`, each unit names its first `listed` penalized units (by name) and counts the rest
    in SQL: a county's month may hold thousands.
    """
    start, end = period.bounds()
    units: dict[int, Form3Unit] = {}
    inspected = inspected_query(unit_by_region, start, end)
    for unit_id, count in db.session.execute(inspected):
        units.setdefault(unit_id, Form3Unit()).inspected = count
    penalized = rolled_penalized_query(unit_by_region, period)
    if listed is None:
        _add_every_unit(units, penalized)
    else:
        _add_first_units(units, _first_of_each_unit(penalized, listed))
    return units


def _add_every_unit(units: dict[int, Form3Unit], query: Select) -> None:
    for unit_id, subject_id, name, fine in db.session.execute(query):
        unit = units.setdefault(unit_id, Form3Unit())
        unit.penalized.append(PenalizedUnit(subject_id, name, int(fine or 0)))
        unit.penalized_count += 1
        unit.fine_total += int(fine or 0)


def _add_first_units(units: dict[int, Form3Unit], query: Select) -> None:
    for unit_id, subject_id, name, fine, count, fines in db.session.execute(query):
        unit = units.setdefault(unit_id, Form3Unit())
        unit.penalized.append(PenalizedUnit(subject_id, name, int(fine or 0)))
        unit.penalized_count, unit.fine_total = count, int(fines or 0)


def _first_of_each_unit(penalized: Select, listed: int) -> Select:
    """The first `listed` rows of each unit, each with its unit's count and fines (one pass)."""
    rows = penalized.order_by(None).subquery()
    unit = {"partition_by": rows.c.unit}
    ranked = select(
        rows,
        func.row_number().over(**unit, order_by=(rows.c.name, rows.c.id)).label("place"),
        func.count().over(**unit).label("units"),
        func.sum(rows.c.fine).over(**unit).label("fines"),
    ).subquery()
    return (
        select(*(ranked.c[name] for name in ("unit", "id", "name", "fine", "units", "fines")))
        .where(ranked.c.place <= listed)
        .order_by(ranked.c.unit, ranked.c.name, ranked.c.id)
    )


def inspected_query(unit_by_region: Mapping[int, int], start: datetime, end: datetime):
    """Distinct subjects with a case issued in [start, end), per reporting unit."""
    unit = _unit_of(unit_by_region).label("unit")
    return (
        select(unit, func.count(distinct(Inspection.subject_id)))
        .where(_issued_in(list(unit_by_region), start, end))
        .group_by(unit)
    )


def penalized_query(unit_by_region: Mapping[int, int], period: Period):
    """Each subject with a counted penalty decided in the period, once per unit, fines summed.

    A penalty on a named person counts for the unit of its case, as on paper."""
    unit = _unit_of(unit_by_region).label("unit")
    return (
        select(unit, Subject.id, Subject.name, func.sum(Penalty.fine_yuan).label("fine"))
        .select_from(Penalty)
        .join(Inspection, Inspection.id == Penalty.inspection_id)
        .join(Subject, Subject.id == Inspection.subject_id)
        .where(
            Inspection.region_id.in_(list(unit_by_region)),
            decided_between(period.first, period.last),
            counted_penalty(),
        )
        .group_by(unit, Subject.id, Subject.name)
        .order_by(unit, Subject.name, Subject.id)
    )


def rolled_penalized_query(unit_by_region: Mapping[int, int], period: Period):
    """The rows of `penalized_query` (its test oracle) for a whole month, read from the monthly
    rollups: each penalized subject of a region and month is one `unit` row, its fines one
    `fined` row; the month's penalties and their cases are not read."""
    if period.month is None:
        raise ValueError("the rollups hold whole months")
    units, fines = aliased(MonthlyRollup), aliased(MonthlyRollup)
    unit = _unit_of(unit_by_region, units.region_id).label("unit")
    same_unit = and_(
        fines.region_id == units.region_id,
        fines.month == units.month,
        fines.measure == "fined",
        fines.key == units.key,
    )
    per_subject = (
        select(unit, units.key, func.sum(func.coalesce(fines.value, 0)).label("fine"))
        .select_from(units)
        .outerjoin(fines, same_unit)
        .where(
            units.measure == "unit",
            units.month == period.month,
            units.region_id.in_(list(unit_by_region)),
        )
        .group_by(unit, units.key)
        .subquery()
    )
    # Each name by its key, one lookup a unit: joined instead, PostgreSQL reads every subject.
    subject_id = cast(per_subject.c.key, BigInteger)
    name = select(Subject.name).where(Subject.id == subject_id).scalar_subquery()
    return select(
        per_subject.c.unit, subject_id.label("id"), name.label("name"), per_subject.c.fine
    ).order_by(per_subject.c.unit, name, subject_id)


def inspected_total(region_ids: Sequence[int], start: datetime, end: datetime) -> int:
    """Distinct subjects with a case issued in [start, end) anywhere in these regions."""
    query = select(func.count(distinct(Inspection.subject_id))).where(
        _issued_in(region_ids, start, end)
    )
    return db.session.scalar(query) or 0


def typical_cases(region_ids: Sequence[int], start=None, end=None) -> list[Inspection]:
    """Issued cases marked typical (典型案例) in these regions, newest first."""
    query = (
        select(Inspection)
        .options(joinedload(Inspection.subject), joinedload(Inspection.region))
        .where(
            Inspection.region_id.in_(region_ids),
            Inspection.typical.is_(True),
            Inspection.issued_at.is_not(None),
            Inspection.status != Status.DRAFT.value,
        )
        .order_by(Inspection.issued_at.desc(), Inspection.id.desc())
    )
    if start is not None:
        query = query.where(Inspection.issued_at >= start, Inspection.issued_at < end)
    return list(db.session.scalars(query))


def non_compliant_codes(case_ids: Sequence[int]) -> dict[int, list[str]]:
    """The check items answered non-compliant, by case."""
    query = (
        select(ItemAnswer.inspection_id, ItemAnswer.item_code)
        .where(ItemAnswer.inspection_id.in_(case_ids), ItemAnswer.result == Result.NON_COMPLIANT)
        .order_by(ItemAnswer.inspection_id, ItemAnswer.item_code)
    )
    found: dict[int, list[str]] = {}
    for case_id, code in db.session.execute(query):
        found.setdefault(case_id, []).append(code)
    return found


def unit_penalties(case_ids: Sequence[int]) -> dict[int, list[Penalty]]:
    """Decided penalties in force against the unit itself (never a named person), by case;
    measures-only decisions are no "0 yuan" penalty here either."""
    query = (
        select(Penalty)
        .join(Inspection, Inspection.id == Penalty.inspection_id)
        .where(Penalty.inspection_id.in_(case_ids), Penalty.party == "unit", counted_penalty())
        .order_by(Penalty.inspection_id, Penalty.id)
    )
    found: dict[int, list[Penalty]] = {}
    for penalty in db.session.scalars(query):
        found.setdefault(penalty.inspection_id, []).append(penalty)
    return found
