"""A small table model for the report forms, and its writers: XLSX, CSV and PDF.

The same Table feeds the page (templates/stats/_table.html), the downloads and the command
line. Spreadsheet writers neutralise formula injection: text starting with = + - @, a tab or a
carriage return gets a leading apostrophe; numbers stay numbers. Workbooks hold plain values
only, never formulas, so Excel and WPS open them without recalculating anything.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

from flask import render_template
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from inspect_app import spreadsheets
from inspect_app.pdf import STATIC_ROOT, LockedFetcher, render_document
from inspect_app.spreadsheets import Span

FORMATS = ("xlsx", "csv", "pdf")
MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
YUAN_FORMAT = "#,##0"
COUNT_FORMAT = "0"
STYLESHEET = STATIC_ROOT / "css" / "report.css"


@dataclass(frozen=True)
class Cell:
    """A table cell: text, or a number (`kind` count or yuan), spanning columns and rows."""

    value: str | int | None = ""
    colspan: int = 1
    rowspan: int = 1
    kind: str = "text"  # text | count | yuan | more (a note in place of rows left out)

    @property
    def is_number(self) -> bool:
        return self.kind in ("count", "yuan")


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    kind: str = "body"  # body | total


@dataclass
class Table:
    """A report form: title, the line above the table, header rows, rows and notes."""

    title: str
    meta: list[str]  # the line above the table: 填报单位：… 填报时间：…
    header: list[Row]
    rows: list[Row]
    widths: list[int]
    name: str  # file name stem, e.g. 附件3_洋口镇_2026-10
    ascii_name: str  # the fallback, e.g. form3_320623105_2026-10
    notes: list[str] = field(default_factory=list)
    landscape: bool = False  # wide lists print across the page

    @property
    def columns(self) -> int:
        return sum(cell.colspan for cell in self.header[0].cells)


def placed(rows: list[Row]) -> Iterator[tuple[int, int, Cell, Row]]:
    """(row, column, cell, row object) of every cell, skipping places taken by earlier spans."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row.cells:
            while (r, c) in taken:
                c += 1
            yield r, c, cell, row
            taken.update(
                (r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)
            )
            c += cell.colspan


def neutralise(value: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _text(cell: Cell) -> str | int:
    if cell.is_number and isinstance(cell.value, int):
        return cell.value
    return neutralise(
        ILLEGAL_CHARACTERS_RE.sub("", str(cell.value if cell.value is not None else ""))
    )


def meta_line(table: Table) -> str:
    return "    ".join(table.meta)


def grid(rows: list[Row], columns: int) -> list[list[str | int]]:
    """Rows as a full matrix; merged places stay empty."""
    matrix: list[list[str | int]] = [[""] * columns for _ in rows]
    for r, c, cell, _ in placed(rows):
        matrix[r][c] = _text(cell)
    return matrix


def write_csv(table: Table) -> bytes:
    """UTF-8 with BOM, CRLF: title, the line above the table, header, rows, notes."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(table.title)])
    writer.writerow([neutralise(meta_line(table))])
    writer.writerows(grid(table.header, table.columns))
    writer.writerows(grid(table.rows, table.columns))
    writer.writerows([neutralise(note)] for note in table.notes)
    return buffer.getvalue().encode("utf-8-sig")


THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
NOTE = Alignment(horizontal="left", vertical="top", wrap_text=True)


def write_xlsx(table: Table) -> bytes:
    """One sheet laid out like the paper form, ready to print on A4 in Excel, WPS or LibreOffice."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\\/*?:\[\]]", "_", table.title)[:31] or "Sheet1"
    width = table.columns
    spreadsheets.set_widths(sheet, table.widths)
    spans = [
        _banner(sheet, 1, table.title, width, Font(bold=True, size=14), CENTER, 14),
        _banner(sheet, 2, meta_line(table), width, Font(size=10), LEFT, 10),
    ]
    first = 3
    spans += _block(sheet, table.header, first, header=True)
    body = first + len(table.header)
    spans += _block(sheet, table.rows, body, header=False)
    last = body + len(table.rows) - 1
    for offset, note in enumerate(table.notes, start=1):
        spans.append(_banner(sheet, last + offset, note, width, Font(size=9), NOTE, 9))
    spreadsheets.fit_row_heights(sheet, spans, minimum=20)
    sheet.freeze_panes = sheet.cell(row=body, column=1)
    landscape = table.landscape or spreadsheets.is_wide(table.widths)
    rows = last + len(table.notes)
    spreadsheets.print_on_a4(sheet, width, rows, f"{first}:{body - 1}", landscape)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _banner(sheet, row: int, text: str, width: int, font, alignment, size) -> Span:
    cell = sheet.cell(row=row, column=1, value=neutralise(text))
    cell.font, cell.alignment = font, alignment
    if width > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    return Span(row, 1, row, width, text, size)


def _block(sheet, rows: list[Row], top: int, header: bool) -> list[Span]:
    spans = []
    for r, c, cell, row in placed(rows):
        row_no, col_no = top + r, c + 1
        value = _text(cell)
        target = sheet.cell(row=row_no, column=col_no, value=value)
        bold = header or row.kind == "total"
        for rr in range(row_no, row_no + cell.rowspan):
            for cc in range(col_no, col_no + cell.colspan):
                styled = sheet.cell(row=rr, column=cc)
                styled.border = BORDER
                if header:
                    styled.fill = HEADER_FILL
        target.font = Font(bold=bold)
        target.alignment = _alignment(cell, header)
        if cell.is_number:
            target.number_format = YUAN_FORMAT if cell.kind == "yuan" else COUNT_FORMAT
        bottom, right = row_no + cell.rowspan - 1, col_no + cell.colspan - 1
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(
                start_row=row_no, start_column=col_no, end_row=bottom, end_column=right
            )
        shown = f"{value:,}" if isinstance(value, int) else value
        spans.append(Span(row_no, col_no, bottom, right, shown))
    return spans


def _alignment(cell: Cell, header: bool) -> Alignment:
    if header:
        return CENTER
    return RIGHT if cell.is_number else LEFT


def write_pdf(table: Table) -> bytes:
    """A4 PDF through the record's renderer: one embedded CJK font, a locked fetcher."""
    html = render_template("stats/report_pdf.html", table=table)
    return render_document(html, STYLESHEET, LockedFetcher()).data


WRITERS = {"xlsx": write_xlsx, "csv": write_csv, "pdf": write_pdf}


def export(table: Table, fmt: str) -> bytes:
    """The table in one of FORMATS."""
    return WRITERS[fmt](table)


UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def file_name(stem: str, fmt: str) -> str:
    return UNSAFE_NAME.sub("_", stem).strip(" .") + "." + fmt


def content_disposition(table: Table, fmt: str) -> str:
    """attachment with an ASCII name for old clients and the UTF-8 name (RFC 6266)."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", file_name(table.ascii_name, fmt))
    utf8 = quote(file_name(table.name, fmt), safe="")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{utf8}"
