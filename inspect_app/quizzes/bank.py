"""The question bank: topics, import and export as CSV or XLSX, and edits from the admin pages.

File columns, the same both ways (header row = line 1; the Chinese headers 编号 题型 专题
适用岗位 题干 选项A…选项F 答案 解析 依据 启用 are accepted too):

=============  ===========================================================================
code           unique, e.g. Q-001 (≤ 32 letters, digits, . _ -); an existing code is updated
kind           single | multiple | true_false   (单选 | 多选 | 判断 accepted)
topic          a code of catalogs/questions/topics.toml (its Chinese name accepted)
positions      principal;safety_manager;special_operator;worker — blank: suits everyone
text           the question
option_a…_f    the choices, labelled A–F in order, no gaps; single/multiple need 2–6,
               true_false none
answer         the correct letters ("B", "ACD"); true_false: T or F
               (对/错, 正确/错误, √/×, TRUE/FALSE accepted and stored as T/F)
explanation    why the answer is right, citing the rule (required)
source         the rule or article it rests on (≤ 200 characters)
active         yes/no (1/0, 是/否); blank = yes
=============  ===========================================================================

Import is all or nothing: every row is checked; one bad row means nothing is stored and every
problem is reported with its line. Exports are UTF-8 CSV with BOM, or XLSX; cells that start
with = + - @ get a leading apostrophe, which the importer strips, so an export imports back.
"""

import hashlib
import json
import tomllib
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app.audit.services import record_audit
from inspect_app.extensions import db
from inspect_app.inspections.errors import StaleEdit
from inspect_app.quizzes import bank_io
from inspect_app.quizzes.bank_io import FileUnreadable, read_csv, read_xlsx
from inspect_app.quizzes.bank_rules import parse_questions
from inspect_app.quizzes.bank_schema import (
    COLUMNS,
    LETTERS,
    OPTION_COLUMNS,
    REQUIRED,
    QuestionData,
    RowError,
    check_header,
)
from inspect_app.quizzes.models import Question

__all__ = ["QuestionData", "RowError", "parse_questions", "read_csv", "read_xlsx"]

CATALOG_DIR = Path(__file__).resolve().parent.parent / "catalogs" / "questions"
STARTER_FILE = CATALOG_DIR / "starter.csv"
FORMATS = ("csv", "xlsx")
COLUMN_WIDTHS = (10, 10, 20, 24, 60, 28, 28, 28, 28, 20, 20, 8, 60, 30, 8)
QUESTION_KIND_LABELS = {
    "single": _l("Single choice"),
    "multiple": _l("Multiple choice"),
    "true_false": _l("True or false"),
}


class BankError(ValueError):
    """A file the bank refused; `errors` lists every problem, by line."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


@dataclass(frozen=True)
class Topic:
    code: str
    zh: str
    en: str

    def name(self, locale: str | None = None) -> str:
        """The topic's name in the locale (English for "en…", else Chinese)."""
        return self.en if (locale or "").lower().startswith("en") else self.zh


@dataclass
class ImportResult:
    """What an import did: counts of questions added, updated and unchanged, or the errors."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@lru_cache
def topics() -> dict[str, Topic]:
    """The bank's topics by code, in catalog order."""
    with (CATALOG_DIR / "topics.toml").open("rb") as handle:
        entries = tomllib.load(handle)["topics"]
    return {entry["code"]: Topic(entry["code"], entry["zh"], entry["en"]) for entry in entries}


def topic_names(locale: str | None = None) -> dict[str, str]:
    """{code: name in the locale} for every topic."""
    return {code: topic.name(locale) for code, topic in topics().items()}


def topic_spellings() -> dict[str, str]:
    """{code or Chinese name: code}: how a file or form may name a topic."""
    return {code: code for code in topics()} | {t.zh: code for code, t in topics().items()}


def read_rows(data: bytes, filename: str) -> bank_io.Rows:
    """The rows of a .csv or .xlsx file, chosen by the file name's extension."""
    extension = Path(filename or "").suffix.lower().lstrip(".")
    if extension == "csv":
        return read_csv(data)
    if extension == "xlsx":
        return read_xlsx(data)
    raise FileUnreadable(_("Choose a .csv or .xlsx file."))


def check_file(data: bytes, filename: str) -> tuple[list[QuestionData], list[RowError]]:
    """Every question of a file, and every problem in it (nothing is stored)."""
    try:
        rows = read_rows(data, filename)
    except FileUnreadable as error:
        return [], [RowError(error.line, None, error.message)]
    records, errors = _records(rows)
    questions, row_errors = parse_questions(records, topic_spellings())
    if not errors and not row_errors and not questions:
        errors.append(RowError(2, None, _("The file holds no questions.")))
    return questions, errors + row_errors


def _records(rows: bank_io.Rows) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """Rows as {column: text}, skipping blank rows; problems with the header or cell counts."""
    if not rows:
        return [], [RowError(1, None, _("The file is empty."))]
    (header_line, header), body = rows[0], rows[1:]
    names, errors = check_header(header_line, header)
    records = []
    for line, cells in body:
        if not any(cell.strip() for cell in cells):
            continue
        if any(cell.strip() for cell in cells[len(names) :]):
            message = _("This row has more cells than the header has columns.")
            errors.append(RowError(line, None, message))
        records.append((line, {n: c for n, c in zip(names, cells, strict=False) if n}))
    usable = all(column in names for column in REQUIRED)
    return (records if usable else []), errors


def import_questions(data: bytes, filename: str, user=None) -> ImportResult:
    """Store every question of the file (a known code is updated), or none and the errors."""
    questions, errors = check_file(data, filename)
    if errors:
        return ImportResult(errors=errors)
    result = _store(questions)
    if user is not None:
        record_audit(user, "import_questions", result, filename=filename, **_counts(result))
    db.session.flush()
    return result


def _counts(result: ImportResult) -> dict:
    return {"added": result.added, "updated": result.updated, "unchanged": result.unchanged}


def _store(questions: list[QuestionData]) -> ImportResult:
    codes = [data.code for data in questions]
    existing = {
        q.code: q for q in db.session.scalars(select(Question).where(Question.code.in_(codes)))
    }
    result = ImportResult()
    for data in questions:
        question = existing.get(data.code)
        if question is None:
            db.session.add(_apply(Question(), data))
            result.added += 1
        elif data_of(question) == data:
            result.unchanged += 1
        else:
            _apply(question, data)
            result.updated += 1
    return result


def _apply(question: Question, data: QuestionData) -> Question:
    values = asdict(data)
    values["positions"] = list(data.positions)
    values["options"] = list(data.options)
    for name, value in values.items():
        setattr(question, name, value)
    return question


def data_of(question: Question) -> QuestionData:
    """A stored question as the data a file row carries."""
    return QuestionData(
        code=question.code,
        kind=question.kind,
        topic=question.topic,
        positions=tuple(question.positions or ()),
        text=question.text,
        options=tuple(question.options or ()),
        answer=question.answer,
        explanation=question.explanation or "",
        source=question.source or "",
        active=bool(question.active),
    )


def question_row(data: QuestionData) -> list[str]:
    """The cells of one file row, in COLUMNS order."""
    options = list(data.options) + [""] * (len(OPTION_COLUMNS) - len(data.options))
    head = [data.code, data.kind, data.topic, ";".join(data.positions), data.text]
    tail = [data.answer, data.explanation, data.source, "yes" if data.active else "no"]
    return head + options + tail


def export_questions(fmt: str) -> bytes:
    """The whole bank, by code, as a CSV (UTF-8 with BOM) or XLSX file."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    questions = db.session.scalars(select(Question).order_by(Question.code))
    rows = [question_row(data_of(question)) for question in questions]
    if fmt == "csv":
        return bank_io.write_csv(COLUMNS, rows)
    return bank_io.write_xlsx(COLUMNS, rows, COLUMN_WIDTHS, "questions")


def load_starter_bank() -> ImportResult:
    """Import the shipped starter bank (used by seed-demo); a broken file raises BankError."""
    result = import_questions(STARTER_FILE.read_bytes(), STARTER_FILE.name)
    if not result.ok:
        raise BankError(result.errors)
    return result


def fingerprint(question: Question) -> str:
    """A short hash of the question's content: the edit form's guard against stale saves."""
    payload = json.dumps(asdict(data_of(question)), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def find_question(code: str) -> Question | None:
    return db.session.scalar(select(Question).where(Question.code == code))


def save_question(question: Question | None, data: QuestionData, user, seen: str | None = None):
    """Add a question, or update one unless it changed since `seen` (its fingerprint)."""
    if question is not None and seen is not None and seen != fingerprint(question):
        raise StaleEdit()
    action = "add_question" if question is None else "update_question"
    question = question or Question()
    db.session.add(_apply(question, data))
    record_audit(user, action, question, code=data.code)
    return question


def set_question_active(question: Question, active: bool, user) -> None:
    """Put a question back into papers, or keep it out of new ones (it is never deleted)."""
    question.active = active
    record_audit(user, "activate_question" if active else "deactivate_question", question)


def option_labels(question: Question) -> list[tuple[str, str]]:
    """(label, text) of each option: [("A", "…"), ("B", "…"), …]."""
    return list(zip(LETTERS, question.options or (), strict=False))
