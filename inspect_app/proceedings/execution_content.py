"""What the documents of a proceeding's end state (their frozen `content`): the service
receipt, the notice to pay and the closing approval. Labels are frozen in Chinese, as printed."""

from datetime import date
from decimal import Decimal

from flask_babel import force_locale

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.catalogs.procedure import procedure_rules
from inspect_app.documents.kinds import kind_info
from inspect_app.documents.models import Document
from inspect_app.documents.models import DocumentKind as K
from inspect_app.documents.services import DOCUMENT_LOCALE, base_content
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.labels import MEASURE_LABELS
from inspect_app.proceedings.models import Proceeding


def receipt(proceeding: Proceeding, served: Document | None, method, consent: bool) -> dict:
    """文书送达回执: which document was served (the decision), to whom, how and when."""
    return _common(proceeding) | {
        "served": {
            "title": _chinese(kind_info(K.DECISION).title),
            "number": served.number if served else _decision_no(proceeding),
            "dated": _iso(served.dated if served else None),
        },
        "method": proceeding.service_method,
        "method_label": _chinese(method),
        "consent": consent,
        "recipient": proceeding.served_to,
        "served_on": _iso(proceeding.served_on),
    }


def reminder(proceeding: Proceeding, due: date, days: int, late: Decimal) -> dict:
    """罚款催缴通知书: the fine, the day it was due, the late-payment penalty to today."""
    fine = proceeding.penalty.fine_yuan
    rules = procedure_rules()
    return _common(proceeding) | {
        "decision": _decision(proceeding),
        "served_on": _iso(proceeding.served_on),
        "fine_yuan": fine,
        "payment_days": rules.payment_days,
        "due": _iso(due),
        "days_late": days,
        "rate_percent": rules.late_rate_per_day_percent,
        "late_yuan": f"{late:,.2f}",
        "late_capped": late >= fine,
        "total_yuan": f"{Decimal(fine) + late:,.2f}",
        "reminded_on": _iso(clock.today()),
        "enforcement_days": 10,  # 行政强制法 Art. 54: ten days after the reminder is served
    }


def closing(proceeding: Proceeding, user: User, labels: tuple, reason: str, opinion: str) -> dict:
    """结案审批表: the case in short, the penalty, how it was carried out, the approval;
    labels: the ground's and the service method's (or None)."""
    ground, method = labels
    penalty = proceeding.penalty
    return _common(proceeding) | {
        "facts": proceeding.facts,
        "basis": f"{proceeding.basis_law}{proceeding.basis_article}",
        "filed_on": _iso(proceeding.filed_on),
        "decision": _decision(proceeding) if penalty else None,
        "measures": [_chinese(MEASURE_LABELS[m]) for m in (penalty.measures if penalty else [])],
        "execution": {
            "served_on": _iso(proceeding.served_on),
            "method_label": _chinese(method) if method else "",
            "paid_on": _iso(proceeding.paid_on),
            "paid_yuan": proceeding.paid_yuan,
            "reminded_on": _iso(proceeding.reminded_on),
        },
        "ground": _chinese(ground),
        "reason": reason,
        "opinion": opinion,
        "approver": user.display_name,
        "closed_on": _iso(proceeding.closed_on),
    }


def _common(proceeding: Proceeding) -> dict:
    inspection = db.session.get(Inspection, proceeding.inspection_id)
    return base_content(inspection) | {
        "proceeding_number": proceeding.number,
        "party": proceeding.party,
        "person_name": proceeding.person_name,
    }


def _decision(proceeding: Proceeding) -> dict:
    penalty = proceeding.penalty
    return {
        "number": _decision_no(proceeding),
        "dated": _iso(penalty.decision_date),
        "fine_yuan": penalty.fine_yuan,
    }


def _decision_no(proceeding: Proceeding) -> str:
    penalty = proceeding.penalty
    if penalty is None:
        return ""
    if penalty.document_id:
        return db.session.get(Document, penalty.document_id).number
    return penalty.decision_no


def _chinese(label) -> str:
    with force_locale(DOCUMENT_LOCALE):
        return str(label)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
