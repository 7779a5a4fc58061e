"""The end of a proceeding: serving the decision (送达), payment or its reminder (催缴), and
closing (结案), which may close the whole case.

Each step locks the proceeding's row, refuses a stale version, and treats a repeat of what was
just recorded (a double tap) as done: it returns the same result and makes no new document.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import Role, User
from inspect_app.catalogs.procedure import procedure_rules
from inspect_app.documents.models import Document
from inspect_app.documents.models import DocumentKind as K
from inspect_app.documents.services import issue_document
from inspect_app.extensions import db
from inspect_app.findings.reinspection import close_if_done
from inspect_app.inspections.errors import CaseError
from inspect_app.inspections.models import Inspection
from inspect_app.inspections.services import check_version
from inspect_app.proceedings import execution_content as content
from inspect_app.proceedings.models import OPEN_STATUSES, Proceeding
from inspect_app.proceedings.models import ProceedingStatus as S

ELECTRONIC = "electronic"
SERVICE_METHODS = {
    "direct": _l("Direct service"),  # 直接送达
    "left": _l("Service by leaving the document"),  # 留置送达
    "post": _l("Service by post"),  # 邮寄送达
    ELECTRONIC: _l("Electronic service"),  # 电子送达
    "announcement": _l("Service by public announcement"),  # 公告送达
}
CLOSING_GROUNDS = {
    "executed": _l("The decision has been carried out"),
    "enforcement": _l("Compulsory enforcement applied for at the people's court"),
    "no_penalty": _l("Decided not to impose a penalty"),
    "other": _l("Another legal ground"),
}
# A supervisor may close from these: a served decision, or before it on another ground.
CLOSABLE = (S.FILED, S.NOTIFIED, S.DECIDED, S.SERVED)
NOT_SERVABLE = _l("Only a decided proceeding can be served.")
NOT_SERVED = _l("The decision has not been served yet.")
NO_FINE = _l("This decision imposes no fine: there is nothing to pay.")
ALREADY_PAID = _l("The fine has already been paid.")


@dataclass
class StepResult:
    document: Document | None = None
    repeated: bool = False  # the same step was already recorded: nothing new was made
    warnings: list[str] = field(default_factory=list)


def has_open_proceeding(inspection: Inspection) -> bool:
    """The case has a proceeding that is neither closed nor refused (it keeps the case open)."""
    query = select(Proceeding.id).where(
        Proceeding.inspection_id == inspection.id, Proceeding.status.in_(OPEN_STATUSES)
    )
    return db.session.scalar(query.limit(1)) is not None


def fine_of(proceeding: Proceeding) -> int:
    return proceeding.penalty.fine_yuan if proceeding.penalty else 0


def needs_payment(proceeding: Proceeding) -> bool:
    return fine_of(proceeding) > 0 and proceeding.paid_on is None


def payment_due(proceeding: Proceeding) -> date | None:
    """The last day to pay: payment_days after service (行政处罚法 Art. 67)."""
    if proceeding.served_on is None:
        return None
    return proceeding.served_on + timedelta(days=procedure_rules().payment_days)


def can_remind(proceeding: Proceeding, today: date | None = None) -> bool:
    """Served, unpaid, and the time to pay has run out."""
    due = payment_due(proceeding)
    today = today or clock.today()
    return proceeding.status == S.SERVED and needs_payment(proceeding) and today > due


def late_payment(fine: int, due: date, on: date) -> tuple[int, Decimal]:
    """Days late and the late-payment penalty on a day: 3% of the fine a day after the due
    date, at most the fine itself (行政处罚法 Art. 72(1)); in yuan, to the fen."""
    days = max(0, (on - due).days)
    rate = Decimal(procedure_rules().late_rate_per_day_percent) / 100
    amount = min(Decimal(fine), Decimal(fine) * rate * days)
    return days, amount.quantize(Decimal("0.01"))


def serve_decision(
    proceeding: Proceeding,
    user: User,
    *,
    served_on: date,
    method: str,
    recipient: str,
    consent: bool = False,
    version: int | None = None,
) -> StepResult:
    """Record the service of the decision and make its 文书送达回执 (SERVED)."""
    recipient = (recipient or "").strip()
    proceeding = _locked(proceeding)
    done = (proceeding.served_on, proceeding.service_method, proceeding.served_to)
    if proceeding.status != S.DECIDED and done == (served_on, method, recipient):
        return StepResult(_last(proceeding, K.SERVICE_RECEIPT), repeated=True)
    _require(proceeding.status == S.DECIDED, NOT_SERVABLE)
    check_version(proceeding, version)
    _check_service(proceeding, served_on, method, recipient, consent)
    proceeding.served_on, proceeding.service_method = served_on, method
    proceeding.served_to, proceeding.status = recipient, S.SERVED.value
    inspection = _case(proceeding)
    document = _issue(proceeding, user, K.SERVICE_RECEIPT, _receipt(proceeding, consent))
    record_audit(user, "serve_decision", proceeding, inspection, served_on=served_on, method=method)
    return StepResult(document, warnings=_late_service(proceeding))


def record_payment(
    proceeding: Proceeding, user: User, *, paid_on: date, amount: int, version: int | None = None
) -> StepResult:
    """Record that the fine was paid in full (partial payments are not taken)."""
    proceeding = _locked(proceeding)
    if (proceeding.paid_on, proceeding.paid_yuan) == (paid_on, amount):
        return StepResult(repeated=True)
    _require(proceeding.status == S.SERVED, NOT_SERVED)
    _require(fine_of(proceeding) > 0, NO_FINE)
    _require(proceeding.paid_on is None, ALREADY_PAID)
    check_version(proceeding, version)
    _check_day(paid_on, proceeding.served_on, _l("The payment cannot be before the service."))
    fine = fine_of(proceeding)
    if amount != fine:
        message = _(
            "Enter the whole fine of %(fine)s yuan: partial payments are not taken.", fine=fine
        )
        raise CaseError(message)
    proceeding.paid_on, proceeding.paid_yuan = paid_on, amount
    record_audit(user, "record_payment", proceeding, _case(proceeding), paid_on=paid_on)
    return StepResult()


def remind_payment(proceeding: Proceeding, user: User, *, version: int | None = None) -> StepResult:
    """Issue the 罚款催缴通知书 with the late-payment penalty up to today."""
    proceeding = _locked(proceeding)
    today = clock.today()
    if proceeding.reminded_on == today:
        return StepResult(_last(proceeding, K.PAYMENT_REMINDER), repeated=True)
    _require(proceeding.status == S.SERVED, NOT_SERVED)
    _require(fine_of(proceeding) > 0, NO_FINE)
    _require(proceeding.paid_on is None, ALREADY_PAID)
    check_version(proceeding, version)
    _require(can_remind(proceeding, today), _l("The time to pay has not run out yet."))
    days, amount = late_payment(fine_of(proceeding), payment_due(proceeding), today)
    proceeding.reminded_on = today
    data = content.reminder(proceeding, payment_due(proceeding), days, amount)
    document = _issue(proceeding, user, K.PAYMENT_REMINDER, data)
    record_audit(user, "remind_payment", proceeding, _case(proceeding), late_yuan=str(amount))
    return StepResult(document)


def close_proceeding(
    proceeding: Proceeding,
    user: User,
    *,
    ground: str,
    reason: str = "",
    opinion: str = "",
    version: int | None = None,
) -> StepResult:
    """A supervisor approves closing (结案审批表); the case closes too if nothing else keeps it
    open (its orders rectified, no other open proceeding)."""
    reason, opinion = (reason or "").strip(), (opinion or "").strip()
    inspection = _locked_case(proceeding)  # first: two last closings see each other's
    proceeding = _locked(proceeding)
    if proceeding.status == S.CLOSED and proceeding.closed_by_id == user.id:
        return StepResult(_last(proceeding, K.CLOSING_APPROVAL), repeated=True)
    _require(user.role == Role.SUPERVISOR, _l("Only a supervisor can approve closing."))
    _require(proceeding.status in CLOSABLE, _l("This proceeding cannot be closed now."))
    check_version(proceeding, version)
    _check_ground(proceeding, ground, reason)
    proceeding.status, proceeding.closed_on = S.CLOSED.value, clock.today()
    proceeding.closed_by_id, proceeding.closing_note = user.id, reason
    labels = (CLOSING_GROUNDS[ground], SERVICE_METHODS.get(proceeding.service_method))
    data = content.closing(proceeding, user, labels, reason, opinion)
    document = _issue(proceeding, user, K.CLOSING_APPROVAL, data)
    record_audit(user, "close_proceeding", proceeding, inspection, ground=ground, reason=reason)
    close_if_done(inspection, user, settled=True)
    return StepResult(document)


def _check_ground(proceeding: Proceeding, ground: str, reason: str) -> None:
    _require(ground in CLOSING_GROUNDS, _l("Choose the ground for closing."))
    served = proceeding.status == S.SERVED
    if ground == "executed":
        _require(served and not needs_payment(proceeding), _l("The fine has not been paid."))
        return
    _require(bool(reason), _l("Give the reason for closing on this ground."))
    if ground == "enforcement":
        reminded = served and needs_payment(proceeding) and proceeding.reminded_on is not None
        message = _l("Enforcement is applied for only after an unpaid fine has been reminded.")
        _require(reminded, message)
    if ground == "no_penalty":
        message = _l("A penalty has already been decided in this proceeding.")
        _require(proceeding.status in (S.FILED, S.NOTIFIED), message)


def _check_service(
    proceeding: Proceeding, served_on: date, method: str, recipient: str, consent: bool
) -> None:
    _require(method in SERVICE_METHODS, _l("Choose how the decision was served."))
    _require(bool(recipient), _l("Enter the name of the recipient."))
    if method == ELECTRONIC:
        message = _l("Electronic service needs the party's written consent.")
        _require(consent, message)
    decided = proceeding.penalty.decision_date if proceeding.penalty else None
    _check_day(served_on, decided, _l("The service cannot be before the decision date."))


def _check_day(day: date | None, earliest: date | None, too_early) -> None:
    _require(day is not None, _l("Enter the date."))
    _require(day <= clock.today(), _l("The date cannot be in the future."))
    _require(earliest is None or day >= earliest, too_early)


def _late_service(proceeding: Proceeding) -> list[str]:
    decided = proceeding.penalty.decision_date if proceeding.penalty else None
    limit = procedure_rules().service_days
    if decided is None or (proceeding.served_on - decided).days <= limit:
        return []
    return [
        _("Served more than %(days)s days after the decision: the law allows %(days)s.", days=limit)
    ]


def _receipt(proceeding: Proceeding, consent: bool) -> dict:
    method = SERVICE_METHODS[proceeding.service_method]
    return content.receipt(proceeding, decision_document(proceeding), method, consent)


def _require(condition: bool, message) -> None:
    if not condition:
        raise CaseError(message)


def _locked(proceeding: Proceeding) -> Proceeding:
    """The proceeding's row, locked (PostgreSQL) and re-read, so two taps run one after the
    other and the second sees what the first did."""
    query = select(Proceeding).where(Proceeding.id == proceeding.id).with_for_update()
    return db.session.scalar(query.execution_options(populate_existing=True))


def _locked_case(proceeding: Proceeding) -> Inspection:
    """The proceeding's case, its row locked (PostgreSQL) as re-inspection locks it."""
    query = select(Inspection).where(Inspection.id == proceeding.inspection_id).with_for_update()
    return db.session.scalar(query.execution_options(populate_existing=True))


def _case(proceeding: Proceeding) -> Inspection:
    return db.session.get(Inspection, proceeding.inspection_id)


def _issue(proceeding: Proceeding, user: User, kind: str, data: dict) -> Document:
    inspection = _case(proceeding)
    return issue_document(inspection, kind, user, data, proceeding_id=proceeding.id)


def _last(proceeding: Proceeding, kind: str) -> Document | None:
    query = select(Document).where(Document.proceeding_id == proceeding.id, Document.kind == kind)
    return db.session.scalar(query.order_by(Document.id.desc()).limit(1))


def decision_document(proceeding: Proceeding) -> Document | None:
    """The proceeding's 行政处罚决定书 (the penalty's form, else the last DECISION document)."""
    penalty = proceeding.penalty
    if penalty is not None and penalty.document_id:
        return db.session.get(Document, penalty.document_id)
    return _last(proceeding, K.DECISION)
