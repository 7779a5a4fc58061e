"""Steps that build a case through the services the pages use: shared by the demo and the tests."""

from collections.abc import Mapping

from inspect_app.inspections.models import Inspection
from inspect_app.inspections.services import answer_item, checklist_items


def answer_every_item(
    case: Inspection,
    user,
    problems: Mapping[str, str] | None = None,
    *,
    result: str = "compliant",
    note: str = "",
    limit: int | None = None,
) -> None:
    """Answer the checklist in order: items named in `problems` non-compliant with their note,
    the others `result` with `note`; only the first `limit` items when given."""
    problems = problems or {}
    for item in checklist_items(case)[:limit]:
        if item.code in problems:
            answer_item(case, item.code, "non_compliant", problems[item.code], user)
        else:
            answer_item(case, item.code, result, note, user)
