"""What the coverage page shows: figures per plan, or per town side by side, and gaps."""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_login import current_user

from inspect_app import clock
from inspect_app.auth.access import scope_ids
from inspect_app.dashboard import charts
from inspect_app.extensions import db
from inspect_app.plans import coverage, queries
from inspect_app.plans.models import EnforcementPlan
from inspect_app.regions.models import Region
from inspect_app.subjects.models import Subject


@dataclass(frozen=True)
class Row:
    label: str
    figures: coverage.Coverage


@dataclass(frozen=True)
class CoveragePage:
    region: Region
    regions: list[Region]
    rows: list[Row]
    total: coverage.Coverage
    by_town: bool
    chart: charts.BarChart
    gaps: list[Subject]
    gaps_since: object


def _region(args) -> Region:
    ids = scope_ids()
    try:
        wanted = int(args.get("region", ""))
    except ValueError:
        wanted = current_user.region_id
    return db.session.get(Region, wanted if wanted in ids else current_user.region_id)


def coverage_page(args) -> CoveragePage:
    """Towns side by side for a county; a town's plans one by one."""
    region = _region(args)
    towns = [c for c in region.children if c.id in scope_ids()]
    region_ids = [region.id, *(t.id for t in towns)]
    plans = queries.plans_in(region_ids)
    if towns:
        rows = [Row(r.region.name, r.coverage) for r in coverage.regions_side_by_side(towns, plans)]
    else:
        rows = [Row(p.title, coverage.plan_coverage(p)) for p in plans]
    total = sum((r.figures for r in rows), coverage.EMPTY)
    since = _gaps_since(plans)
    gaps = coverage.not_inspected(region_ids, since)
    return CoveragePage(
        region, _choices(), rows, total, bool(towns), coverage_chart(rows), gaps, since
    )


def _gaps_since(plans: list[EnforcementPlan]):
    """From the first month of the earliest plan shown, else from 1 January this year."""
    firsts = [p.first_month for p in plans]
    return min(firsts) if firsts else clock.today().replace(month=1, day=1)


def _choices() -> list[Region]:
    regions = [db.session.get(Region, i) for i in scope_ids()]
    return sorted(regions, key=lambda r: r.code)


def coverage_chart(rows: list[Row]) -> charts.BarChart:
    labels = [r.label for r in rows]
    series = [
        charts.Series(_("Completed"), "s-ok", [r.figures.done for r in rows]),
        charts.Series(_("Overdue"), "s-bad", [r.figures.overdue for r in rows]),
        charts.Series(_("Not yet drawn"), "s-warn", [r.figures.not_drawn for r in rows]),
    ]
    return charts.bar_chart(labels, series, labels_above=True)
