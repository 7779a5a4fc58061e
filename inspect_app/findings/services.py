"""Findings and rectification orders: proposing, recording, editing and issuing them."""

import secrets
from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from inspect_app.audit.services import record_audit
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.findings.answers import settle_item_answer
from inspect_app.findings.models import Finding, OrderStatus, RectificationOrder
from inspect_app.findings.queries import (
    inspection_day,
)
from inspect_app.i18n import format_local_date
from inspect_app.inspections import services as cases
from inspect_app.inspections.errors import CaseError
from inspect_app.inspections.models import Inspection, Status
from inspect_app.quizzes.models import QuizAttempt
from inspect_app.spotchecks.models import CertificateCheck


class FieldError(CaseError):
    """A refusal that belongs next to one form field."""

    def __init__(self, field: str, message) -> None:
        super().__init__(message)
        self.field = field


def new_client_key() -> str:
    return secrets.token_urlsafe(16)


def record_finding(
    inspection: Inspection,
    user,
    description: str,
    item_code: str | None = None,
    certificate_check_id: int | None = None,
    photo_ids: Iterable[int] = (),
    client_key: str = "",
    reason: str | None = None,
    quiz_attempt_id: int | None = None,
    answer_non_compliant: bool = True,
) -> Finding:
    """Record a finding (once per client key) on the case's own item, check, quiz and photos;
    `answer_non_compliant` changes the item's compliant answer to non-compliant."""
    if (done := _already_done(Finding, client_key, inspection)) is not None:
        return done
    cases.prepare_change(inspection, reason)
    finding = Finding(
        inspection_id=inspection.id,
        certificate_check_id=_case_check(inspection, certificate_check_id),
        quiz_attempt_id=_case_attempt(inspection, quiz_attempt_id),
        client_key=client_key or new_client_key(),
        created_by_id=user.id,
    )
    _fill_finding(finding, inspection, description, item_code, photo_ids)
    settle_item_answer(inspection, user, finding.item_code, answer_non_compliant, description)
    db.session.add(finding)
    record_audit(user, "record_finding", finding, inspection, **_finding_details(finding))
    cases.commit_change(inspection, user, reason)
    return finding


def update_finding(
    finding: Finding,
    user,
    description: str,
    item_code: str | None,
    photo_ids: Iterable[int],
    version: int | None,
    reason: str | None = None,
    answer_non_compliant: bool = True,
) -> Finding:
    """Change a finding's description, item and evidence photos (and the item's answer, as
    for a new finding)."""
    inspection = _case_of(finding)
    cases.check_version(finding, version)
    cases.prepare_change(inspection, reason)
    before = _finding_details(finding)
    _fill_finding(finding, inspection, description, item_code, photo_ids)
    settle_item_answer(inspection, user, finding.item_code, answer_non_compliant, description)
    flag_modified(finding, "description")  # a change of photos alone still bumps the version
    after = _finding_details(finding)
    record_audit(user, "update_finding", finding, inspection, before=before, after=after)
    cases.commit_change(inspection, user, reason)
    return finding


def delete_finding(finding: Finding, user, version: int | None, reason: str | None = None) -> None:
    """Delete a finding that no rectification order covers."""
    inspection = _case_of(finding)
    cases.check_version(finding, version)
    if finding.orders:
        raise CaseError(
            _(
                "A rectification order covers this finding, so it cannot be deleted. "
                "Take it out of the order first."
            )
        )
    cases.prepare_change(inspection, reason)
    details = _finding_details(finding)
    db.session.delete(finding)
    record_audit(user, "delete_finding", finding, inspection, **details)
    cases.commit_change(inspection, user, reason)


def issue_order(
    inspection: Inspection,
    user,
    finding_ids: Iterable[int],
    requirement: str,
    deadline: date | None,
    client_key: str = "",
    reason: str | None = None,
) -> RectificationOrder:
    """Order the unit to rectify findings of this case by a deadline (once per client key)."""
    if (done := _already_done(RectificationOrder, client_key, inspection)) is not None:
        return done
    cases.prepare_change(inspection, reason)
    order = RectificationOrder(
        inspection_id=inspection.id,
        status=OrderStatus.OPEN.value,
        client_key=client_key or new_client_key(),
        created_by_id=user.id,
    )
    _fill_order(order, inspection, finding_ids, requirement, deadline)
    db.session.add(order)
    if inspection.status == Status.ISSUED:
        inspection.status = Status.RECTIFYING.value
    record_audit(user, "issue_order", order, inspection, **_order_details(order))
    cases.commit_change(inspection, user, reason)
    return order


def update_order(
    order: RectificationOrder,
    user,
    finding_ids: Iterable[int],
    requirement: str,
    deadline: date | None,
    version: int | None,
    reason: str | None = None,
) -> RectificationOrder:
    """Change an open order's findings, requirement or deadline."""
    inspection = _case_of(order)
    cases.check_version(order, version)
    if order.status != OrderStatus.OPEN:
        raise CaseError(_("This order has been re-inspected and can no longer be changed."))
    cases.prepare_change(inspection, reason)
    before = _order_details(order)
    _fill_order(order, inspection, finding_ids, requirement, deadline)
    flag_modified(order, "requirement")  # a change of findings alone still bumps the version
    after = _order_details(order)
    record_audit(user, "update_order", order, inspection, before=before, after=after)
    cases.commit_change(inspection, user, reason)
    return order


def stored_with_key(model, client_key: str):
    """The row a form submission with this double-tap key created, if any."""
    return db.session.scalar(select(model).where(model.client_key == client_key))


def _already_done(model, client_key: str, inspection: Inspection):
    """The row an earlier tap with this key stored, if any."""
    row = stored_with_key(model, client_key) if client_key else None
    if row is not None and row.inspection_id != inspection.id:
        raise CaseError()
    return row


def _case_of(row) -> Inspection:
    return db.session.get(Inspection, row.inspection_id)


def _case_check(inspection: Inspection, check_id: int | None) -> int | None:
    if _case_rows(CertificateCheck, inspection, [check_id] if check_id else []) is None:
        raise CaseError(_("That certificate check is not part of this case."))
    return check_id


def _case_attempt(inspection: Inspection, attempt_id: int | None) -> int | None:
    if _case_rows(QuizAttempt, inspection, [attempt_id] if attempt_id else []) is None:
        raise CaseError(_("That quiz is not part of this case."))
    return attempt_id


def _case_rows(model, inspection: Inspection, ids: Iterable[int]) -> list:
    """Rows of this case with these ids; None if any id is not of the case."""
    wanted = {int(i) for i in ids or ()}
    if not wanted:
        return []
    query = select(model).where(model.id.in_(wanted), model.inspection_id == inspection.id)
    rows = list(db.session.scalars(query.order_by(model.id)))
    return rows if len(rows) == len(wanted) else None


def _fill_finding(finding, inspection, description, item_code, photo_ids) -> None:
    description = (description or "").strip()
    if not description:
        raise FieldError("description", _("Describe the finding."))
    codes = {item.code for item in cases.checklist_items(inspection)}
    if item_code and item_code not in codes:
        raise FieldError("item_code", _("Choose a check item of this case."))
    photos = _case_rows(Photo, inspection, photo_ids)
    if photos is None:
        raise FieldError("photo_ids", _("A chosen photo is not part of this case."))
    finding.description, finding.item_code, finding.photos = description, item_code or None, photos


def _fill_order(order, inspection, finding_ids, requirement, deadline) -> None:
    findings = _case_rows(Finding, inspection, finding_ids)
    if findings is None:
        raise FieldError("finding_ids", _("A chosen finding is not part of this case."))
    if not findings:
        raise FieldError("finding_ids", _("Choose at least one finding the order covers."))
    requirement = (requirement or "").strip()
    if not requirement:
        raise FieldError("requirement", _("Enter what the unit must do to rectify."))
    _check_deadline(inspection, deadline)
    order.findings, order.requirement, order.deadline = findings, requirement, deadline


def _check_deadline(inspection: Inspection, deadline: date | None) -> None:
    if deadline is None:
        raise FieldError("deadline", _("Enter the deadline."))
    if deadline < (day := inspection_day(inspection)):
        raise FieldError("deadline", deadline_too_early(day))


def deadline_too_early(day: date) -> str:
    return _(
        "The deadline cannot be before the inspection date (%(date)s).", date=format_local_date(day)
    )


def _finding_details(finding: Finding) -> dict:
    return {
        "description": finding.description,
        "item": finding.item_code,
        "certificate_check": finding.certificate_check_id,
        "quiz_attempt": finding.quiz_attempt_id,
        "photos": [p.id for p in finding.photos],
    }


def _order_details(order: RectificationOrder) -> dict:
    return {
        "findings": [f.id for f in order.findings],
        "requirement": order.requirement,
        "deadline": order.deadline,
    }
