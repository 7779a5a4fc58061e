"""The columns of a question file, the spellings accepted for them, and the checked data."""

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _

COLUMNS = (
    "code",
    "kind",
    "topic",
    "positions",
    "text",
    *(f"option_{letter}" for letter in "abcdef"),
    "answer",
    "explanation",
    "source",
    "active",
)
REQUIRED = ("code", "kind", "topic", "text", "answer", "explanation")
OPTION_COLUMNS = COLUMNS[5:11]
LETTERS = "ABCDEF"
KINDS = ("single", "multiple", "true_false")
MAX_LENGTH = {"code": 32, "text": 1000, "option": 300, "explanation": 2000, "source": 200}

# Headers and values as people type them in a Chinese spreadsheet.
HEADER_ALIASES = {
    "编号": "code",
    "题号": "code",
    "题型": "kind",
    "专题": "topic",
    "主题": "topic",
    "适用岗位": "positions",
    "题干": "text",
    "答案": "answer",
    "解析": "explanation",
    "依据": "source",
    "启用": "active",
} | {f"选项{letter}": f"option_{letter.lower()}" for letter in LETTERS}
KIND_ALIASES = {"单选": "single", "单选题": "single", "多选": "multiple", "多选题": "multiple"}
KIND_ALIASES |= {"判断": "true_false", "判断题": "true_false"}
POSITION_ALIASES = {
    "主要负责人": "principal",
    "安全生产管理人员": "safety_manager",
    "安全管理人员": "safety_manager",
    "特种作业人员": "special_operator",
    "从业人员": "worker",
    "一般从业人员": "worker",
}
TRUE_WORDS = frozenset({"T", "TRUE", "对", "正确", "√", "✓", "✔", "是", "Y", "YES"})
FALSE_WORDS = frozenset({"F", "FALSE", "错", "错误", "×", "✗", "✘", "X", "否", "N", "NO"})
YES_WORDS = frozenset({"", "1", "Y", "YES", "TRUE", "T", "是", "启用"})
NO_WORDS = frozenset({"0", "N", "NO", "FALSE", "F", "否", "停用"})
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
SEPARATORS = re.compile(r"[\s,;/|、，；]+")


@dataclass(frozen=True)
class QuestionData:
    """One checked question, as stored and as written to a file."""

    code: str
    kind: str
    topic: str
    positions: tuple[str, ...]
    text: str
    options: tuple[str, ...]
    answer: str
    explanation: str
    source: str
    active: bool = True


@dataclass(frozen=True)
class RowError:
    """A problem in one row (line 1 is the header), with the column it concerns if any."""

    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        return _("line %(line)s: %(message)s", line=self.line, message=self.message)


def check_header(line: int, cells: list[str]) -> tuple[list[str | None], list[RowError]]:
    """Canonical column names for the header cells, or the problems with the header."""
    names = [_column_name(cell) for cell in cells]
    errors = [
        RowError(line, None, _("Unknown column “%(name)s”.", name=cell))
        for cell, name in zip(cells, names, strict=True)
        if cell.strip() and name is None
    ]
    for name in sorted({n for n in names if n and names.count(n) > 1}):
        errors.append(RowError(line, name, _("Column %(name)s appears twice.", name=name)))
    missing = [column for column in REQUIRED if column not in names]
    if missing:
        errors.append(
            RowError(line, None, _("Missing columns: %(columns)s.", columns=", ".join(missing)))
        )
    return names, errors


def _column_name(cell: str) -> str | None:
    cell = cell.strip()
    if cell.lower() in COLUMNS:
        return cell.lower()
    return HEADER_ALIASES.get(unicodedata.normalize("NFKC", cell).replace(" ", "").upper())
