"""Small helpers that prepare what case pages show."""

import re
from datetime import date

from sqlalchemy import select

from inspect_app import clock
from inspect_app.audit.models import AuditEntry
from inspect_app.extensions import db
from inspect_app.labels import CASE_STATUS_LABELS, POSITION_LABELS, SUBJECT_KIND_LABELS

MONTH = clock.MONTH_RE
REGION_ID = re.compile(r"[0-9]{1,9}")


def case_filters(args, scope: list[int]) -> dict:
    """Filters from the query string, with anything unknown or out of scope dropped."""
    status = args.get("status", "")
    kind = args.get("kind", "")
    month = args.get("month", "")
    return {
        "status": status if status in CASE_STATUS_LABELS else "",
        "kind": kind if kind in SUBJECT_KIND_LABELS else "",
        "month": month if MONTH.match(month) else "",
        "overdue": args.get("overdue") == "1",
        "region": _region_in(args.get("region", ""), scope),
    }


def days_overdue(page, today: date) -> dict[int, int]:
    """Days past its most overdue order's deadline, by case id, on a page of overdue cases."""
    return {case_id: (today - deadline).days for case_id, (deadline, _id) in page.keys.items()}


def _region_in(value: str, scope: list[int]) -> int | None:
    """A region id of the user's scope, or None."""
    region = int(value) if REGION_ID.fullmatch(value) else None
    return region if region in scope else None


def new_case_defaults(subject, user) -> dict:
    """Now, the subject's address, the current inspector, and the principal if recorded."""
    principal = next((p for p in subject.people if p.position == "principal"), None)
    return {
        "started_at": clock.local_minute(),
        "place": subject.address,
        "inspector_ids": [user.id],
        "representative_name": principal.name if principal else subject.contact_name,
        "representative_position": str(POSITION_LABELS["principal"]) if principal else "",
    }


def audit_entries(inspection) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.inspection_id == inspection.id)
    return list(db.session.scalars(query.order_by(AuditEntry.at, AuditEntry.id)))
