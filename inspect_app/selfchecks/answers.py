"""A self-check's answers in the shape of the form, and the gaps that stop a submission."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from inspect_app.selfchecks.models import KIND_NUMBERS


@dataclass
class ItemAnswer:
    has_problem: bool | None = None
    problem: str = ""
    rectification: str = ""
    rectify_by: date | None = None
    rectified: bool = False
    responsible: str = ""


@dataclass
class Answers:
    """What the form holds: the items, the person in charge and the date filled in; for an
    institution also the period reviewed and the written report."""

    items: dict[int, ItemAnswer] = field(default_factory=dict)
    responsible_name: str = ""
    filled_on: date | None = None
    review_from: date | None = None
    review_to: date | None = None
    report_text: str = ""

    def item(self, number: int) -> ItemAnswer:
        return self.items.get(number) or ItemAnswer()


def incomplete(answers: Answers, kind: str = "production_unit") -> list[tuple[str, object]]:
    """Every gap that stops a submission, as (field id, message)."""
    problems: list[tuple[str, object]] = []
    for number in KIND_NUMBERS[kind]:
        problems += _item_gaps(number, answers.item(number))
    if kind != "production_unit":
        problems += _report_gaps(answers)
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
    if not item.responsible.strip():
        gaps.append((prefix + "responsible", _l("Name the person responsible for it.")))
    return gaps


def _report_gaps(answers: Answers) -> list[tuple[str, object]]:
    gaps: list[tuple[str, object]] = []
    if answers.review_from is None or answers.review_to is None:
        gaps.append(("review_from", _l("Enter the first and the last day of the period reviewed.")))
    elif answers.review_from > answers.review_to:
        gaps.append(("review_from", _l("The period reviewed starts after it ends.")))
    if not answers.report_text.strip():
        gaps.append(("report_text", _l("Write the self-check report.")))
    return gaps
