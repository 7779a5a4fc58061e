"""The question bank service: the starter bank, all-or-nothing imports, formats, round trips."""

import csv
import io
from collections import Counter

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, select

from inspect_app.extensions import db
from inspect_app.labels import POSITION_LABELS
from inspect_app.quizzes import bank
from inspect_app.quizzes.bank_schema import LETTERS
from inspect_app.quizzes.models import Question
from tests.quizzes.test_bank_support import (
    BAD_FILE_ERRORS,
    bad_file,
    csv_bytes,
    question_count,
    row,
    xlsx_bytes,
)


def _bank() -> list[bank.QuestionData]:
    return [bank.data_of(q) for q in db.session.scalars(select(Question).order_by(Question.code))]


def _assert_answer_valid(data: bank.QuestionData) -> None:
    if data.kind == "true_false":
        assert data.answer in ("T", "F") and data.options == (), data.code
        return
    assert 2 <= len(data.options) <= 6 and all(data.options), data.code
    assert set(data.answer) <= set(LETTERS[: len(data.options)]), data.code
    assert len(data.answer) == 1 if data.kind == "single" else len(data.answer) >= 2, data.code


def test_starter_bank_loads_every_topic_and_kind_with_valid_answers(app):
    result = bank.load_starter_bank()
    db.session.commit()
    questions = _bank()
    assert result.added == len(questions) >= 150
    topics = Counter(q.topic for q in questions)
    assert set(topics) == set(bank.topics())
    assert min(topics.values()) >= 8
    assert {q.kind for q in questions} == {"single", "multiple", "true_false"}
    for data in questions:
        _assert_answer_valid(data)
        assert data.explanation and data.source, data.code
        assert set(data.positions) <= set(POSITION_LABELS), data.code


def test_starter_bank_loads_once_then_is_unchanged(app):
    bank.load_starter_bank()
    again = bank.load_starter_bank()
    assert (again.added, again.updated) == (0, 0)
    assert again.unchanged == question_count()


def test_bad_file_reports_every_problem_by_line_and_stores_nothing(app):
    bank.import_questions(csv_bytes([row(code="Q-NEW", text="旧题干")]), "old.csv")
    db.session.commit()
    before = question_count()
    result = bank.import_questions(bad_file(), "bad.csv")
    assert [(e.line, e.column) for e in result.errors] == BAD_FILE_ERRORS
    assert (result.added, result.updated) == (0, 0)
    db.session.commit()
    assert question_count() == before
    assert bank.find_question("Q-NEW").text == "旧题干"  # line 2 was good, yet not applied


def test_error_messages_name_the_problem(app):
    result = bank.import_questions(bad_file(), "bad.csv")
    messages = {(e.line, e.column): e.message for e in result.errors}
    assert "astrology" in messages[(3, "topic")]
    assert "line 2" in messages[(7, "code")]
    assert str(result.errors[0]).startswith("line 3: ")


def test_header_problems_are_reported_on_line_1_without_row_noise(app):
    header = ["code", "kind", "topic", "text", "optoin_a", "explanation"]
    result = bank.import_questions(
        csv_bytes([["Q-1", "single", "fire", "x", "a", "e"]], header), "h.csv"
    )
    assert [(e.line, e.message) for e in result.errors] == [
        (1, "Unknown column “optoin_a”."),
        (1, "Missing columns: answer."),
    ]


@pytest.mark.parametrize("data", [b"", b"code,kind,topic,text,answer,explanation\r\n"])
def test_empty_files_are_refused(app, data):
    assert not bank.import_questions(data, "empty.csv").ok


def test_unknown_extension_is_refused(app):
    result = bank.import_questions(csv_bytes([row()]), "questions.txt")
    assert [e.line for e in result.errors] == [1]
    assert question_count() == 0


def test_gbk_csv_from_chinese_excel_is_accepted(app):
    data = csv_bytes(
        [row(text="动火作业前必须办理什么手续？", topic="焊接与动火作业")], encoding="gbk"
    )
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = bank.import_questions(data, "gbk.csv")
    assert result.added == 1, result.errors
    stored = bank.find_question("Q-T1")
    assert (stored.text, stored.topic) == ("动火作业前必须办理什么手续？", "welding_hot_work")


def test_chinese_headers_and_values_with_bom_are_accepted(app):
    header = ["题号", "题型", "专题", "适用岗位", "题干", "选项A", "选项B", "答案", "解析", "依据"]
    cells = [
        "Q-9",
        "多选",
        "fire",
        "主要负责人；安全生产管理人员",
        "题",
        "甲",
        "乙",
        "a，b",
        "因为",
        "",
    ]
    result = bank.import_questions(csv_bytes([cells], header, "utf-8-sig"), "zh.csv")
    assert result.added == 1, result.errors
    stored = bank.data_of(bank.find_question("Q-9"))
    assert (stored.kind, stored.positions, stored.answer) == (
        "multiple",
        ("principal", "safety_manager"),
        "AB",
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        *[("对", "T"), ("错", "F"), ("正确", "T"), ("错误", "F"), ("√", "T"), ("×", "F")],
        *[("TRUE", "T"), ("false", "F"), ("t", "T"), ("Ｆ", "F")],
    ],
)
def test_true_false_answers_are_normalised(app, typed, stored):
    cells = row(kind="true_false", options=(), answer=typed)
    assert bank.import_questions(csv_bytes([cells]), "tf.csv").added == 1
    assert bank.find_question("Q-T1").answer == stored


def test_a_known_code_is_updated_and_counted(app):
    bank.import_questions(csv_bytes([row(), row(code="Q-T2")]), "a.csv")
    result = bank.import_questions(csv_bytes([row(text="新题干"), row(code="Q-T2")]), "b.csv")
    assert (result.added, result.updated, result.unchanged) == (0, 1, 1)
    assert bank.find_question("Q-T1").text == "新题干"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_gives_the_identical_bank(app, fmt):
    bank.load_starter_bank()
    bank.set_question_active(bank.find_question("Q-001"), False, None)
    db.session.commit()
    before = _bank()
    exported = bank.export_questions(fmt)
    db.session.execute(delete(Question))
    db.session.commit()
    result = bank.import_questions(exported, "bank." + fmt)
    assert result.added == len(before), result.errors[:3]
    db.session.commit()
    assert _bank() == before


def _risky_question() -> None:
    cells = row(text='=HYPERLINK("http://x")', options=("+1", "-1", "@SUM(A1)"), source="=1+1")
    assert bank.import_questions(csv_bytes([cells]), "risky.csv").added == 1
    db.session.commit()


def test_csv_export_neutralises_formulas_and_imports_back(app):
    _risky_question()
    exported = bank.export_questions("csv")
    assert exported.startswith(b"\xef\xbb\xbf")
    record = next(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    assert record["text"] == '\'=HYPERLINK("http://x")'
    assert [record[f"option_{c}"] for c in "abc"] == ["'+1", "'-1", "'@SUM(A1)"]
    assert record["source"] == "'=1+1"
    assert bank.import_questions(exported, "again.csv").unchanged == 1


def test_xlsx_export_holds_text_not_formulas_and_imports_back(app):
    _risky_question()
    exported = bank.export_questions("xlsx")
    sheet = load_workbook(io.BytesIO(exported)).active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    cells = [cell for cell in sheet[2] if cell.value]
    assert all(cell.data_type == "s" for cell in cells)
    assert sheet["E2"].value == '\'=HYPERLINK("http://x")'
    assert bank.import_questions(exported, "again.xlsx").unchanged == 1


def test_xlsx_numbers_and_booleans_read_as_people_see_them(app):
    cells = [101, "true_false", "fire", "", "题", None, None, None, None, True, "因为", ""]
    result = bank.import_questions(xlsx_bytes([cells]), "typed.xlsx")
    assert result.added == 1, result.errors
    assert bank.find_question("101").answer == "T"


def test_xlsx_errors_use_spreadsheet_row_numbers(app):
    data = xlsx_bytes([row(), [None] * 12, row(code="Q-T2", kind="essay")])
    result = bank.import_questions(data, "rows.xlsx")
    assert [(e.line, e.column) for e in result.errors] == [(4, "kind")]
    assert question_count() == 0


def test_not_an_xlsx_file_is_refused(app):
    result = bank.import_questions(b"PK\x03\x04 not really a zip", "fake.xlsx")
    assert [e.line for e in result.errors] == [1]


@pytest.fixture
def app_config():
    """Messages are asserted as written in the code (English msgids)."""
    return {"BABEL_DEFAULT_LOCALE": "en"}
