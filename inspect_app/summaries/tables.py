"""The summary's tables, in the report table model the exports use: one source for the Word
document and the PDF of the figures."""

from flask_babel import gettext as _

from inspect_app.dashboard.pages import ItemRow
from inspect_app.i18n import label
from inspect_app.selfchecks.items import ITEMS
from inspect_app.stats.exports import Cell, Row, Table
from inspect_app.stats.queries import ItemCounts

KIND_ORDER = ("production_unit", "training_institution", "exam_site")


def key_figures(summary) -> list[tuple[str, int, str]]:
    """(what, figure, kind) in the order the summary states them; equal to the dashboard's."""
    board, checks = summary.board, summary.self_checks
    totals = board.totals
    return [
        (_("Cases opened"), totals["opened"], "count"),
        (_("Inspection records issued"), totals["issued"], "count"),
        (_("Problems found (findings)"), totals["findings"], "count"),
        (_("Penalties decided"), totals["penalties"], "count"),
        (_("Units penalized"), board.fine_units, "count"),
        (_("Fines (yuan)"), totals["yuan"], "yuan"),
        (_("Referrals"), totals["referred"], "count"),
        (_("Exam-site suspensions"), board.exam_measures.suspended, "count"),
        (_("Exam-site revocations"), board.exam_measures.revoked, "count"),
        (_("Enterprises that self-checked"), checks.checked, "count"),
        (_("Enterprises with problems in their self-check"), checks.with_problem, "count"),
        (_("Enterprises that rectified every problem"), checks.rectified, "count"),
    ]


def figures_table(summary) -> Table:
    rows = [Row((Cell(what), Cell(value, kind=kind))) for what, value, kind in key_figures(summary)]
    return _table(summary, _("Key figures"), (_("Indicator"), _("Figure")), rows, [40, 16])


def problem_rows(items: list[ItemRow]) -> list[ItemRow]:
    """Findings per check item, grouped by subject kind, items in catalog order."""
    order = {kind: index for index, kind in enumerate(KIND_ORDER)}
    return sorted(items, key=lambda i: (order.get(i.kind, 9), i.code is None, i.code or ""))


def problems_table(summary) -> Table:
    """三、发现的主要问题: per subject kind and check item, findings and cases, with a total."""
    rows = [
        Row(
            (
                Cell(label(item.kind, "SUBJECT_KIND_LABELS")),
                Cell(f"{item.code or '—'} {item.text}"),
                Cell(item.findings, kind="count"),
                Cell(item.cases, kind="count"),
            )
        )
        for item in problem_rows(summary.board.items)
    ]
    total = sum(item.findings for item in summary.board.items)
    rows.append(
        Row((Cell(_("Total:"), colspan=2), Cell(total, kind="count"), Cell("")), kind="total")
    )
    columns = (_("Subject kind"), _("Check item"), _("Findings"), _("Cases"))
    return _table(summary, _("Problems found by check item"), columns, rows, [14, 52, 10, 10])


def self_check_table(summary) -> Table:
    """附件2's figures for the region over the self-check phase: items 1–6 and the total."""
    block = summary.self_check_block
    rows = [
        Row((Cell(f"{topic.number}、{topic.text}"), *_counts(block.items[topic.number])))
        for topic in ITEMS
    ]
    rows.append(Row((Cell(_("Total:")), *_counts(block.total)), kind="total"))
    columns = (
        _("Self-check item"),
        _("Enterprises that self-checked"),
        _("Enterprises with problems"),
        _("Enterprises rectified"),
    )
    title = _("Self-checks (Form 2)")
    return _table(summary, title, columns, rows, [52, 12, 12, 12])


def _counts(counts: ItemCounts) -> tuple[Cell, ...]:
    values = (counts.checked, counts.with_problem, counts.rectified)
    return tuple(Cell(value, kind="count") for value in values)


def _table(summary, title: str, columns, rows: list[Row], widths: list[int]) -> Table:
    return Table(
        title=title,
        meta=[],
        header=[Row(tuple(Cell(text) for text in columns))],
        rows=rows,
        widths=widths,
        name=title,
        ascii_name="summary",
    )
