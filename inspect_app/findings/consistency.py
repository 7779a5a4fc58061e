"""One record, one story: a check item answered compliant cannot also carry a finding."""

from collections.abc import Iterable

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from inspect_app.catalogs import CheckItem
from inspect_app.extensions import db
from inspect_app.findings.models import Finding
from inspect_app.inspections.errors import CaseError
from inspect_app.inspections.models import Inspection, Result


def compliant_codes(inspection: Inspection) -> set[str]:
    """Codes of the items answered compliant."""
    return {a.item_code for a in inspection.answers if a.result == Result.COMPLIANT}


def contradicted_items(inspection: Inspection, items: Iterable[CheckItem]) -> list[CheckItem]:
    """Items answered compliant that a finding of the case rests on, in catalog order."""
    compliant = compliant_codes(inspection)
    if not compliant:
        return []
    query = select(Finding.item_code).where(
        Finding.inspection_id == inspection.id, Finding.item_code.in_(compliant)
    )
    found = set(db.session.scalars(query))
    return [item for item in items if item.code in found]


def item_label(item: CheckItem) -> str:
    """ "PU-8 Training records are true and complete", in the user's language."""
    return f"{item.code} {item.text(str(get_locale() or ''))}"


def contradiction_message(item: CheckItem) -> str:
    return _(
        "%(item)s is answered compliant, but a finding rests on it. Change the answer to "
        "non-compliant, or move the finding to another item.",
        item=item_label(item),
    )


def refuse_contradiction(inspection: Inspection, item: CheckItem) -> None:
    """Refuse to answer compliant an item that a finding rests on (issued records)."""
    query = select(Finding.id).where(
        Finding.inspection_id == inspection.id, Finding.item_code == item.code
    )
    if db.session.scalar(query.limit(1)) is not None:
        raise CaseError(contradiction_message(item))
