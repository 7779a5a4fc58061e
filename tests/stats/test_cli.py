"""`flask stats export`: the three formats, and clear errors with a non-zero exit."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.stats.conftest import HOSTILE


def _invoke(app, *args):
    return app.test_cli_runner().invoke(args=["stats", "export", *args])


def test_form3_xlsx_of_a_town(app, data, tmp_path):
    out = tmp_path / "f3.xlsx"
    result = _invoke(
        app,
        "--form",
        "3",
        "--region",
        "TA",
        "--month",
        "2026-10",
        "--format",
        "xlsx",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    rows = [list(r) for r in sheet.iter_rows(min_row=5, values_only=True)]
    assert rows[:4] == [
        ["Town A", 4, "'" + HOSTILE, 1000],
        [None, None, "Unit A2", 3000],
        [None, None, "Unit in A", 17000],
        [rows[3][0], 4, 3, 21000],
    ]


def test_form2_csv_with_from_and_to(app, data, tmp_path):
    out = tmp_path / "f2.csv"
    args = ["--form", "2", "--region", "C1", "--from", "2026-03-01", "--to", "2026-03-31"]
    result = _invoke(app, *args, "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    data_bytes = out.read_bytes()
    assert data_bytes.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data_bytes.decode("utf-8-sig"), newline="")))
    assert len(rows) == 2 + 1 + 3 * 7 + 1  # title, line above, header, three blocks, note
    assert rows[9][2:] == ["3", "2", "1"]  # town A's total row
    assert rows[-2][2:] == ["4", "3", "2"]  # the county's total row


def test_form3_pdf(app, data, tmp_path):
    out = tmp_path / "f3.pdf"
    result = _invoke(
        app,
        "--form",
        "3",
        "--region",
        "C1",
        "--month",
        "2026-10",
        "--format",
        "pdf",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--form", "3", "--region", "NOPE", "--month", "2026-10"], "no region with code NOPE"),
        (["--form", "3", "--region", "TA", "--month", "2026-13"], "YYYY-MM"),
        (["--form", "3", "--region", "TA"], "form 3 needs --month"),
        (
            ["--form", "3", "--region", "TA", "--from", "2026-10-01", "--to", "2026-10-31"],
            "not --from/--to",
        ),
        (
            ["--form", "2", "--region", "TA", "--month", "2026-03", "--from", "2026-03-01"],
            "not both",
        ),
        (["--form", "2", "--region", "TA"], "form 2 needs --month"),
        (
            ["--form", "2", "--region", "TA", "--from", "2026-03-01"],
            "both the first and the last day",
        ),
        (
            ["--form", "2", "--region", "TA", "--from", "2026-03-31", "--to", "2026-03-01"],
            "comes after",
        ),
        (["--form", "4", "--region", "TA", "--month", "2026-03"], "'4' is not one of"),
    ],
)
def test_errors_are_clear_and_exit_non_zero(app, data, tmp_path, args, message):
    out = tmp_path / "out.csv"
    result = _invoke(app, *args, "--format", "csv", "-o", str(out))
    assert result.exit_code != 0
    assert message in result.output
    assert not out.exists()
