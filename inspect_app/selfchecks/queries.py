"""Scoped reads of self-checks: the town's overview, a unit's self-check, a link's token."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import selectinload

from inspect_app.auth.access import scope_ids
from inspect_app.auth.models import User
from inspect_app.errors import NotFound
from inspect_app.extensions import db
from inspect_app.regions.models import Region
from inspect_app.regions.services import regions_by_code, subtree_ids
from inspect_app.selfchecks import services
from inspect_app.selfchecks.models import KIND_NUMBERS, SelfCheck, SelfCheckItem
from inspect_app.subjects.models import Subject

SELF_CHECK_KINDS = tuple(KIND_NUMBERS)

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class UnitRow:
    """One subject on the overview, with where its self-check and its problem list stand."""

    subject_id: int
    name: str
    kind: str
    town: str
    status: str
    deadline: date | None
    submitted_at: datetime | None
    entered_by: str | None
    problems: int = 0
    rectified: int = 0
    closed: bool = False


@dataclass(frozen=True)
class Overview:
    rows: list[UnitRow]
    counts: Counter

    @property
    def submitted(self) -> int:
        return self.counts[services.SUBMITTED] + self.counts[services.LATE]

    @property
    def not_submitted(self) -> int:
        return len(self.rows) - self.submitted

    @property
    def late(self) -> int:
        return self.counts[services.LATE]


def overview(region_ids: list[int], today: date, status: str = "", kind: str = "") -> Overview:
    """Every subject of the three kinds in these regions with its self-check's status and its
    problem list's progress (one query); `status` and `kind` narrow the rows shown."""
    entered = User.__table__.alias("entered")
    listed = (
        select(
            SelfCheckItem.self_check_id,
            func.count().label("problems"),
            func.sum(case((SelfCheckItem.progress == "rectified", 1), else_=0)).label("done"),
        )
        .where(SelfCheckItem.has_problem.is_(True))
        .group_by(SelfCheckItem.self_check_id)
        .subquery()
    )
    query = (
        select(
            Subject.id,
            Subject.name,
            Subject.kind,
            Region.name,
            SelfCheck.deadline,
            SelfCheck.submitted_at,
            SelfCheck.revoked_at,
            entered.c.display_name,
            listed.c.problems,
            listed.c.done,
            SelfCheck.closed_at,
        )
        .join(Region, Region.id == Subject.region_id)
        .outerjoin(
            SelfCheck,
            and_(SelfCheck.subject_id == Subject.id, SelfCheck.campaign == services.campaign()),
        )
        .outerjoin(entered, entered.c.id == SelfCheck.entered_by_id)
        .outerjoin(listed, listed.c.self_check_id == SelfCheck.id)
        .where(Subject.kind.in_(SELF_CHECK_KINDS), Subject.region_id.in_(region_ids))
        .order_by(Region.code, Subject.kind.desc(), Subject.name, Subject.id)
    )
    rows = [
        UnitRow(
            sid, name, str(kd), town, services.status_of(dl, sub, rev, today), dl, sub, who,
            problems or 0, int(done or 0), closed is not None,
        )
        for sid, name, kd, town, dl, sub, rev, who, problems, done, closed in db.session.execute(
            query
        )
    ]  # fmt: skip
    if kind:
        rows = [row for row in rows if row.kind == kind]
    counts = Counter(row.status for row in rows)
    shown = [row for row in rows if row.status == status] if status else rows
    return Overview(shown, counts)


def scope_regions() -> list[Region]:
    """Regions the current user may see, ordered by code (towns under their county)."""
    return regions_by_code(scope_ids())


def region_in_scope(region_id: int | None) -> Region:
    """A region the current user may see, else NotFound."""
    region = db.session.get(Region, region_id) if region_id else None
    if region is None or region.id not in scope_ids():
        raise NotFound
    return region


def scoped_subtree(region: Region) -> list[int]:
    return [rid for rid in subtree_ids(region.id) if rid in scope_ids()]


def get_unit(subject_id: int) -> Subject:
    """A subject that takes self-checks, in the current user's scope, else NotFound."""
    subject = db.session.get(Subject, subject_id)
    if subject is None or subject.region_id not in scope_ids():
        raise NotFound
    if subject.kind not in SELF_CHECK_KINDS:
        raise NotFound
    return subject


def get_self_check(subject: Subject) -> SelfCheck:
    """The unit's self-check of the current campaign, else NotFound."""
    self_check = services.find_self_check(subject.id)
    if self_check is None:
        raise NotFound
    return self_check


def self_check_for_token(token: str) -> SelfCheck | None:
    """The self-check a link's token opens (withdrawn ones included), if any."""
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return None
    query = (
        select(SelfCheck)
        .where(SelfCheck.token == token)
        .options(selectinload(SelfCheck.items).selectinload(SelfCheckItem.photos))
    )
    return db.session.scalar(query)


def live_links(region_ids: list[int]) -> list[SelfCheck]:
    """Self-checks of these regions whose link works and that are not submitted yet."""
    query = (
        select(SelfCheck)
        .join(Subject, Subject.id == SelfCheck.subject_id)
        .join(Region, Region.id == Subject.region_id)
        .where(
            Subject.region_id.in_(region_ids),
            SelfCheck.campaign == services.campaign(),
            SelfCheck.revoked_at.is_(None),
            SelfCheck.submitted_at.is_(None),
        )
        .options(selectinload(SelfCheck.subject))
        .order_by(Region.code, Subject.name, Subject.id)
    )
    return list(db.session.scalars(query))
