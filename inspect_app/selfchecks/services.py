"""Self-checks: sending links, withdrawing and re-sending them, saving and submitting the form."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections.errors import StaleEdit
from inspect_app.selfchecks.answers import Answers, ItemAnswer, incomplete
from inspect_app.selfchecks.errors import (
    AlreadyRevoked,
    AlreadySubmitted,
    DeadlinePassed,
    Incomplete,
    NotRevoked,
    NotSelfCheckKind,
    ReasonMissing,
)
from inspect_app.selfchecks.models import (
    KIND_NUMBERS,
    Progress,
    SelfCheck,
    SelfCheckItem,
    SelfCheckStatus,
)
from inspect_app.subjects.models import Subject, SubjectKind

DEFAULT_DAYS = 14
LINK_PATH = "/s/"
TEXT_MAX = 1000
NAME_MAX = 64
REASON_MAX = 500
REPORT_MAX = 10_000
LINK_DAYS = 60  # a link opens until this many days after the deadline, or the last time limit
REVIEW_FROM = date(2019, 1, 1)  # the national notice: institutions review since January 2019

NOT_SENT, SENT, SUBMITTED, LATE, OVERDUE, REVOKED = (
    "not_sent",
    "sent",
    "submitted",
    "late",
    "overdue",
    "revoked",
)
STATUSES = (NOT_SENT, SENT, SUBMITTED, LATE, OVERDUE, REVOKED)


@dataclass(frozen=True)
class BulkResult:
    created: int
    skipped: int


# --- reading -----------------------------------------------------------------------------------


def campaign() -> str:
    return current_app.config["DEFAULT_CAMPAIGN"]


def new_token() -> str:
    return secrets.token_urlsafe(24)


def default_deadline() -> date:
    return clock.today() + timedelta(days=DEFAULT_DAYS)


def link_url(self_check: SelfCheck) -> str:
    """The enterprise's address of the form, on the address enterprises reach."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + LINK_PATH + self_check.token


def link_days() -> timedelta:
    return timedelta(days=int(current_app.config.get("SELF_CHECK_LINK_DAYS", LINK_DAYS)))


def link_expiry(self_check: SelfCheck) -> date:
    """The last day the link opens: LINK_DAYS after the deadline or the latest time limit."""
    limits = [i.rectify_by for i in self_check.items if i.has_problem and i.rectify_by]
    return max([self_check.deadline, *limits]) + link_days()


def find_self_check(subject_id: int) -> SelfCheck | None:
    query = select(SelfCheck).where(
        SelfCheck.subject_id == subject_id, SelfCheck.campaign == campaign()
    )
    return db.session.scalar(query)


def status_of(deadline, submitted_at, revoked_at, today: date) -> str:
    """Where one unit stands; no self-check at all is `not_sent`."""
    if deadline is None:
        return NOT_SENT
    if submitted_at is not None:
        return LATE if clock.local_day(submitted_at) > deadline else SUBMITTED
    if revoked_at is not None:
        return REVOKED
    return OVERDUE if today > deadline else SENT


def self_check_status(self_check: SelfCheck | None, today: date | None = None) -> str:
    if self_check is None:
        return NOT_SENT
    today = today or clock.today()
    return status_of(self_check.deadline, self_check.submitted_at, self_check.revoked_at, today)


def stored_answers(self_check: SelfCheck | None) -> Answers:
    """The answers as stored, in the shape of the form."""
    if self_check is None:
        return Answers(filled_on=clock.today())
    items = {
        i.number: ItemAnswer(
            i.has_problem, i.problem, i.rectification, i.rectify_by, i.rectified, i.responsible
        )
        for i in self_check.items
    }
    return Answers(
        items,
        self_check.responsible_name,
        self_check.filled_on or clock.today(),
        self_check.review_from,
        self_check.review_to,
        self_check.report_text,
    )


# --- sending -----------------------------------------------------------------------------------


def send_self_check(subject: Subject, user, deadline: date) -> SelfCheck:
    """Open a subject's self-check with its own link (the existing one if already sent)."""
    existing = find_self_check(subject.id)
    if existing is not None:
        return existing
    self_check = _open(subject, user, deadline)
    record_audit(user, "send_self_check", self_check, subject=subject.id, deadline=deadline)
    return self_check


def send_region(region_ids: list[int], user, deadline: date) -> BulkResult:
    """A link for every production unit of these regions that has no self-check yet."""
    _check_deadline(deadline)
    units = select(Subject).where(
        Subject.kind == SubjectKind.PRODUCTION_UNIT, Subject.region_id.in_(region_ids)
    )
    total = db.session.scalar(select(func.count()).select_from(units.subquery()))
    sent = select(SelfCheck.subject_id).where(SelfCheck.campaign == campaign())
    fresh = list(db.session.scalars(units.where(Subject.id.not_in(sent)).order_by(Subject.id)))
    for subject in fresh:
        self_check = _open(subject, user, deadline)
        record_audit(user, "send_self_check", self_check, subject=subject.id, bulk=True)
    return BulkResult(created=len(fresh), skipped=total - len(fresh))


def _open(subject: Subject, user, deadline: date) -> SelfCheck:
    kind = str(subject.kind)
    if kind not in KIND_NUMBERS:
        raise NotSelfCheckKind()
    _check_deadline(deadline)
    institution = kind != SubjectKind.PRODUCTION_UNIT
    self_check = SelfCheck(
        subject=subject,
        region_id=subject.region_id,
        campaign=campaign(),
        kind=kind,
        token=new_token(),
        deadline=deadline,
        expires_on=deadline + link_days(),
        sent_by_id=user.id,
        sent_at=utcnow(),
        review_from=REVIEW_FROM if institution else None,
        items=[SelfCheckItem(number=n) for n in KIND_NUMBERS[kind]],
    )
    db.session.add(self_check)
    db.session.flush()
    return self_check


def _check_deadline(deadline: date) -> None:
    if deadline < clock.today():
        raise DeadlinePassed()


def revoke_self_check(self_check: SelfCheck, user, reason: str, version: int | None) -> None:
    """Withdraw the link: it then answers that it was withdrawn."""
    _check_version(self_check, version)
    if self_check.is_revoked:
        raise AlreadyRevoked()
    if not (reason or "").strip():
        raise ReasonMissing()
    self_check.revoked_at = utcnow()
    self_check.revoke_reason = reason.strip()[:REASON_MAX]
    record_audit(user, "revoke_self_check", self_check, reason=self_check.revoke_reason)


def change_deadline(self_check: SelfCheck, user, deadline: date, version: int | None) -> None:
    """Move the deadline of a live link that has not been submitted; the link stays the same."""
    _check_version(self_check, version)
    if self_check.is_revoked:
        raise AlreadyRevoked()
    if self_check.is_submitted:
        raise AlreadySubmitted()
    _check_deadline(deadline)
    before = self_check.deadline
    self_check.deadline = deadline
    self_check.expires_on = link_expiry(self_check)
    record_audit(user, "change_self_check_deadline", self_check, before=before, after=deadline)


def resend_self_check(self_check: SelfCheck, user, deadline: date, version: int | None) -> None:
    """Send a withdrawn self-check again: a new link and deadline; the answers stay."""
    _check_version(self_check, version)
    if not self_check.is_revoked:
        raise NotRevoked()
    _check_deadline(deadline)
    reason = self_check.revoke_reason
    self_check.token = new_token()
    self_check.deadline = deadline
    self_check.expires_on = max(link_expiry(self_check), clock.today() + link_days())
    self_check.revoked_at = None
    self_check.revoke_reason = ""
    self_check.sent_by_id = user.id
    self_check.sent_at = utcnow()
    record_audit(user, "resend_self_check", self_check, deadline=deadline, revoked_reason=reason)


# --- the form ----------------------------------------------------------------------------------


def open_on_behalf(subject: Subject, user) -> SelfCheck:
    """The unit's self-check for an inspector entering it from paper (created if none)."""
    existing = find_self_check(subject.id)
    if existing is not None:
        return existing
    self_check = _open(subject, user, default_deadline())
    record_audit(user, "open_self_check_on_behalf", self_check, subject=subject.id)
    return self_check


def save_self_check(
    self_check: SelfCheck,
    answers: Answers,
    version: int | None,
    *,
    submit: bool,
    user=None,
    now: datetime | None = None,
) -> bool:
    """Store a draft (partial answers allowed) or submit (complete only); False if unchanged.

    `user` is the inspector entering it on the unit's behalf; None is the enterprise itself.
    """
    if self_check.is_submitted:
        raise AlreadySubmitted()
    if version is not None and int(version) != self_check.version:
        if not submit and _same(self_check, answers):
            return False  # a double tap of the same draft
        raise StaleEdit()
    if submit and (gaps := incomplete(answers, self_check.kind)):
        raise Incomplete(gaps)
    _store(self_check, answers, tidy=submit)
    if user is not None:
        self_check.entered_by_id = user.id
    if submit:
        self_check.status = SelfCheckStatus.SUBMITTED.value
        self_check.submitted_at = now or utcnow()
        _start_problem_list(self_check)
    action = "submit_self_check" if submit else "save_self_check_draft"
    late = submit and self_check_status(self_check) == LATE
    record_audit(user, action, self_check, on_behalf=user is not None, late=late)
    return True


def _start_problem_list(self_check: SelfCheck) -> None:
    """At submission each problem starts the list: rectified already (from now on), or open."""
    for item in self_check.problems:
        done = item.rectified
        item.progress = (Progress.RECTIFIED if done else Progress.OPEN).value
        item.rectified_at = self_check.submitted_at if done else None
    self_check.expires_on = max(self_check.expires_on or date.min, link_expiry(self_check))


def _same(self_check: SelfCheck, answers: Answers) -> bool:
    stored = stored_answers(self_check)
    stored.filled_on = self_check.filled_on
    return _normalised(stored, self_check) == _normalised(answers, self_check)


def _normalised(answers: Answers, self_check: SelfCheck) -> tuple:
    items = tuple(
        (
            a.has_problem,
            a.problem.strip(),
            a.rectification.strip(),
            a.rectify_by,
            a.rectified,
            a.responsible.strip(),
        )
        for a in (answers.item(n) for n in self_check.numbers)
    )
    report = (answers.review_from, answers.review_to, answers.report_text.strip())
    return items, answers.responsible_name.strip(), answers.filled_on, report


def _store(self_check: SelfCheck, answers: Answers, tidy: bool) -> None:
    """Write every answer; on submission a 'no problem' item keeps no problem text."""
    rows = {item.number: item for item in self_check.items}
    for number in self_check.numbers:
        row = rows.get(number)
        if row is None:
            row = SelfCheckItem(number=number)
            self_check.items.append(row)
        given = answers.item(number)
        if tidy and given.has_problem is False:
            given = ItemAnswer(has_problem=False)
        row.has_problem = given.has_problem
        row.problem = given.problem.strip()[:TEXT_MAX]
        row.rectification = given.rectification.strip()[:TEXT_MAX]
        row.rectify_by = given.rectify_by
        row.rectified = bool(given.rectified)
        row.responsible = given.responsible.strip()[:NAME_MAX]
    self_check.responsible_name = answers.responsible_name.strip()[:NAME_MAX]
    self_check.filled_on = answers.filled_on
    if self_check.is_institution:
        self_check.review_from, self_check.review_to = answers.review_from, answers.review_to
        self_check.report_text = answers.report_text.strip()[:REPORT_MAX]
    self_check.updated_at = utcnow()  # bumps the row version even when only items changed


def _check_version(self_check: SelfCheck, version: int | None) -> None:
    if version is not None and int(version) != self_check.version:
        raise StaleEdit()
