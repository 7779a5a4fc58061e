"""The answer of the check item a finding rests on: a finding under an item answered compliant
proposes changing the answer to non-compliant, through the checklist service."""

from inspect_app.findings import consistency
from inspect_app.inspections.errors import CaseError
from inspect_app.inspections.models import Inspection, Result
from inspect_app.inspections.services import apply_answer, checklist_items


class KeepsCompliant(CaseError):
    """On an issued record, a finding cannot leave its item answered compliant."""

    field = "answer_non_compliant"


def settle_item_answer(inspection: Inspection, user, code: str | None, change: bool, note: str):
    """Change the item's compliant answer to non-compliant when `change`; keeping it is for
    drafts only (issuing then waits). True when the answer was changed."""
    answer = inspection.answer_for(code) if code else None
    if answer is None or answer.result != Result.COMPLIANT:
        return False
    if not change:
        if not inspection.is_draft:
            item = next(i for i in checklist_items(inspection) if i.code == code)
            raise KeepsCompliant(consistency.contradiction_message(item))
        return False
    apply_answer(inspection, code, Result.NON_COMPLIANT, note, user, answer.version)
    return True
