"""Helpers for the self-check tests: sending through the service, posting the form, parsing."""

from datetime import date, timedelta

from bs4 import BeautifulSoup
from sqlalchemy import func, select

from inspect_app import clock
from inspect_app.audit.models import AuditEntry
from inspect_app.extensions import db
from inspect_app.selfchecks.models import SelfCheck
from inspect_app.selfchecks.services import send_self_check

PROBLEM = "签到表 32 人，培训照片仅 18 人"
FIX = "建立培训考勤制度，每次培训留存签到表和照片"
RESPONSIBLE = "陈安全"


def sent(subject, user, deadline: date | None = None) -> SelfCheck:
    """A self-check sent to `subject` through the service, committed."""
    self_check = send_self_check(subject, user, deadline or clock.today() + timedelta(days=14))
    db.session.commit()
    return self_check


def form_data(self_check, action: str = "submit", problems=(), **overrides) -> dict:
    """A complete form: every item 'no problem' except `problems` (numbers), which are filled in."""
    data = {
        "version": str(self_check.version),
        "responsible_name": "顾建国",
        "filled_on": clock.today().isoformat(),
        "action": action,
    }
    for number in range(1, 7):
        data[f"item_{number}-answer"] = "no"
    for number in problems:
        data[f"item_{number}-answer"] = "yes"
        data[f"item_{number}-problem"] = PROBLEM
        data[f"item_{number}-rectification"] = FIX
        data[f"item_{number}-rectify_by"] = (clock.today() + timedelta(days=20)).isoformat()
        data[f"item_{number}-rectified"] = "y"
        data[f"item_{number}-responsible"] = RESPONSIBLE
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def fresh(self_check) -> SelfCheck:
    db.session.expire_all()
    return db.session.get(SelfCheck, self_check.id)


def audit_actions(self_check) -> list[tuple[str, int | None]]:
    query = (
        select(AuditEntry.action, AuditEntry.user_id)
        .where(AuditEntry.entity == "SelfCheck", AuditEntry.entity_id == self_check.id)
        .order_by(AuditEntry.id)
    )
    return [tuple(row) for row in db.session.execute(query)]


def count_self_checks() -> int:
    return db.session.scalar(select(func.count()).select_from(SelfCheck))


def error_links(page: BeautifulSoup) -> list[str]:
    return [a["href"] for a in page.select(".error-summary a")]
