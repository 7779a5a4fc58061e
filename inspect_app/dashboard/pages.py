"""What the dashboard page shows: the chosen region and period, each section's figures and chart."""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _

from inspect_app.catalogs import CatalogError, load_catalog
from inspect_app.clock import Period
from inspect_app.dashboard import charts, queries, rolled
from inspect_app.errors import NotFound
from inspect_app.quizzes.results import Rate, pass_rates
from inspect_app.regions.models import Region
from inspect_app.regions.services import subtree_ids

CHART_ITEMS = 10  # the most common check items drawn; the table lists them all


@dataclass(frozen=True)
class ItemRow:
    code: str | None
    kind: str
    text: str
    findings: int
    cases: int


@dataclass(frozen=True)
class Dashboard:
    region: Region
    period: Period
    today: date
    cases: list[queries.CaseMonth]
    cases_chart: charts.BarChart
    items: list[ItemRow]
    items_chart: charts.BarChart
    fines: list[queries.FineMonth]
    fines_chart: charts.BarChart
    fine_units: int
    referrals: list[queries.ReferralCount]
    exam_measures: queries.ExamMeasureCounts
    overdue: list[queries.OverdueOrder]
    overdue_count: queries.OverdueCount
    subject_rates: list[Rate]
    topic_rates: list[Rate]
    rates_chart: charts.BarChart
    topics_chart: charts.BarChart
    typical: list

    @property
    def totals(self) -> dict[str, int]:
        return {
            "opened": sum(m.opened for m in self.cases),
            "issued": sum(m.issued for m in self.cases),
            "findings": sum(i.findings for i in self.items),
            "penalties": sum(m.penalties for m in self.fines),
            "yuan": sum(m.yuan for m in self.fines),
            "referred": sum(r.referred for r in self.referrals),
            "answered": sum(r.answered for r in self.referrals),
        }


def chosen_region(region_id: int | None, regions: list[Region], home_id: int) -> Region:
    """The picked region if in scope (else NotFound), or the user's own."""
    by_id = {r.id: r for r in regions}
    if region_id is None:
        return by_id.get(home_id) or regions[0]
    if region_id not in by_id:
        raise NotFound
    return by_id[region_id]


def build_dashboard(region: Region, scope: list[int], period: Period, today: date) -> Dashboard:
    """Every section's figures for a region (and the regions under it) over a period."""
    ids = sorted(set(subtree_ids(region.id)) & set(scope))
    cases = rolled.case_months(ids, period)
    items = item_rows(rolled.findings_by_item(ids, period))
    fines = rolled.fine_months(ids, period)
    since, until = period.bounds()
    subject_rates = pass_rates(ids, "subject", since, until)
    topic_rates = pass_rates(ids, "topic", since, until)
    return Dashboard(
        region=region,
        period=period,
        today=today,
        cases=cases,
        cases_chart=cases_chart(cases),
        items=items,
        items_chart=items_chart(items),
        fines=fines,
        fines_chart=fines_chart(fines),
        fine_units=rolled.fine_units(ids, period),
        referrals=queries.referral_counts(ids, period),
        exam_measures=queries.exam_measure_counts(ids, period, today),
        overdue=queries.overdue_orders(ids, today, queries.OVERDUE_SHOWN),
        overdue_count=queries.overdue_count(ids, today, queries.OVERDUE_COUNT_CAP),
        subject_rates=subject_rates,
        topic_rates=topic_rates,
        rates_chart=rates_chart(subject_rates),
        topics_chart=rates_chart(topic_rates),
        typical=queries.typical_cases(ids),
    )


def item_rows(counts: list[queries.ItemCount]) -> list[ItemRow]:
    locale = str(get_locale() or "")
    return [
        ItemRow(c.item_code, c.kind, item_text(c.item_code, c.kind, locale), c.findings, c.cases)
        for c in counts
    ]


def item_text(code: str | None, kind: str, locale: str) -> str:
    """The check item's wording in the current catalog, or a note for findings without one."""
    if code is None:
        return _("Not tied to a check item (certificate checks, other findings)")
    try:
        catalog = load_catalog(current_app.config["DEFAULT_CAMPAIGN"], kind)
        return catalog.item(code).text(locale)
    except CatalogError:
        return code


def cases_chart(months: list[queries.CaseMonth]) -> charts.BarChart:
    series = [
        charts.Series(_("Opened"), "s-brand", [m.opened for m in months]),
        charts.Series(_("Issued"), "s-ok", [m.issued for m in months]),
    ]
    return charts.bar_chart([m.month for m in months], series)


def items_chart(items: list[ItemRow]) -> charts.BarChart:
    top = items[:CHART_ITEMS]
    labels = [f"{i.code or '—'} {i.text}" for i in top]
    series = [charts.Series(_("Findings"), "s-warn", [i.findings for i in top])]
    return charts.bar_chart(labels, series, labels_above=True)


def fines_chart(months: list[queries.FineMonth]) -> charts.BarChart:
    series = [charts.Series(_("Fines (yuan)"), "s-bad", [m.yuan for m in months])]
    return charts.bar_chart([m.month for m in months], series)


def rates_chart(rates: list[Rate]) -> charts.BarChart:
    series = [charts.Series(_("Pass rate"), "s-brand", [r.percent for r in rates])]
    return charts.bar_chart(
        [r.label for r in rates], series, labels_above=True, axis_max=100, fmt=_percent
    )


def _percent(value: int) -> str:
    return f"{value}%"
