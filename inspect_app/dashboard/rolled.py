"""The dashboard's monthly figures read from the rollups (see rollups.py).

Each function answers as its namesake in `queries`, which reads the raw data and stays the test
oracle. A period that is not made of whole months is answered by `queries` itself.
"""

from sqlalchemy import BigInteger, cast, func, select

from inspect_app.clock import Period
from inspect_app.dashboard import queries
from inspect_app.extensions import db
from inspect_app.rollups.models import MonthlyRollup as R
from inspect_app.rollups.services import split_key

# A 'unit' row's key is its subject's id as text. Distinct units are counted as integers: the
# same count, without comparing text under the database's collation (PostgreSQL, en_US: about
# 3x slower over a county year's rows).
_UNIT = cast(R.key, BigInteger)


def whole_months(period: Period) -> bool:
    return period == Period.of_months(period.first_month, period.last_month)


def _where(query, region_ids, period: Period, *measures: str):
    return query.where(
        R.region_id.in_(region_ids),
        R.month >= period.first_month,
        R.month <= period.last_month,
        R.measure.in_(measures),
    )


def _per_month(region_ids, period: Period, *measures: str) -> dict[tuple[str, str], int]:
    query = select(R.month, R.measure, func.sum(R.value)).group_by(R.month, R.measure)
    rows = db.session.execute(_where(query, region_ids, period, *measures))
    return {(month, measure): int(total) for month, measure, total in rows}


def case_months(region_ids, period: Period) -> list[queries.CaseMonth]:
    if not whole_months(period):
        return queries.case_months(region_ids, period)
    found = _per_month(region_ids, period, "opened", "issued")
    return [
        queries.CaseMonth(m, found.get((m, "opened"), 0), found.get((m, "issued"), 0))
        for m in period.months
    ]


def fine_months(region_ids, period: Period) -> list[queries.FineMonth]:
    if not whole_months(period):
        return queries.fine_months(region_ids, period)
    found = _per_month(region_ids, period, "penalties", "yuan")
    units = select(R.month, func.count(func.distinct(_UNIT))).group_by(R.month)
    per_month = dict(db.session.execute(_where(units, region_ids, period, "unit")).tuples().all())
    return [
        queries.FineMonth(
            m, found.get((m, "penalties"), 0), per_month.get(m, 0), found.get((m, "yuan"), 0)
        )
        for m in period.months
    ]


def fine_units(region_ids, period: Period) -> int:
    if not whole_months(period):
        return queries.fine_units(region_ids, period)
    query = select(func.count(func.distinct(_UNIT)))
    return db.session.scalar(_where(query, region_ids, period, "unit")) or 0


def findings_by_item(region_ids, period: Period) -> list[queries.ItemCount]:
    if not whole_months(period):
        return queries.findings_by_item(region_ids, period)
    query = select(R.key, R.measure, func.sum(R.value)).group_by(R.key, R.measure)
    found: dict[str, dict[str, int]] = {}
    for key, measure, total in db.session.execute(
        _where(query, region_ids, period, "findings", "finding_cases")
    ):
        found.setdefault(key, {})[measure] = int(total)
    counts = [
        queries.ItemCount(code, kind, sums.get("findings", 0), sums.get("finding_cases", 0))
        for key, sums in found.items()
        for kind, code in [split_key(key)]
    ]
    return sorted(
        counts, key=lambda c: (-c.findings, c.item_code is None, c.item_code or "", c.kind)
    )
