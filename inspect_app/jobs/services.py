"""Asking for a render, running it in the worker, and what the admins see of it.

The worker claims a job by one UPDATE (pending or failed → running), so a job enqueued twice,
or by two workers, renders once; a job found done is a no-op. What a kind of job does is
registered by the feature that owns it (records: the revisions and the draft previews).
"""

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError
from inspect_app.inspections.models import Inspection
from inspect_app.jobs.models import JobStatus, RenderJob
from inspect_app.jobs.queue import MAX_ATTEMPTS, enqueue_now, enqueue_on_commit

log = logging.getLogger(__name__)

Handler = Callable[[RenderJob], str | None]  # renders and stores; returns a stored key or None
STUCK_AFTER = timedelta(minutes=3)  # a running job this old lost its worker (renders take s)
LOST_AFTER = timedelta(minutes=2)  # a pending job this old lost its message
ERROR_LOCALE = "zh_Hans"
FIRST_REFRESH = 3  # seconds: a PDF renders in one or two
LATER_REFRESH = 30  # once it has taken longer than a minute, look less often
PATIENCE = timedelta(minutes=1)


@dataclass(frozen=True)
class Pending:
    """A PDF the worker has not stored yet: when the page looks again, and whether the last
    attempt failed (it is retried)."""

    refresh: int
    failed: bool
    unprintable: str | None = None  # characters no font has (the content must change)
    problem: str | None = None  # why it failed for good (the content), for the user


def pending_of(job: RenderJob) -> Pending:
    """What a page says of a job not done: 生成中, looking again sooner or later."""
    slow = job.status == JobStatus.FAILED or utcnow() - job.created_at > PATIENCE
    refresh = LATER_REFRESH if slow else FIRST_REFRESH
    failed = job.status == JobStatus.FAILED
    problem = job.error if failed and job.permanent else None
    return Pending(refresh, failed, job.unprintable, problem)


def request_render(kind: str, inspection_id: int, key: str) -> RenderJob:
    """A new job for a target nothing rendered yet (a revision just frozen), enqueued when the
    caller's transaction commits. Flushes nothing: issuing claims its number first."""
    now = utcnow()
    job = RenderJob(
        kind=kind,
        inspection_id=inspection_id,
        key=key,
        status=JobStatus.PENDING,
        attempts=0,
        created_at=now,
        updated_at=now,
    )
    db.session.add(job)
    enqueue_on_commit(db.session(), job)
    return job


def ensure_render(kind: str, inspection_id: int, key: str) -> RenderJob:
    """The job rendering this target: the existing one, or a new one (see request_render);
    one asked for at the same instant by another request is found. Flushes."""
    job = find_job(kind, inspection_id, key)
    if job is not None:
        return job
    try:
        with db.session.begin_nested():
            job = request_render(kind, inspection_id, key)
    except IntegrityError:
        return find_job(kind, inspection_id, key)
    return job


def find_job(kind: str, inspection_id: int, key: str) -> RenderJob | None:
    query = select(RenderJob).filter_by(kind=kind, inspection_id=inspection_id, key=key)
    return db.session.scalar(query)


def run_job(job_id: int) -> None:
    """Render one job in the worker, unless it is done or held by another worker. An error
    the content causes (CaseError) fails it for good; any other is raised to be retried."""
    if not _claim(job_id):
        return
    job = db.session.get(RenderJob, job_id)
    handler = current_app.extensions["render_handlers"][job.kind]
    try:
        result = handler(job)
    except CaseError as error:
        _fail(job_id, error, permanent=True)
        return
    except Exception as error:
        _fail(job_id, error, permanent=False)
        raise
    job.status, job.result_key, job.updated_at = JobStatus.DONE, result, utcnow()
    job.error, job.unprintable, job.permanent = None, None, False
    db.session.commit()


def _claim(job_id: int) -> bool:
    now = utcnow()
    claim = (
        update(RenderJob)
        .where(
            RenderJob.id == job_id,
            or_(
                RenderJob.status.in_([JobStatus.PENDING, JobStatus.FAILED]),
                and_(
                    RenderJob.status == JobStatus.RUNNING, RenderJob.updated_at < now - STUCK_AFTER
                ),
            ),
        )
        .values(status=JobStatus.RUNNING, attempts=RenderJob.attempts + 1, updated_at=now)
    )
    claimed = db.session.execute(claim).rowcount == 1
    db.session.commit()
    return claimed


def _fail(job_id: int, error: Exception, permanent: bool) -> None:
    """Note the failure: a CaseError's own message (for the user too), else the exception."""
    db.session.rollback()
    with force_locale(ERROR_LOCALE):
        text = str(error.message) if permanent else f"{type(error).__name__}: {error}"
    log.warning("render job %s failed: %s", job_id, text)
    characters = getattr(error, "characters", None)
    job = db.session.get(RenderJob, job_id)
    job.status, job.error, job.updated_at = JobStatus.FAILED, text[:2000], utcnow()
    job.permanent = permanent
    job.unprintable = "".join(characters)[:200] if characters else None
    db.session.commit()


def will_retry(job: RenderJob) -> bool:
    """A failed job the queue tries again by itself (not one the content made fail)."""
    return job.status == JobStatus.FAILED and not job.permanent and job.attempts < MAX_ATTEMPTS


def retry_job(job: RenderJob) -> None:
    """An admin's retry: back to pending, enqueued when the caller commits."""
    job.status, job.updated_at, job.permanent = JobStatus.PENDING, utcnow(), False
    enqueue_on_commit(db.session(), job)


def open_jobs(region_ids: Collection[int] | None = None) -> list[RenderJob]:
    """Every job not done (of cases in these regions), failed ones first, oldest first."""
    query = select(RenderJob).where(RenderJob.status != JobStatus.DONE)
    if region_ids is not None:
        query = query.join(Inspection).where(Inspection.region_id.in_(region_ids))
    jobs = db.session.scalars(query.order_by(RenderJob.created_at, RenderJob.id))
    return sorted(jobs, key=lambda job: job.status != JobStatus.FAILED)


def open_job(job_id: int, region_ids: Collection[int]) -> RenderJob | None:
    """One job not done, of a case in these regions, or None."""
    job = db.session.get(RenderJob, job_id)
    if job is None or job.status == JobStatus.DONE:
        return None
    inspection = db.session.get(Inspection, job.inspection_id)
    return job if inspection.region_id in region_ids else None


def sweep_jobs() -> int:
    """Enqueue again the jobs whose message was lost (the queue was down at commit, or the
    worker died holding them); runs every minute in the worker. Returns how many."""
    now = utcnow()
    query = select(RenderJob.id).where(
        or_(
            and_(RenderJob.status == JobStatus.PENDING, RenderJob.updated_at < now - LOST_AFTER),
            and_(RenderJob.status == JobStatus.RUNNING, RenderJob.updated_at < now - STUCK_AFTER),
        )
    )
    ids = list(db.session.scalars(query))
    if ids:  # not again before LOST_AFTER, however long the queue's backlog
        db.session.execute(update(RenderJob).where(RenderJob.id.in_(ids)).values(updated_at=now))
    db.session.commit()
    for job_id in ids:
        enqueue_now(job_id)
    return len(ids)
