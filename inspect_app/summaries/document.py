"""The summary draft as an editable Word document (python-docx), and its figures as a PDF.

The document follows the usual structure of a government work summary: 一、工作开展情况
二、主要做法 三、发现的主要问题 四、典型案例剖析 五、原因分析 六、下一步措施. Figures and tables are
filled from the data; whatever needs the officer's judgement is a yellow-highlighted
【请填写：…】 place to write.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt
from flask import render_template
from flask_babel import gettext as _

from inspect_app.pdf import STATIC_ROOT, LockedFetcher, render_document
from inspect_app.stats.exports import Table, placed

BODY_FONT, HEADING_FONT, TITLE_FONT = "仿宋", "黑体", "宋体"
CHINESE_NUMBERS = "一二三四五六七八九十"
STYLESHEET = STATIC_ROOT / "css" / "report.css"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str = "", size: float = 14, font: str = BODY_FONT, **kwargs):
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = None if kwargs.get("center") else Pt(size * 2)
    if kwargs.get("center"):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        _font(paragraph.add_run(text), font, size, kwargs.get("bold", False))
    return paragraph


def placeholder(doc, what: str) -> None:
    """A highlighted place for the officer to write."""
    paragraph = _paragraph(doc)
    run = paragraph.add_run(_("[To fill in: %(what)s]", what=what))
    _font(run, BODY_FONT, 14)
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def heading(doc, text: str) -> None:
    _paragraph(doc, text, 15, HEADING_FONT)


def add_table(doc, table: Table, number: int) -> None:
    """A caption and the table, spans merged, header and total rows bold."""
    caption = _("Table %(number)s. %(title)s", number=number, title=table.title)
    _paragraph(doc, caption, 12, HEADING_FONT, center=True)
    rows = [*table.header, *table.rows]
    grid = doc.add_table(rows=len(rows), cols=table.columns)
    grid.style, grid.alignment = "Table Grid", WD_TABLE_ALIGNMENT.CENTER
    heads = len(table.header)
    for r, c, cell, row in placed(rows):
        target = grid.cell(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(grid.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        text = _shown(cell)
        paragraph = target.paragraphs[0]
        if cell.is_number:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(paragraph.add_run(text), BODY_FONT, 11, r < heads or row.kind == "total")


def _shown(cell) -> str:
    if cell.kind == "yuan" and isinstance(cell.value, int):
        return f"{cell.value:,}"
    return "" if cell.value is None else str(cell.value)


def write_docx(summary, tables: dict[str, Table]) -> bytes:
    """The Word draft: title, due days, the six sections, tables 1–3."""
    doc = Document()
    _title(doc, summary)
    _work_done(doc, summary, tables["figures"])
    heading(doc, _("2. Main methods"))
    placeholder(doc, _("the main methods and experience of the campaign"))
    _problems(doc, summary, tables)
    _cases(doc, summary)
    heading(doc, _("5. Analysis of causes"))
    placeholder(doc, _("the causes behind the problems found"))
    heading(doc, _("6. Next steps"))
    placeholder(doc, _("measures for both symptoms and root causes, with owners and time limits"))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _title(doc, summary) -> None:
    title = _(
        "%(region)s: summary of the %(campaign)s",
        region=summary.region.name,
        campaign=summary.campaign_name,
    )
    _paragraph(doc, title, 20, TITLE_FONT, center=True, bold=True)
    for line in [*due_lines(summary), period_line(summary)]:
        _paragraph(doc, line, 11, BODY_FONT, center=True)


def due_lines(summary) -> list[str]:
    return [
        _(
            "Towns send their written summary to the county by %(date)s.",
            date=summary.due["town"].isoformat(),
        ),
        _(
            "Provinces send theirs to the Ministry by %(date)s.",
            date=summary.due["province"].isoformat(),
        ),
    ]


def period_line(summary) -> str:
    return _(
        "Figures from %(first)s to %(last)s, as on the dashboard for these months; drawn up on "
        "%(today)s.",
        first=summary.period.first.isoformat(),
        last=summary.period.last.isoformat(),
        today=summary.today.isoformat(),
    )


def _work_done(doc, summary, figures: Table) -> None:
    heading(doc, _("1. Work carried out"))
    placeholder(doc, _("how the campaign was organised: meetings, plans, publicity, training"))
    totals, board = summary.board.totals, summary.board
    text = _(
        "From %(first)s to %(last)s, %(opened)s cases were opened and %(issued)s inspection "
        "records issued; %(findings)s problems were found; %(penalties)s penalties were decided "
        "against %(units)s units, with fines of %(yuan)s yuan; %(referred)s cases were referred.",
        first=summary.period.first.isoformat(),
        last=summary.period.last.isoformat(),
        units=board.fine_units,
        yuan=f"{totals['yuan']:,}",
        **{k: totals[k] for k in ("opened", "issued", "findings", "penalties", "referred")},
    )
    _paragraph(doc, text)
    checks = summary.self_checks
    _paragraph(
        doc,
        _(
            "In the self-check phase (%(first)s to %(last)s), %(checked)s enterprises checked "
            "themselves, %(problem)s found problems and %(rectified)s rectified every problem.",
            first=summary.self_check_phase.first.isoformat(),
            last=summary.self_check_phase.last.isoformat(),
            checked=checks.checked,
            problem=checks.with_problem,
            rectified=checks.rectified,
        ),
    )
    add_table(doc, figures, 1)


def _problems(doc, summary, tables: dict[str, Table]) -> None:
    heading(doc, _("3. Main problems found"))
    _paragraph(
        doc,
        _(
            "Table 2 sorts the problems found on inspection by subject kind and check "
            "item; Table 3 gives the enterprises' own self-checks."
        ),
    )
    add_table(doc, tables["problems"], 2)
    add_table(doc, tables["self_checks"], 3)
    placeholder(doc, _("which problems recur, in which kinds of unit, and how serious they are"))


def _cases(doc, summary) -> None:
    heading(doc, _("4. Typical cases"))
    if not summary.typical:
        _paragraph(doc, _("No typical case was marked in the period."))
    for index, case in enumerate(summary.typical):
        number = CHINESE_NUMBERS[index] if index < len(CHINESE_NUMBERS) else str(index + 1)
        head = _(
            "(%(n)s) %(unit)s, case %(case)s of %(date)s",
            n=number,
            unit=case.unit,
            case=case.case_number,
            date=case.issued_on.isoformat(),
        )
        _paragraph(doc, head, bold=True)
        items = "；".join(f"{code} {text}".strip() for code, text in case.items) or "—"
        fines = "；".join(f"{basis} {fine:,}" for basis, fine in case.penalties) or "—"
        _paragraph(
            doc,
            _(
                "Non-compliant items: %(items)s. Penalties against the unit (yuan): %(fines)s.",
                items=items,
                fines=fines,
            ),
        )
        placeholder(doc, _("what this case shows and what was learned from it"))


def write_figures_pdf(summary, tables: dict[str, Table]) -> bytes:
    """The draft's figures on A4, through the reports' renderer and stylesheet."""
    html = render_template(
        "summaries/figures_pdf.html",
        summary=summary,
        tables=list(tables.values()),
        due_lines=due_lines(summary),
        period_line=period_line(summary),
    )
    return render_document(html, STYLESHEET, LockedFetcher()).data
