"""The three report tables laid out as on paper (附件2, 附件3) and the typical-case list."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from inspect_app import clock
from inspect_app.i18n import label
from inspect_app.penalties.services import yuan
from inspect_app.selfchecks.items import ITEMS
from inspect_app.stats.exports import Cell, Row, Table
from inspect_app.stats.queries import Form2Block, Form3Unit, ItemCounts
from inspect_app.stats.services import Form2Report, Form3Report, TypicalCase


def _counts(counts: ItemCounts) -> tuple[Cell, ...]:
    return tuple(
        Cell(value, kind="count")
        for value in (counts.checked, counts.with_problem, counts.rectified)
    )


def _form2_rows(block: Form2Block, unit_cell: Cell | None) -> list[Row]:
    rows = []
    for topic in ITEMS:
        lead = (unit_cell,) if unit_cell and topic.number == 1 else ()
        text = Cell(f"{topic.number}、{topic.text}")
        rows.append(Row((*lead, text, *_counts(block.items[topic.number]))))
    rows.append(Row((Cell(_("Total:")), *_counts(block.total)), kind="total"))
    return rows


def form2_table(report: Form2Report, filled_on: date | None = None) -> Table:
    """附件2; a county gets a first column naming the town of each block, then the sum."""
    county = report.summed is not None
    lead = [Cell(_("Reporting unit"))] if county else []
    header = Row((*lead, *(Cell(t) for t in form2_columns())))
    rows: list[Row] = []
    for town, block in report.blocks:
        rows += _form2_rows(block, Cell(town.name, rowspan=7) if county else None)
    if county:
        name = _("%(name)s (sum of its towns)", name=report.region.name)
        rows += _form2_rows(report.summed, Cell(name, rowspan=7))
    period = report.period
    return Table(
        title=_("Summary of self-checks in the campaign against formality in safety training"),
        meta=[
            _("Town safety office: %(name)s", name=report.region.name),
            _("Period: %(first)s to %(last)s", first=period.first, last=period.last),
            _("Date filled in: %(date)s", date=(filled_on or clock.today()).isoformat()),
        ],
        header=[header],
        rows=rows,
        widths=[14] * county + [52, 12, 12, 12],
        name="_".join((_("Form 2"), report.region.name, period.label)),
        ascii_name=f"form2_{report.region.code}_{period.label}",
        notes=[form2_note()],
    )


def form2_columns() -> tuple[str, ...]:
    return (
        _("Self-check item"),
        _("Enterprises that self-checked"),
        _("Enterprises with problems"),
        _("Enterprises rectified"),
    )


def form2_note() -> str:
    return _(
        "Note: the total row counts each enterprise once — enterprises that self-checked, "
        "enterprises with a problem in any item, and enterprises that rectified every problem "
        "found. It is not the sum of the item rows. Self-checks count by their submission date; "
        "drafts and withdrawn self-checks do not count."
    )


def _form3_rows(unit_name: str, unit: Form3Unit) -> list[Row]:
    listed = [(Cell(p.name), Cell(p.fine, kind="yuan")) for p in unit.penalized]
    if unit.unlisted:
        more = ngettext(
            "And %(num)s more penalized unit: the exports name every one.",
            "And %(num)s more penalized units: the exports name every one.",
            unit.unlisted,
        )
        listed.append((Cell(more, kind="more"), Cell(unit.unlisted_fines, kind="yuan")))
    span = max(1, len(listed))
    lead = (Cell(unit_name, rowspan=span), Cell(unit.inspected, rowspan=span, kind="count"))
    if not listed:
        return [Row((*lead, Cell(""), Cell("")))]
    return [Row((*lead, *cells) if index == 0 else cells) for index, cells in enumerate(listed)]


def form3_table(report: Form3Report) -> Table:
    """附件3 with the reporting-unit column on the left and the 合计 row at the bottom."""
    header = [
        Row(
            (
                Cell(_("Reporting unit"), rowspan=2),
                Cell(_("Enterprises inspected"), rowspan=2),
                Cell(_("Administrative penalties"), colspan=2),
            )
        ),
        Row((Cell(_("Penalized unit")), Cell(_("Fine (yuan)")))),
    ]
    rows: list[Row] = []
    for town, unit in report.units:
        rows += _form3_rows(town.name, unit)
    total = (
        Cell(_("Total:")),
        Cell(report.inspected, kind="count"),
        Cell(report.penalized_count, kind="count"),
        Cell(report.fine_total, kind="yuan"),
    )
    rows.append(Row(total, kind="total"))
    return Table(
        title=_("Enforcement inspections in the campaign against formality in safety training"),
        meta=_form3_meta(report),
        header=header,
        rows=rows,
        widths=[16, 14, 40, 16],
        name="_".join((_("Form 3"), report.region.name, report.month)),
        ascii_name=f"form3_{report.region.code}_{report.month}",
        notes=[form3_note(), _("Due by %(date)s.", date=report.due.isoformat())],
    )


def _form3_meta(report: Form3Report) -> list[str]:
    filing = report.filing
    filed = filing.report if filing else None
    day = filed.filed_at if filed else None
    return [
        _("Reporting unit: %(name)s", name=report.region.name),
        _("Month: %(month)s", month=report.month),
        _(
            "Date filled in: %(date)s",
            date=(clock.local_day(day) if day else clock.today()).isoformat(),
        ),
        _("Filled in by: %(name)s", name=filed.filled_by_name if filed else ""),
    ]


def form3_note() -> str:
    return _(
        "Note: enterprises inspected are the distinct units with a case issued in the month. "
        "Penalties count by decision date: each penalized unit appears once with the sum of "
        "its fines decided in the month, whenever its case was issued. Revoked penalties, "
        "penalties not yet decided and decisions without a fine or a suspension (referrals, "
        "exam-site measures) count nothing. In the total row the penalized-unit column gives "
        "the number of penalized units."
    )


def typical_table(region, cases: list[TypicalCase], period_label: str) -> Table:
    """The typical-case publication list: no person, no ID or phone number, no free text."""
    columns = (
        _("Case number"),
        _("Date"),
        _("Town"),
        _("Unit"),
        _("Kind"),
        _("Non-compliant check items"),
        _("Penalties against the unit"),
    )
    rows = [Row(tuple(Cell(value) for value in _typical_cells(case))) for case in cases]
    return Table(
        title=_("Typical cases"),
        meta=[_("Region: %(name)s", name=region.name), *filter(None, [period_label])],
        header=[Row(tuple(Cell(text) for text in columns))],
        rows=rows,
        widths=[20, 12, 10, 26, 14, 44, 34],
        name="_".join(filter(None, (_("Typical cases"), region.name, period_label))),
        ascii_name="_".join(filter(None, ("typical_cases", region.code, period_label))),
        landscape=True,
    )


def _typical_cells(case: TypicalCase) -> tuple[str, ...]:
    items = "\n".join(f"{code} {text}".strip() for code, text in case.items)
    fines = "\n".join(
        _("%(basis)s: %(fine)s yuan", basis=basis, fine=yuan(fine))
        for basis, fine in case.penalties
    )
    kind = label(case.kind, "SUBJECT_KIND_LABELS")
    return (case.case_number, case.issued_on.isoformat(), case.town, case.unit, kind, items, fines)
