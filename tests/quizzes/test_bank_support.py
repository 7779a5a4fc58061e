"""Helpers for the question bank tests: files built from rows, counting questions."""

import csv
import io

from openpyxl import Workbook
from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.quizzes.models import Question

HEADER = [
    "code",
    "kind",
    "topic",
    "positions",
    "text",
    "option_a",
    "option_b",
    "option_c",
    "option_d",
    "answer",
    "explanation",
    "source",
]


def row(
    code="Q-T1",
    kind="single",
    topic="fire",
    text="火警电话是？",
    options=("110", "119", "120"),
    answer="B",
    explanation="119 是火警电话。",
    positions="",
    source="消防法",
) -> list[str]:
    """One file row in HEADER order (options padded to four)."""
    cells = list(options) + [""] * (4 - len(options))
    return [code, kind, topic, positions, text, *cells, answer, explanation, source]


def csv_bytes(rows, header=HEADER, encoding="utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for cells in rows:
        sheet.append(list(cells))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def question_count() -> int:
    return db.session.scalar(select(func.count(Question.id)))


def bad_file() -> bytes:
    """A file whose rows 3, 5, 6 and 7 are wrong (4 is blank); row 2 is fine on its own."""
    return csv_bytes(
        [
            row(code="Q-NEW"),  # line 2: good
            row(code="Q-T2", topic="astrology"),  # line 3
            [""] * len(HEADER),  # line 4: blank, skipped
            row(code="Q-T3", answer="AB", explanation=""),  # line 5
            row(code="Q-T4", kind="true_false", answer="maybe"),  # line 6
            row(code="Q-NEW", options=("甲", "甲", "", "丁"), answer="E"),  # line 7
        ]
    )


BAD_FILE_ERRORS = [
    (3, "topic"),
    (5, "answer"),
    (5, "explanation"),
    (6, "option_a"),
    (6, "option_b"),
    (6, "option_c"),
    (6, "answer"),
    (7, "code"),
    (7, "option_b"),
    (7, "option_c"),
    (7, "answer"),
]
