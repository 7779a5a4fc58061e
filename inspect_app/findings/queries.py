"""Reads of a case's findings, orders and photos, and the dates orders are measured against."""

from datetime import date, timedelta

from sqlalchemy import Subquery, exists, select, tuple_
from sqlalchemy.orm import aliased, selectinload

from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.findings.models import Finding, OrderStatus, RectificationOrder
from inspect_app.inspections.models import Inspection
from inspect_app.inspections.services import case_started_local
from inspect_app.spotchecks.models import CertificateCheck, CheckResult
from inspect_app.spotchecks.services import finding_text

DEFAULT_PERIOD_DAYS = 15  # a common rectification period; the inspector decides


def case_findings(inspection: Inspection) -> list[Finding]:
    """The case's findings in the order they were recorded."""
    query = select(Finding).where(Finding.inspection_id == inspection.id).order_by(Finding.id)
    query = query.options(selectinload(Finding.photos), selectinload(Finding.orders))
    return list(db.session.scalars(query))


def case_orders(inspection: Inspection) -> list[RectificationOrder]:
    """The case's rectification orders in the order they were issued."""
    query = select(RectificationOrder).where(RectificationOrder.inspection_id == inspection.id)
    query = query.options(selectinload(RectificationOrder.findings))
    return list(db.session.scalars(query.order_by(RectificationOrder.id)))


def case_photos(inspection: Inspection) -> list[Photo]:
    query = select(Photo).where(Photo.evidence_of(inspection.id)).order_by(Photo.id)
    return list(db.session.scalars(query))


def inspection_day(inspection: Inspection) -> date:
    """The date of the inspection in the configured time zone."""
    return case_started_local(inspection).date()


def default_deadline(inspection: Inspection) -> date:
    return inspection_day(inspection) + timedelta(days=DEFAULT_PERIOD_DAYS)


def most_overdue_orders(day: date) -> Subquery:
    """Each case's most overdue open order (deadline, then id), for the cases that have one:
    (inspection_id, deadline, id). Read in deadline order along
    ix_rectification_order_status_deadline, so a list of them stops after its page."""
    order, other = RectificationOrder, aliased(RectificationOrder)
    older = exists().where(
        other.inspection_id == order.inspection_id,
        other.status == OrderStatus.OPEN,
        other.deadline < day,
        tuple_(other.deadline, other.id) < tuple_(order.deadline, order.id),
    )
    return (
        select(order.inspection_id, order.deadline, order.id)
        .where(order.status == OrderStatus.OPEN, order.deadline < day, ~older)
        .subquery("most_overdue")
    )


def proposed_findings(inspection: Inspection) -> list[tuple[CertificateCheck, str]]:
    """Failed checks that no finding rests on yet, each with a suggested description."""
    referenced = select(Finding.certificate_check_id).where(
        Finding.inspection_id == inspection.id, Finding.certificate_check_id.is_not(None)
    )
    query = (
        select(CertificateCheck)
        .where(
            CertificateCheck.inspection_id == inspection.id,
            CertificateCheck.result == CheckResult.FAIL,
            CertificateCheck.id.not_in(referenced),
        )
        .order_by(CertificateCheck.id)
    )
    return [(check, finding_text(check)) for check in db.session.scalars(query)]
