"""Validation of question rows: every problem of every row, with the line a spreadsheet shows.

Rows come in as ``(line, {column: text})``; the header is line 1. A row is checked in full, so a
user fixing a file sees all of its problems at once. Columns and accepted values: see bank.py.
"""

import unicodedata
from collections.abc import Iterable, Mapping

from flask_babel import gettext as _

from inspect_app.labels import POSITION_LABELS
from inspect_app.quizzes.bank_schema import (
    CODE_RE,
    COLUMNS,
    FALSE_WORDS,
    KIND_ALIASES,
    KINDS,
    LETTERS,
    MAX_LENGTH,
    NO_WORDS,
    OPTION_COLUMNS,
    POSITION_ALIASES,
    SEPARATORS,
    TRUE_WORDS,
    YES_WORDS,
    QuestionData,
    RowError,
)


class _Row:
    """The cells of one row, and the problems found in them."""

    def __init__(self, line: int, record: Mapping[str, str]):
        self.line = line
        self.cells = {column: str(record.get(column) or "").strip() for column in COLUMNS}
        self.errors: list[RowError] = []

    def fail(self, column: str | None, message: str) -> None:
        self.errors.append(RowError(self.line, column, message))

    def too_long(self, column: str, limit: int) -> bool:
        if len(self.cells[column]) <= limit:
            return False
        self.fail(
            column, _("%(column)s is longer than %(max)s characters.", column=column, max=limit)
        )
        return True


def _token(value: str) -> str:
    """A code-like value with full-width letters made plain and capitalised."""
    return unicodedata.normalize("NFKC", value).strip().upper()


def check_row(line: int, record: Mapping[str, str], topics: Mapping[str, str]):
    """The question in one row, or None, with every problem found in the row."""
    row = _Row(line, record)
    kind = _kind(row)
    options = _options(row, kind)
    data = QuestionData(
        code=_code(row),
        kind=kind or "",
        topic=_topic(row, topics),
        positions=_positions(row),
        text=_required_text(row, "text", _("Enter the question text.")),
        options=options,
        answer=_answer(row, kind, len(options)),
        explanation=_required_text(row, "explanation", _("Enter the explanation.")),
        source="" if row.too_long("source", MAX_LENGTH["source"]) else row.cells["source"],
        active=_active(row),
    )
    return (None if row.errors else data), row.errors


def parse_questions(
    records: Iterable[tuple[int, Mapping[str, str]]], topics: Mapping[str, str]
) -> tuple[list[QuestionData], list[RowError]]:
    """Every question of the rows, and every problem of every row (codes unique in the file)."""
    questions: list[QuestionData] = []
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    for line, record in records:
        data, row_errors = check_row(line, record, topics)
        errors.extend(row_errors)
        code = str(record.get("code") or "").strip()
        if code in first_line:
            errors.append(RowError(line, "code", _duplicate(code, first_line[code])))
        elif code:
            first_line[code] = line
        if data is not None:
            questions.append(data)
    return questions, sorted(errors, key=_position)


def _position(error: RowError) -> tuple[int, int]:
    """Errors by line, then in column order (problems of the whole row first)."""
    return error.line, COLUMNS.index(error.column) if error.column in COLUMNS else -1


def _duplicate(code: str, line: int) -> str:
    return _("Code %(code)s is already used on line %(line)s.", code=code, line=line)


def _code(row: _Row) -> str:
    code = row.cells["code"]
    if not code:
        row.fail("code", _("Enter a code."))
    elif len(code) > MAX_LENGTH["code"] or not CODE_RE.match(code):
        row.fail("code", _("A code has up to 32 letters, digits, “.”, “_” or “-”."))
    return code


def _kind(row: _Row) -> str | None:
    value = row.cells["kind"]
    kind = value.lower() if value.lower() in KINDS else KIND_ALIASES.get(value)
    if kind is None:
        row.fail(
            "kind",
            _(
                "Unknown question type “%(value)s”: use single, multiple or "
                "true_false (单选, 多选, 判断).",
                value=value,
            ),
        )
    return kind


def _topic(row: _Row, topics: Mapping[str, str]) -> str:
    """The topic's code; `topics` maps each accepted spelling (code or Chinese name) to it."""
    value = row.cells["topic"]
    topic = topics.get(value.lower()) or topics.get(value)
    if topic is None:
        codes = ", ".join(dict.fromkeys(topics.values()))
        row.fail(
            "topic",
            _("Unknown topic “%(value)s”; the topics are: %(codes)s.", value=value, codes=codes),
        )
    return topic or value


def _positions(row: _Row) -> tuple[str, ...]:
    found: list[str] = []
    for part in filter(None, SEPARATORS.split(row.cells["positions"])):
        position = part.lower() if part.lower() in POSITION_LABELS else POSITION_ALIASES.get(part)
        if position is None:
            row.fail(
                "positions",
                _(
                    "Unknown position “%(value)s”: use principal, "
                    "safety_manager, special_operator or worker.",
                    value=part,
                ),
            )
        elif position not in found:
            found.append(position)
    return tuple(sorted(found, key=list(POSITION_LABELS).index))


def _required_text(row: _Row, column: str, message: str) -> str:
    if not row.cells[column]:
        row.fail(column, message)
    row.too_long(column, MAX_LENGTH[column])
    return row.cells[column]


def _options(row: _Row, kind: str | None) -> tuple[str, ...]:
    cells = [row.cells[column] for column in OPTION_COLUMNS]
    filled = [index for index, cell in enumerate(cells) if cell]
    if kind == "true_false":
        for index in filled:
            row.fail(
                OPTION_COLUMNS[index],
                _(
                    "A true/false question has no options: clear option %(letter)s.",
                    letter=LETTERS[index],
                ),
            )
        return ()
    count = filled[-1] + 1 if filled else 0
    for index in range(count):
        _check_option(row, index, cells)
    if kind is not None and count < 2:
        row.fail("option_a", _("A choice question needs at least two options."))
    return tuple(cells[:count])


def _check_option(row: _Row, index: int, cells: list[str]) -> None:
    column, letter = OPTION_COLUMNS[index], LETTERS[index]
    if not cells[index]:
        row.fail(
            column, _("Option %(letter)s is empty but a later option is filled.", letter=letter)
        )
    elif cells[index] in cells[:index]:
        same = LETTERS[cells.index(cells[index])]
        row.fail(
            column, _("Options %(first)s and %(second)s are the same.", first=same, second=letter)
        )
    else:
        row.too_long(column, MAX_LENGTH["option"])


def _answer(row: _Row, kind: str | None, option_count: int) -> str:
    value = _token(row.cells["answer"])
    if not value:
        row.fail("answer", _("Enter the answer."))
        return ""
    if kind == "true_false":
        return _true_false(row, value)
    letters = "".join(sorted(set(SEPARATORS.sub("", value))))
    if kind is None or option_count < 2:
        return letters
    last = LETTERS[option_count - 1]
    for letter in letters:
        if letter not in LETTERS[:option_count]:
            row.fail(
                "answer",
                _(
                    "Answer “%(answer)s”: %(letter)s is not an option (options are A to %(last)s).",
                    answer=value,
                    letter=letter,
                    last=last,
                ),
            )
    _check_count(row, kind, letters, value)
    return letters


def _check_count(row: _Row, kind: str, letters: str, value: str) -> None:
    if kind == "single" and len(letters) != 1:
        row.fail(
            "answer",
            _(
                "A single-choice question has exactly one correct option; the "
                "answer is “%(answer)s”.",
                answer=value,
            ),
        )
    if kind == "multiple" and len(letters) < 2:
        row.fail(
            "answer",
            _(
                "A multiple-choice question has at least two correct options; the "
                "answer is “%(answer)s”.",
                answer=value,
            ),
        )


def _true_false(row: _Row, value: str) -> str:
    if value in TRUE_WORDS:
        return "T"
    if value in FALSE_WORDS:
        return "F"
    row.fail(
        "answer",
        _(
            "A true/false answer is T or F (对 or 错); “%(answer)s” is neither.",
            answer=row.cells["answer"],
        ),
    )
    return value[:8]


def _active(row: _Row) -> bool:
    value = _token(row.cells["active"])
    if value in YES_WORDS:
        return True
    if value not in NO_WORDS:
        row.fail("active", _("“%(value)s” is not yes or no.", value=row.cells["active"]))
    return False
