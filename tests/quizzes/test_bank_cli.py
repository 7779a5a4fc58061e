"""`flask questions import|export`: all or nothing, errors by line on stderr, format by suffix."""

from openpyxl import load_workbook

from inspect_app.extensions import db
from inspect_app.quizzes import bank
from tests.quizzes.test_bank_support import (
    BAD_FILE_ERRORS,
    bad_file,
    csv_bytes,
    question_count,
    row,
)


def _invoke(app, *args):
    return app.test_cli_runner().invoke(args=["questions", *args])


def test_import_reports_counts(app, tmp_path):
    path = tmp_path / "good.csv"
    path.write_bytes(csv_bytes([row(), row(code="Q-T2")]))
    result = _invoke(app, "import", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Imported good.csv: 2 added, 0 updated, 0 unchanged."
    assert question_count() == 2


def test_bad_import_prints_each_problem_by_line_exits_1_and_stores_nothing(app, tmp_path):
    bank.import_questions(csv_bytes([row(code="Q-OLD")]), "old.csv")
    db.session.commit()
    path = tmp_path / "bad.csv"
    path.write_bytes(bad_file())
    result = _invoke(app, "import", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [int(line.split(":")[0].removeprefix("line ")) for line in lines[:-1]] == [
        line for line, _column in BAD_FILE_ERRORS
    ]
    assert (
        lines[0]
        == "line 3: Unknown topic “astrology”; the topics are: " + ", ".join(bank.topics()) + "."
    )
    assert lines[-1] == "bad.csv: 11 problem(s); nothing imported."
    assert result.stdout == ""
    db.session.expire_all()
    assert question_count() == 1 and bank.find_question("Q-NEW") is None


def test_export_format_follows_the_extension(app, tmp_path):
    bank.load_starter_bank()
    db.session.commit()
    csv_path, xlsx_path = tmp_path / "bank.csv", tmp_path / "bank.XLSX"
    assert _invoke(app, "export", "-o", str(csv_path)).exit_code == 0
    assert _invoke(app, "export", "--output", str(xlsx_path)).exit_code == 0
    assert csv_path.read_bytes().startswith("\ufeffcode,kind,topic".encode())
    sheet = load_workbook(xlsx_path, read_only=True).worksheets[0]
    assert sheet.max_row == question_count() + 1


def test_export_refuses_an_unknown_extension(app, tmp_path):
    path = tmp_path / "bank.txt"
    result = _invoke(app, "export", "-o", str(path))
    assert result.exit_code == 2
    assert "use .csv or .xlsx" in result.output
    assert not path.exists()


def test_exported_file_imports_back_unchanged(app, tmp_path):
    bank.load_starter_bank()
    db.session.commit()
    path = tmp_path / "bank.xlsx"
    _invoke(app, "export", "-o", str(path))
    result = _invoke(app, "import", str(path))
    assert result.exit_code == 0
    assert f"0 added, 0 updated, {question_count()} unchanged" in result.stdout


def test_help_comes_from_the_docstrings(app):
    result = _invoke(app, "import", "--help")
    assert "All or nothing" in result.output
    assert "questions" in _invoke(app, "--help").output
