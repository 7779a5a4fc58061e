"""The rectification documents of a case: the order notice (责令限期整改指令书), the
re-inspection opinion (整改复查意见书) and the decision on an extension of a deadline.

Each freezes what it states in its `content`. Free text (findings, requirements, notes) is
stored twice, as written and as the public edition prints it (names and numbers masked), since
the document's template only prints `content`.
"""

from datetime import date

from flask_babel import format_date
from sqlalchemy import select, union

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.catalogs.procedure import procedure_rules
from inspect_app.documents.models import Document, DocumentKind
from inspect_app.documents.services import base_content, case_documents, issue_document
from inspect_app.extensions import db
from inspect_app.findings.models import Finding, OrderExtension, RectificationOrder
from inspect_app.inspections.models import Inspection
from inspect_app.quizzes.models import OralQuestion, QuizAttempt
from inspect_app.redaction import Redactor
from inspect_app.signatures.models import Signature
from inspect_app.subjects.models import Person

# 安全生产法 (2021) Art. 65(1)(2): violations found at an inspection are corrected on the spot or
# ordered corrected within a time limit (the findings here are violations, not 事故隐患 under
# item (3)). The same text numbered it Art. 62(2) before the 2021 amendment.
ORDER_BASIS = "《中华人民共和国安全生产法》第六十五条第一款第（二）项"


def issue_order_notice(inspection: Inspection, user: User) -> Document | None:
    """The order notice for the case's orders that no notice lists yet (all of them when the
    record is issued; those a correction added later); None when there are none."""
    listed = noticed_order_ids(inspection)
    orders = [o for o in _orders(inspection) if o.id not in listed]
    if not orders:
        return None
    redactor = _redactor(inspection)
    numbers = order_numbers(inspection)
    content = base_content(inspection) | {
        "inspected_on": clock.local_day(inspection.started_at).isoformat(),
        "basis": ORDER_BASIS,
        "orders": [_order_entry(o, numbers[o.id], redactor) for o in orders],
        "order_ids": [o.id for o in orders],
        "supplement": bool(listed),
        "extension_advice_days": procedure_rules().extension_advice_days,
        "inspectors": [{"name": i.name, "cert_no": i.cert_no} for i in inspection.inspectors],
    }
    return issue_document(inspection, DocumentKind.ORDER_NOTICE, user, content)


def issue_reinspection_opinion(order: RectificationOrder, user: User) -> Document:
    """The re-inspection opinion stating the outcome just recorded on the order."""
    inspection = db.session.get(Inspection, order.inspection_id)
    redactor = _redactor(inspection)
    content = _order_content(inspection, order, redactor) | {
        "reinspected_on": clock.local_day(order.reinspected_at).isoformat(),
        "outcome": order.status,
        **_texts("note", order.reinspection_note, redactor),
        "inspector": _officer(user),
    }
    return issue_document(inspection, DocumentKind.REINSPECTION_OPINION, user, content)


def issue_extension_decision(extension: OrderExtension, user: User) -> Document:
    """The answer to the unit's request for more time, granted or refused."""
    order = extension.order
    inspection = db.session.get(Inspection, order.inspection_id)
    redactor = _redactor(inspection)
    content = _order_content(inspection, order, redactor) | {
        "extension_id": extension.id,
        "requested_on": clock.local_day(extension.requested_at).isoformat(),
        "previous_deadline": extension.previous_deadline.isoformat(),
        "requested_deadline": extension.requested_deadline.isoformat(),
        **_texts("reason", extension.reason, redactor),
        "outcome": extension.status,
        "granted_deadline": _iso(extension.granted_deadline),
        **_texts("note", extension.decision_note, redactor),
        "inspector": _officer(user),
    }
    return issue_document(inspection, DocumentKind.EXTENSION_DECISION, user, content)


def content_date(value: str | None) -> str:
    """Template filter: a date a document's content holds (ISO) written the Chinese way."""
    return format_date(date.fromisoformat(value), "yyyy年M月d日") if value else ""


def noticed_order_ids(inspection: Inspection) -> set[int]:
    """The orders an order notice of this case already lists."""
    return {i for d in _notices(inspection) for i in d.content.get("order_ids", [])}


def notice_of(inspection: Inspection, order_id: int) -> Document | None:
    """The order notice that lists this order."""
    return next((d for d in _notices(inspection) if order_id in d.content["order_ids"]), None)


def extension_decisions(inspection: Inspection) -> dict[int, Document]:
    """The decision document of each decided extension request, by request id."""
    documents = case_documents(inspection)
    kind = DocumentKind.EXTENSION_DECISION
    return {d.content["extension_id"]: d for d in documents if d.kind == kind}


def order_opinions(inspection: Inspection) -> dict[int, list[Document]]:
    """The re-inspection opinions of each order, oldest first."""
    found: dict[int, list[Document]] = {}
    for document in case_documents(inspection):
        if document.kind == DocumentKind.REINSPECTION_OPINION:
            found.setdefault(document.content["order"]["id"], []).append(document)
    return found


def order_numbers(inspection: Inspection) -> dict[int, int]:
    """Each order's number on the case (1, 2, … in the order they were issued)."""
    return {o.id: n for n, o in enumerate(_orders(inspection), start=1)}


# --- content --------------------------------------------------------------------------------


def _order_content(inspection: Inspection, order: RectificationOrder, redactor) -> dict:
    notice = notice_of(inspection, order.id)
    entry = _order_entry(order, order_numbers(inspection)[order.id], redactor)
    return base_content(inspection) | {
        "order": entry,
        "notice_number": notice.number if notice else None,
        "notice_dated": notice.dated.isoformat() if notice else None,
    }


def _order_entry(order: RectificationOrder, number: int, redactor: Redactor) -> dict:
    finding_numbers = _finding_numbers(order.inspection_id)
    return {
        "id": order.id,
        "number": number,
        **_texts("requirement", order.requirement, redactor),
        "deadline": order.deadline.isoformat(),
        "findings": [
            {"number": finding_numbers[f.id], **_texts("description", f.description, redactor)}
            for f in order.findings
        ],
    }


def _texts(key: str, text: str | None, redactor: Redactor) -> dict:
    """A free text as written and as the public edition prints it."""
    return {key: text or "", f"{key}_public": redactor.text(text)}


def _officer(user: User) -> dict:
    return {"name": user.display_name, "cert_no": user.cert_no or ""}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _redactor(inspection: Inspection) -> Redactor:
    """Masks the people of the case in free text. The casefile's redactor also knows the
    parties of penalties, but the casefile sits above findings; a person fined is one of the
    unit's people, a worker quizzed or a signer, all of whom are here."""
    case = inspection.id
    query = union(
        select(Person.name).where(Person.subject_id == inspection.subject_id),
        select(QuizAttempt.worker_name).where(QuizAttempt.inspection_id == case),
        select(OralQuestion.worker_name).where(OralQuestion.inspection_id == case),
        select(Signature.signer_name).where(Signature.inspection_id == case),
    )
    names = set(db.session.scalars(query))
    names |= {inspection.representative_name, *(i.name for i in inspection.inspectors)}
    return Redactor(names)


def _orders(inspection: Inspection) -> list[RectificationOrder]:
    query = select(RectificationOrder).where(RectificationOrder.inspection_id == inspection.id)
    return list(db.session.scalars(query.order_by(RectificationOrder.id)))


def _finding_numbers(inspection_id: int) -> dict[int, int]:
    query = select(Finding.id).where(Finding.inspection_id == inspection_id)
    return {i: n for n, i in enumerate(db.session.scalars(query.order_by(Finding.id)), start=1)}


def _notices(inspection: Inspection) -> list[Document]:
    return [d for d in case_documents(inspection) if d.kind == DocumentKind.ORDER_NOTICE]
