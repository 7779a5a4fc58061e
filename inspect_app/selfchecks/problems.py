"""The problem list after submission (清单管理，逐项落实整改): the subject moves each problem
forward and sends photos of the work from its link; the town closes the self-check."""

import hashlib
from datetime import datetime

from flask_babel import lazy_gettext as _l

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.clock import utcnow
from inspect_app.evidence.imaging import ImageRejected
from inspect_app.evidence.pipeline import decode_photo, rejection_message, store_photo_files
from inspect_app.extensions import db
from inspect_app.inspections.errors import StaleEdit
from inspect_app.selfchecks.errors import (
    AlreadyRectified,
    Closed,
    NotSubmitted,
    ReportRefused,
    SelfCheckError,
)
from inspect_app.selfchecks.models import Progress, SelfCheck, SelfCheckItem, SelfCheckPhoto

NOTE_MAX = 1000
MAX_PHOTOS_PER_UPDATE = 4
MAX_PHOTOS_PER_PROBLEM = 12


class PhotoRefused(ReportRefused):
    field = "photos"


class NotAProblem(SelfCheckError):
    status = 404
    message = _l("There is no such problem on this self-check.")


def listed_problem(self_check: SelfCheck, number: int) -> SelfCheckItem:
    """The problem of item `number` on this self-check's list, else NotAProblem."""
    for item in self_check.problems:
        if item.number == number:
            return item
    raise NotAProblem()


def update_problem(
    self_check: SelfCheck,
    item: SelfCheckItem,
    progress: str,
    note: str,
    photos: list[bytes],
    version: int | None = None,
    now: datetime | None = None,
) -> None:
    """Record a problem's progress and photos; `rectified` is final and dated now."""
    _check_open(self_check)
    if version is not None and int(version) != self_check.version:
        raise StaleEdit()
    if item.progress == Progress.RECTIFIED and progress != Progress.RECTIFIED:
        raise AlreadyRectified()
    checked = _checked_photos(item, photos)
    was = item.progress
    if progress == Progress.RECTIFIED and was != Progress.RECTIFIED:
        item.rectified, item.rectified_at = True, now or utcnow()
    item.progress = Progress(progress).value
    item.progress_note = (note or "").strip()[:NOTE_MAX] or item.progress_note
    for data, processed in checked:
        item.photos.append(SelfCheckPhoto(**store_photo_files(data, processed)))
    self_check.updated_at = utcnow()
    db.session.flush()
    record_audit(
        None, "update_self_check_problem", self_check, item=item.number, before=was,
        after=item.progress, photos=len(checked),
    )  # fmt: skip


def close_self_check(self_check: SelfCheck, user, version: int | None) -> None:
    """The town closes a submitted self-check: its problem list no longer changes."""
    if version is not None and int(version) != self_check.version:
        raise StaleEdit()
    _check_open(self_check)
    self_check.closed_at = utcnow()
    self_check.closed_by_id = user.id
    open_left = [i.number for i in self_check.problems if i.progress != Progress.RECTIFIED]
    record_audit(user, "close_self_check", self_check, open_problems=open_left)


def is_rectified_on(self_check: SelfCheck, day) -> bool:
    """Every problem rectified by the end of this local day (no problem: False)."""
    problems = self_check.problems
    return bool(problems) and all(
        i.rectified_at is not None and clock.local_day(i.rectified_at) <= day for i in problems
    )


def _check_open(self_check: SelfCheck) -> None:
    if not self_check.is_submitted:
        raise NotSubmitted()
    if self_check.is_closed:
        raise Closed()


def _checked_photos(item: SelfCheckItem, photos: list[bytes]) -> list:
    """Every photo decoded before anything is stored; one bad photo refuses the update."""
    known = {p.sha256 for p in item.photos}
    unique = {hashlib.sha256(d).hexdigest(): d for d in photos if d}
    fresh = [(sha, data) for sha, data in unique.items() if sha not in known]
    if len(unique) > MAX_PHOTOS_PER_UPDATE or len(known) + len(fresh) > MAX_PHOTOS_PER_PROBLEM:
        raise PhotoRefused(
            _l(
                "Send at most %(count)s photos at a time, %(most)s for one problem.",
                count=MAX_PHOTOS_PER_UPDATE,
                most=MAX_PHOTOS_PER_PROBLEM,
            )
        )
    checked = []
    for number, (_sha, data) in enumerate(fresh, start=1):
        try:
            checked.append((data, decode_photo(data)))
        except ImageRejected as rejected:
            message = _l(
                "Photo %(n)s: %(problem)s Nothing was saved: choose the photos again.",
                n=number,
                problem=rejection_message(rejected.reason),
            )
            raise PhotoRefused(message) from rejected
    return checked
