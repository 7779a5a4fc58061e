"""A self-check's answers in the shape of the form, and the gaps that stop a submission."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from inspect_app.selfchecks.models import ITEM_NUMBERS


@dataclass
class ItemAnswer:
    has_problem: bool | None = None
    problem: str = ""
    rectification: str = ""
    rectify_by: date | None = None
    rectified: bool = False


@dataclass
class Answers:
    """What the form holds: the six items, the person in charge and the date filled in."""

    items: dict[int, ItemAnswer] = field(default_factory=dict)
    responsible_name: str = ""
    filled_on: date | None = None

    def item(self, number: int) -> ItemAnswer:
        return self.items.get(number) or ItemAnswer()


def incomplete(answers: Answers) -> list[tuple[str, object]]:
    """Every gap that stops a submission, as (field id, message)."""
    problems: list[tuple[str, object]] = []
    for number in ITEM_NUMBERS:
        problems += _item_gaps(number, answers.item(number))
    if not answers.responsible_name.strip():
        problems.append(("responsible_name", _l("Enter the name of the person in charge.")))
    if answers.filled_on is None:
        problems.append(("filled_on", _l("Enter the date the form was filled in.")))
    return problems


def _item_gaps(number: int, item: ItemAnswer) -> list[tuple[str, object]]:
    prefix = f"item_{number}-"
    if item.has_problem is None:
        return [(prefix + "answer", _l("Answer whether a problem was found."))]
    if not item.has_problem:
        return []
    gaps = []
    if not item.problem.strip():
        gaps.append((prefix + "problem", _l("Describe the problem found.")))
    if not item.rectification.strip():
        gaps.append((prefix + "rectification", _l("Describe how it is being rectified.")))
    if item.rectify_by is None:
        gaps.append((prefix + "rectify_by", _l("Enter the rectification deadline.")))
    return gaps
