"""Reports assembled for a region and a period, the 附件3 due day, and filing (报送)."""

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.catalogs import CatalogError, load_catalog
from inspect_app.clock import Period, utcnow
from inspect_app.extensions import db
from inspect_app.regions.models import Region
from inspect_app.regions.services import subtree_ids, subtree_parents
from inspect_app.stats import queries
from inspect_app.stats.models import MonthlyReport


class ReportError(ValueError):
    """A report request or a filing that cannot be served; `message` is shown to the user."""

    message = _l("This report cannot be made.")

    def __init__(self, message=None) -> None:
        super().__init__(str(message or self.message))
        if message is not None:
            self.message = message


class StaleFiling(ReportError):
    message = _l(
        "This month's report was filed by someone else after you opened the page. "
        "Nothing was changed: check the figures below and file again if needed."
    )


def parse_month(value: str) -> str:
    """A valid YYYY-MM month, else ReportError."""
    if not clock.is_month(value):
        raise ReportError(_l("Give the month as YYYY-MM, for example 2026-04."))
    return value


def month_period(month: str) -> Period:
    return Period.of_month(parse_month(month))


def date_period(first: date | None, last: date | None) -> Period:
    if first is None or last is None:
        raise ReportError(_l("Give both the first and the last day of the period."))
    if first > last:
        raise ReportError(_l("The first day of the period comes after the last day."))
    return Period(first, last)


def due_date(month: str) -> date:
    """The day 附件3 of a month is due: REPORT_DUE_DAY (30), or the month's last day if earlier."""
    period = month_period(month)
    day = int(current_app.config["REPORT_DUE_DAY"])
    return period.first.replace(day=max(1, min(day, period.last.day)))


def reporting_units(region: Region) -> list[Region]:
    """A town reports for itself; a county through each of its towns."""
    return list(region.children) or [region]


@dataclass
class Form2Report:
    region: Region
    period: Period
    blocks: list[tuple[Region, queries.Form2Block]]  # one per town (a town alone: itself)
    summed: queries.Form2Block | None  # a county's sum over its towns


def form2_report(region: Region, period: Period) -> Form2Report:
    """附件2: self-checks submitted in the period, per town and summed for a county."""
    start, end = period.bounds()
    by_region = queries.form2_by_region(subtree_ids(region.id), start, end)
    blocks = []
    for unit in reporting_units(region):
        block = queries.Form2Block()
        for region_id in subtree_ids(unit.id):
            if region_id in by_region:
                block.add(by_region[region_id])
        blocks.append((unit, block))
    if not region.children:
        return Form2Report(region, period, blocks, None)
    summed = queries.Form2Block()
    for block in by_region.values():
        summed.add(block)
    return Form2Report(region, period, blocks, summed)


@dataclass
class FilingStatus:
    region: Region
    report: MonthlyReport | None
    state: str  # on_time | late | overdue | pending

    @property
    def is_late(self) -> bool:
        return self.state in ("late", "overdue")


@dataclass
class Form3Report:
    region: Region
    month: str
    due: date
    units: list[tuple[Region, queries.Form3Unit]]
    inspected: int
    filings: list[FilingStatus] = field(default_factory=list)

    @property
    def penalized_count(self) -> int:
        return sum(unit.penalized_count for _, unit in self.units)

    @property
    def unlisted(self) -> int:
        """Penalized units counted but not named (a report read with a listing limit)."""
        return sum(unit.unlisted for _, unit in self.units)

    @property
    def fine_total(self) -> int:
        return sum(unit.fine_total for _, unit in self.units)

    @property
    def filing(self) -> FilingStatus | None:
        """A town's own filing."""
        return self.filings[0] if len(self.filings) == 1 and not self.region.children else None


def form3_report(region: Region, month: str, listed: int | None = None) -> Form3Report:
    """附件3 of a month: per reporting unit, a county total, and each town's filing. With
    `listed`, each unit names only its first `listed` penalized units (its count and fines
    stay whole): a county's page, where the exports name them all."""
    period = month_period(month)
    start, end = period.bounds()
    units = reporting_units(region)
    parents = subtree_parents(region.id)
    unit_by_region = _units_of(parents, {unit.id for unit in units})
    unit_by_region.setdefault(region.id, region.id)  # cases filed on the county itself
    figures = queries.form3_by_unit(unit_by_region, period, listed)
    if region.id in figures and region not in units:
        units = [*units, region]
    rows = [(unit, figures.get(unit.id, queries.Form3Unit())) for unit in units]
    inspected = queries.inspected_total(list(unit_by_region), start, end)
    report = Form3Report(region, month, due_date(month), rows, inspected)
    has_children = set(parents.values())
    report.filings = filing_statuses([u for u in units if u.id not in has_children], month)
    return report


def _units_of(parents: dict[int, int | None], unit_ids: set[int]) -> dict[int, int]:
    """The reporting unit each region of the tree counts under (regions under none left out)."""
    found = {}
    for region_id in parents:
        node = region_id
        while node is not None and node not in unit_ids:
            node = parents.get(node)
        if node is not None:
            found[region_id] = node
    return found


def filing_statuses(towns: list[Region], month: str) -> list[FilingStatus]:
    """On time, late, overdue (not filed after the due day) or pending, per town."""
    ids = [town.id for town in towns]
    query = select(MonthlyReport).where(
        MonthlyReport.region_id.in_(ids), MonthlyReport.month == month
    )
    filed = {report.region_id: report for report in db.session.scalars(query)}
    due = due_date(month)
    return [filing_status_of(town, filed.get(town.id), due) for town in towns]


def filing_status_of(town: Region, report: MonthlyReport | None, due: date) -> FilingStatus:
    if report is not None:
        return FilingStatus(
            town, report, "on_time" if clock.local_day(report.filed_at) <= due else "late"
        )
    return FilingStatus(town, None, "overdue" if clock.today() > due else "pending")


# How the filed figures counted penalties; filings made before this key count them by the month
# their case was issued. A filing is never recounted: it keeps what was sent.
PENALTIES_BY = "decision_date"
RULE_KEYS = ("client_key", "penalties_by")


def snapshot(report: Form3Report) -> dict:
    """The figures a filing keeps, as shown on the form, and the counting rule they follow."""
    if report.unlisted:
        raise ValueError("a filing keeps every penalized unit: read the report without a limit")
    _, unit = report.units[0]
    return {
        "penalties_by": PENALTIES_BY,
        "month": report.month,
        "region": report.region.code,
        "inspected": unit.inspected,
        "penalized": [{"name": p.name, "fine": p.fine} for p in unit.penalized],
        "fine_total": unit.fine_total,
    }


def file_monthly_report(
    town: Region, month: str, user, filled_by_name: str, client_key: str, previous: str
) -> MonthlyReport:
    """File (报送) a town's 附件3 with its figures; filing again replaces it. Audited."""
    if town.children:
        raise ReportError(_l("Only a town files its monthly report."))
    if month_period(month).first > clock.today():
        raise ReportError(_l("A month that has not begun cannot be filed."))
    existing = db.session.scalar(
        select(MonthlyReport).where(
            MonthlyReport.region_id == town.id, MonthlyReport.month == month
        )
    )
    if existing is not None and client_key and existing.figures.get("client_key") == client_key:
        return existing  # a double tap: already filed by the first one
    if filing_token(existing) != (previous or ""):
        raise StaleFiling()
    figures = {**snapshot(form3_report(town, month)), "client_key": client_key}
    report = existing or MonthlyReport(region_id=town.id, month=month)
    before = dict(existing.figures) if existing else None
    report.filled_by_name, report.filed_by_id = filled_by_name, user.id
    report.filed_at, report.figures = utcnow(), figures
    db.session.add(report)
    action = "refile_monthly_report" if existing else "file_monthly_report"
    record_audit(user, action, report, month=month, filled_by=filled_by_name, before=before)
    db.session.flush()
    return report


def filing_token(report: MonthlyReport | None) -> str:
    """What the filing form carries to notice a filing made meanwhile."""
    return report.filed_at.isoformat() if report is not None else ""


@dataclass(frozen=True)
class TypicalCase:
    """What the publication list shows of a typical case: no personal data at all."""

    case_number: str
    issued_on: date
    town: str
    unit: str
    kind: str
    items: list[tuple[str, str]]  # (code, text) of the items found non-compliant
    penalties: list[tuple[str, int]]  # (legal basis, fine) against the unit


def typical_case_list(region: Region, period: Period | None = None) -> list[TypicalCase]:
    """Issued typical cases in the region (and period), newest first."""
    bounds = period.bounds() if period else (None, None)
    found = queries.typical_cases(subtree_ids(region.id), *bounds)
    ids = [case.id for case in found]
    codes, penalties = queries.non_compliant_codes(ids), queries.unit_penalties(ids)
    return [_typical(case, codes.get(case.id, []), penalties.get(case.id, [])) for case in found]


def _typical(case, codes: list[str], penalties: list) -> TypicalCase:
    locale = str(get_locale() or "")
    try:
        catalog = load_catalog(case.campaign, case.subject.kind, case.catalog_version)
        items = [(code, _item_text(catalog, code, locale)) for code in codes]
    except CatalogError:
        items = [(code, "") for code in codes]
    return TypicalCase(
        case_number=case.case_number or "",
        issued_on=clock.local_day(case.issued_at),
        town=case.region.name,
        unit=case.subject.name,
        kind=case.subject.kind,
        items=items,
        penalties=[(f"《{p.basis_law}》{p.basis_article}", p.fine_yuan) for p in penalties],
    )


def _item_text(catalog, code: str, locale: str) -> str:
    try:
        return catalog.item(code).text(locale)
    except CatalogError:
        return ""


def can_file(user, town: Region) -> bool:
    """A town's own supervisor (or admin) files its monthly report."""
    return not town.children and user.region_id == town.id and user.role in ("supervisor", "admin")


def _figures(figures: dict) -> dict:
    return {key: value for key, value in figures.items() if key not in RULE_KEYS}


def changed_since_filing(report: Form3Report) -> bool:
    """The live figures differ from those the town filed."""
    filed = report.filing.report if report.filing else None
    if filed is None:
        return False
    return _figures(filed.figures) != _figures(snapshot(report))


def filed_by_issue_month(report: Form3Report) -> bool:
    """The town's filing counted penalties by their case's issue month (the earlier rule)."""
    filed = report.filing.report if report.filing else None
    return filed is not None and filed.figures.get("penalties_by") != PENALTIES_BY
