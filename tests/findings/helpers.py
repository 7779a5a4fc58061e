"""Helpers for the findings tests: answers, photos, certificate checks and page parsing."""

import itertools

from bs4 import BeautifulSoup
from sqlalchemy import func, select

from inspect_app.audit.models import AuditEntry
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.inspections.services import answer_item
from inspect_app.spotchecks.models import CertificateCheck
from tests import factories

_seq = itertools.count(1)


def textarea(page: BeautifulSoup, field_id: str) -> str:
    """A textarea's value as the browser sees it (the first newline is markup)."""
    return page.find(id=field_id).get_text().removeprefix("\r\n").removeprefix("\n")


def count(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def non_compliant(case, user, code: str, note: str = "签到表 32 人，培训照片仅 18 人") -> None:
    answer_item(case, code, "non_compliant", note, user)
    db.session.commit()


def add_photo(case, user, item_code: str | None = None, kind: str = "sign_in_sheet") -> Photo:
    n = next(_seq)
    photo = Photo(
        inspection_id=case.id,
        item_code=item_code,
        kind=kind,
        caption=f"照片 {n}",
        sha256=f"{n:064x}",
        original_key=f"evidence/{n}.jpg",
        display_key=f"display/{n}.jpg",
        thumb_key=f"thumb/{n}.jpg",
        format="JPEG",
        width=1600,
        height=1200,
        size_bytes=1000,
        idempotency_key=f"photo-key-{n}",
        uploaded_by_id=user.id,
    )
    db.session.add(photo)
    db.session.commit()
    return photo


def failed_check(case, user) -> CertificateCheck:
    """A special operator met on site without any certificate."""
    person = factories.make_person(case.subject, position="special_operator", name="周立")
    check = CertificateCheck(
        inspection_id=case.id,
        person_id=person.id,
        certificate_id=None,
        shown=False,
        result="fail",
        checked_by_id=user.id,
    )
    db.session.add(check)
    db.session.commit()
    return check


def audit_actions(case) -> list[str]:
    query = select(AuditEntry.action).where(AuditEntry.inspection_id == case.id)
    return list(db.session.scalars(query.order_by(AuditEntry.id)))


def audit_entry(case, action: str) -> AuditEntry:
    query = select(AuditEntry).where(
        AuditEntry.inspection_id == case.id, AuditEntry.action == action
    )
    return db.session.scalars(query.order_by(AuditEntry.id.desc())).first()
