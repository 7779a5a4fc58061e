"""The writers read back: XLSX values, merges and formats; CSV bytes; PDF text."""

import csv
import io
from urllib.parse import unquote

import pypdfium2
import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from inspect_app.stats import exports, services, tables
from tests.stats.conftest import HOSTILE


@pytest.fixture(autouse=True)
def english(app):
    with force_locale("en"):
        yield


@pytest.fixture
def county_form3(data):
    return tables.form3_table(services.form3_report(data.world.county, "2026-10"))


def sheet_of(table):
    return load_workbook(io.BytesIO(exports.write_xlsx(table))).active


def values(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_xlsx_form3_numbers_and_merged_header(county_form3):
    sheet = sheet_of(county_form3)
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:D1", "A2:D2", "A3:A4", "B3:B4", "C3:D3"} <= merged
    rows = values(sheet)
    assert rows[2][:3] == ["Reporting unit", "Enterprises inspected", "Administrative penalties"]
    assert rows[3][2:] == ["Penalized unit", "Fine (yuan)"]
    assert rows[4:9] == [
        ["Town A", 4, "'" + HOSTILE, 1000],
        [None, None, "Unit A2", 3000],
        [None, None, "Unit in A", 17000],
        ["Town B", 1, "Unit in B", 6000],
        ["Total:", 5, 4, 27000],
    ]
    assert {"A5:A7", "B5:B7"} <= merged


def test_xlsx_total_row_formats_and_print_setup(county_form3):
    sheet = sheet_of(county_form3)
    total = list(sheet[9])
    assert [c.value for c in total] == ["Total:", 5, 4, 27000]
    assert total[3].number_format == "#,##0"
    assert sheet["D5"].number_format == "#,##0"
    assert sheet.freeze_panes == "A5"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.print_title_rows == "$3:$4"
    assert sheet["C3"].border.left.style == "thin" and sheet["D3"].border.right.style == "thin"


def test_xlsx_holds_no_formula_anywhere(county_form3):
    sheet = sheet_of(county_form3)
    kinds = {cell.data_type for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert kinds <= {"s", "n"}
    assert sheet["C5"].value == "'" + HOSTILE


def test_csv_has_bom_crlf_and_neutralised_text(county_form3):
    data = exports.write_csv(county_form3)
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[4] == ["Town A", "4", "'" + HOSTILE, "1000"]
    assert rows[5] == ["", "", "Unit A2", "3000"]
    assert rows[8] == ["Total:", "5", "4", "27000"]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_gets_an_apostrophe(text):
    assert exports.neutralise(text) == "'" + text
    assert exports.neutralise("安全" + text) == "安全" + text


def test_pdf_renders_the_figures(county_form3):
    pdf = pypdfium2.PdfDocument(exports.write_pdf(county_form3))
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    for expected in ("Town A", "Unit in A", "17,000", "27,000", "Unit in B", "6,000"):
        assert expected in text


def test_form2_xlsx_blocks_per_town(data):
    report = services.form2_report(data.world.county, services.month_period("2026-03"))
    sheet = sheet_of(tables.form2_table(report))
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A4:A10", "A11:A17", "A18:A24"} <= merged
    rows = values(sheet)
    assert rows[3][0] == "Town A" and rows[3][2:] == [3, 2, 2]
    assert rows[9][1:] == ["Total:", 3, 2, 1]
    assert rows[23][1:] == ["Total:", 4, 3, 2]


def test_file_names_keep_the_region_name_with_an_ascii_fallback(county_form3):
    header = exports.content_disposition(county_form3, "xlsx")
    assert 'filename="form3_C1_2026-10.xlsx"' in header
    assert unquote(header.split("UTF-8''")[1]) == "Form 3_County_2026-10.xlsx"
    assert exports.file_name('附件3_a/b:"c"', "csv") == "附件3_a_b_c_.csv"
