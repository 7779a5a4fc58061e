"""Reading and writing question files: CSV (UTF-8, or GBK as Excel saves it in China) and XLSX.

Readers return ``[(line, [cell, …]), …]`` with the line a spreadsheet shows (header = 1);
writers neutralise formulas: a cell starting with = + - @ gets a leading apostrophe, which the
readers strip again, so an exported file imports back unchanged.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string
from openpyxl.utils.exceptions import InvalidFileException

from inspect_app import spreadsheets
from inspect_app.spreadsheets import Span

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 5000  # data rows in one file
# An .xlsx is a zip: a 150 KB file can unpack to gigabytes. These bound it before parsing.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_CELLS = (MAX_ROWS + 1) * 40
MAX_MEMBERS = 300
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
Rows = list[tuple[int, list[str]]]


class FileUnreadable(ValueError):
    """The bytes are not a CSV or XLSX file this importer can read; `.message` says why."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line


def neutralise(value: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unneutralise(value: str) -> str:
    """Undo `neutralise`: drop the apostrophe put before a formula-like cell."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def read_csv(data: bytes) -> Rows:
    """The rows of a CSV file in UTF-8 (with or without BOM) or GB18030/GBK."""
    text = _decode(data)
    rows: Rows = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for line, cells in enumerate(reader, start=1):
            rows.append((line, [unneutralise(cell) for cell in cells]))
            _check_size(line)
    except csv.Error as error:
        message = _("This line cannot be read as CSV (check the quotes).")
        raise FileUnreadable(message, len(rows) + 1) from error
    return rows


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise FileUnreadable(_("This is not a text CSV file."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileUnreadable(_("The file is neither UTF-8 nor GBK text; save it as “CSV UTF-8”."))


def _check_size(line: int) -> None:
    if line > MAX_ROWS + 1:
        message = _("The file has more than %(max)s questions; split it.", max=MAX_ROWS)
        raise FileUnreadable(message, line)


def read_xlsx(data: bytes) -> Rows:
    """The rows of the first sheet of an .xlsx workbook, values as text."""
    check_xlsx_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise FileUnreadable(_("This is not a readable .xlsx workbook.")) from error
    try:
        sheet = workbook.worksheets[0]
        rows: Rows = []
        for line, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            rows.append((line, [unneutralise(_cell_text(value)) for value in values]))
            _check_size(line)
        return rows
    finally:
        workbook.close()


def check_xlsx_archive(data: bytes) -> None:
    """Refuse a workbook that unpacks too large or holds too many cells, reading the zip as a
    stream with a running count (sizes in its headers can lie), before any parser sees it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise FileUnreadable(_("This is not a readable .xlsx workbook.")) from error
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise _too_big()
        unpacked = cells = 0
        for member in members:
            counted = _count_member(archive, member, MAX_UNPACKED_BYTES - unpacked)
            unpacked += counted[0]
            cells += counted[1]
            if cells > MAX_CELLS:
                raise _too_many_cells()


def _count_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int):
    """(bytes unpacked, cells) of one member; refused as soon as the budget is spent."""
    is_sheet = member.filename.startswith("xl/worksheets/")
    size = cells = declared = 0
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(65536):
                size += len(chunk)
                if size > budget:
                    raise _too_big()
                if is_sheet:
                    window = tail + chunk
                    if size == len(chunk):
                        declared = _declared_cells(window)
                    cells += sum(1 for m in _CELL_TAG.finditer(window) if m.end() > len(tail))
                    tail = window[-16:]
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as error:
        raise FileUnreadable(_("This is not a readable .xlsx workbook.")) from error
    return size, max(cells, declared)


def _declared_cells(head: bytes) -> int:
    """The area the sheet declares: a reader pads every row to it, written or not."""
    found = _DIMENSION.search(head)
    if not found or not found.group(3):
        return 0
    first, last = (column_index_from_string(found.group(n).decode()) for n in (1, 3))
    return (abs(last - first) + 1) * (abs(int(found.group(4)) - int(found.group(2))) + 1)


def _too_big() -> FileUnreadable:
    mb = MAX_UNPACKED_BYTES // (1024 * 1024)
    return FileUnreadable(
        _("The workbook unpacks to more than %(mb)s MB; split it or save it as CSV.", mb=mb)
    )


def _too_many_cells() -> FileUnreadable:
    return FileUnreadable(
        _("The workbook has more than %(max)s cells; split it or save it as CSV.", max=MAX_CELLS)
    )


def _cell_text(value: object) -> str:
    """What a person sees in the cell: numbers without a stray ".0", TRUE/FALSE for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def write_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """A CSV file in UTF-8 with BOM (so Excel opens it in the right encoding)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(
    header: Sequence[str], rows: Iterable[Sequence[str]], widths: Sequence[int], title: str
) -> bytes:
    """An .xlsx workbook: a styled, frozen header row, sized columns and rows, printable on A4
    one page wide; every cell text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(header))
    for row in rows:
        sheet.append([neutralise(ILLEGAL_CHARACTERS_RE.sub("", cell)) for cell in row])
    _style(sheet, widths)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _style(sheet, widths: Sequence[int]) -> None:
    fill = PatternFill("solid", fgColor="DCE6F1")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = fill
    wrapped = Alignment(vertical="top", wrap_text=True)
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = wrapped
    spreadsheets.set_widths(sheet, widths)
    spans = [
        Span(cell.row, cell.column, cell.row, cell.column, cell.value)
        for row in sheet.iter_rows()
        for cell in row
    ]
    spreadsheets.fit_row_heights(sheet, spans, minimum=18)
    sheet.freeze_panes = "A2"
    spreadsheets.print_on_a4(sheet, sheet.max_column, sheet.max_row, "1:1", landscape=True)
