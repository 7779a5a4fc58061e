"""An inbox entry, and the kinds of entries there are."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "task": _l("Task assigned"),
    "answer": _l("Answer awaiting re-inspection"),
    "overdue": _l("Order deadline passed"),
    "statement": _l("Statement received"),
    "extension": _l("Extension request received"),
    "report_due": _l("Monthly report due"),
    "report_late": _l("Monthly report late"),
    "tip": _l("Tip-off time limit"),
    "tip_new": _l("Tip-off received"),
    "tip_checked": _l("Tip-off checked"),
}


@dataclass(frozen=True)
class Entry:
    """One thing waiting for the user. `key` names it stably, so reading it and reminding of it
    happen once; a new event (a new answer, a new deadline) has a new key."""

    key: str
    kind: str
    text: str
    endpoint: str
    values: dict = field(default_factory=dict, hash=False, compare=False)
    day: date | None = None  # when it fell due or arrived
    urgent: bool = False

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])
