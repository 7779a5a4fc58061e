"""Print layout shared by every XLSX the app writes: row heights for wrapped text, A4, one page
wide, repeating header rows and a print area.

Excel stores no height for a row of wrapped text; it measures the text when the file is opened.
LibreOffice and WPS keep the stored default (15 pt), so a long item text or a note spills over
the next row when printed. Heights are therefore estimated here from the text's length and the
column's width: a column width counts characters of the default font's digit width, and a CJK
character takes about two of them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from math import ceil
from unicodedata import east_asian_width

from openpyxl.utils import get_column_letter

POINTS_PER_LINE = 1.45  # line height per point of font size (CJK fonts run tall)
ROW_PADDING = 5.0  # points above and below the text
WRAP_SLACK = 1.15  # words wrap at spaces, so lines fill less than the full width
DEFAULT_FONT_SIZE = 11.0


def display_width(text: str) -> int:
    """Width in digit widths: wide and full-width (CJK) characters count double."""
    return sum(2 if east_asian_width(char) in "WF" else 1 for char in text)


def line_count(text: object, width: float) -> int:
    """How many lines a wrapped cell of this column width shows for the text."""
    usable = max(1.0, width - 1.5)  # the cell's own padding
    lines = 0
    for part in str(text if text is not None else "").split("\n"):
        lines += max(1, ceil(display_width(part) * WRAP_SLACK / usable))
    return lines


def text_height(text: object, width: float, font_size: float = DEFAULT_FONT_SIZE) -> float:
    """The row height (points) that shows the wrapped text whole."""
    return line_count(text, width) * font_size * POINTS_PER_LINE + ROW_PADDING


@dataclass(frozen=True)
class Span:
    """A cell's text over rows top..bottom and columns left..right (1-based, inclusive)."""

    top: int
    left: int
    bottom: int
    right: int
    text: object
    font_size: float = DEFAULT_FONT_SIZE


def fit_row_heights(sheet, spans: Iterable[Span], minimum: float = 0) -> None:
    """Set each row tall enough for its cells; a cell over several rows shares out the rest."""
    spans = list(spans)
    needed: dict[int, float] = {}
    for span in (s for s in spans if s.top == s.bottom):
        height = text_height(span.text, _width(sheet, span), span.font_size)
        needed[span.top] = max(needed.get(span.top, minimum), height)
    for span in (s for s in spans if s.top != s.bottom):
        rows = range(span.top, span.bottom + 1)
        for row in rows:
            needed.setdefault(row, minimum)
        short = text_height(span.text, _width(sheet, span), span.font_size) - sum(
            needed[row] for row in rows
        )
        if short > 0:
            for row in rows:
                needed[row] += short / len(rows)
    for row, height in needed.items():
        sheet.row_dimensions[row].height = round(max(height, minimum), 1)


def _width(sheet, span: Span) -> float:
    return sum(
        sheet.column_dimensions[get_column_letter(col)].width or 8.43
        for col in range(span.left, span.right + 1)
    )


def set_widths(sheet, widths: Iterable[float]) -> None:
    for index, value in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = value


def print_on_a4(sheet, columns: int, last_row: int, header_rows: str, landscape: bool) -> None:
    """A4, one page wide (as many pages tall as needed), header rows on every page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_title_rows = header_rows
    sheet.print_area = f"A1:{get_column_letter(columns)}{last_row}"


def is_wide(widths: Iterable[float], portrait_limit: float = 100) -> bool:
    """Wider than a portrait A4 page holds at a readable size."""
    return sum(widths) > portrait_limit
