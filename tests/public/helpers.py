"""Helpers for the public page tests: an issued case with orders, photos, page parsing."""

from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO

from sqlalchemy import func, select

from inspect_app import clock
from inspect_app.demo.builders import answer_every_item
from inspect_app.demo.media import signature
from inspect_app.extensions import db
from inspect_app.findings.models import RectificationOrder
from inspect_app.findings.services import issue_order, record_finding
from inspect_app.inspections.models import Inspection
from inspect_app.inspections.services import required_signers
from inspect_app.issuing.services import issue_record
from inspect_app.signatures.services import record_signature
from tests import factories


@dataclass
class IssuedCase:
    inspection: Inspection
    orders: list[RectificationOrder]

    @property
    def url(self) -> str:
        return f"/c/{self.inspection.public_token}"

    @property
    def code(self) -> str:
        return self.inspection.verification_code

    def answer_url(self, order: RectificationOrder) -> str:
        return f"{self.url}/orders/{order.id}/answer"


def future_deadline() -> date:
    """A deadline a month after the app's today, so that the orders are open, not overdue."""
    return clock.today() + timedelta(days=30)


def issued_case(world, orders: int = 1) -> IssuedCase:
    """A case of town A issued with `orders` rectification orders, one finding each, due a
    month from the app's today."""
    case = factories.make_inspection(world)
    deadline = future_deadline()
    user = world.inspector_a
    made = []
    answer_every_item(case, user)  # first: each finding then makes PU-4 non-compliant
    db.session.commit()
    for n in range(1, orders + 1):
        text = f"签到表与培训照片人数不符 {n}"
        finding = record_finding(case, user, text, "PU-4", client_key=f"f{case.id}-{n}")
        requirement = f"补齐第 {n} 项培训档案"
        made.append(issue_order(case, user, [finding.id], requirement, deadline, f"o{case.id}-{n}"))
    for key, name in required_signers(case):
        record_signature(case, user, key, signature(name))
    issue_record(case, user)
    db.session.commit()
    return IssuedCase(case, made)


def count(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def answer_form(order, code: str, note: str = "已补齐培训档案并重新组织培训", photos=(), key="k1"):
    """The multipart fields of the answer form of one order (prefixed with the order)."""
    prefix = f"order-{order.id}-"
    data = {f"{prefix}code": code, f"{prefix}note": note, f"{prefix}client_key": key}
    data[f"{prefix}photos"] = [(BytesIO(p), f"photo{n}.jpg") for n, p in enumerate(photos)]
    return data


def post_answer(client, case: IssuedCase, order, address="198.51.100.7", **fields):
    return client.post(
        case.answer_url(order),
        data=answer_form(order, **fields),
        content_type="multipart/form-data",
        environ_base={"REMOTE_ADDR": address},
    )
