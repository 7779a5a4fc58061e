"""The job queue: Huey, a small, well-kept task queue (pinned in requirements.txt).

Why Huey: one dependency with no broker of its own to run. Its storage follows the app's: a
SQLite file in instance/ by default (nothing more to install or start), Redis when QUEUE_URL (or
REDIS_URL) names one, and PostgreSQL (LISTEN/NOTIFY through psycopg 3, the app's own driver)
when QUEUE_URL is a postgresql:// URL. It retries with backoff, runs periodic tasks, and has an
immediate mode for tests. Celery and RQ need a broker; Dramatiq has no SQLite storage.

A job is enqueued when the transaction that asked for it commits, never before: the worker must
see the rows it renders, and a request that rolls back leaves nothing to render. The worker is
`flask --app wsgi jobs work` (scripts/serve.py starts it beside gunicorn).
"""

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app
from huey import Huey, PostgresHuey, RedisHuey, SqliteHuey, crontab
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

# A failed render is tried again after 10 s, then at growing intervals (backoff; about half a
# minute, then two): four attempts in all, then it waits for an admin (jobs.services).
RETRIES = 3
RETRY_DELAY = 10
RETRY_BACKOFF = 4
MAX_ATTEMPTS = RETRIES + 1
POLL_AT_MOST = 1.0  # seconds an idle worker waits between looks at a SQLite queue
_TO_ENQUEUE = "render_jobs_to_enqueue"
_COMMITTED = "render_jobs_committed"


@dataclass(frozen=True)
class Queue:
    """The app's Huey instance and its two tasks."""

    huey: Huey
    render: Callable  # render(job_id): enqueue the job
    sweep: Callable


def init_app(app: Flask, run: Callable[[int], None], sweep: Callable[[], None]) -> None:
    """Build the queue from the config; `run(job_id)` and `sweep()` run in an app context."""
    huey = make_huey(app)

    def render_job(job_id: int) -> None:
        with app.app_context():
            run(job_id)

    def sweep_jobs() -> None:
        with app.app_context():
            sweep()

    render = huey.task(
        retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=RETRY_BACKOFF, name="render"
    )(render_job)
    periodic = huey.periodic_task(crontab(minute="*"), name="sweep")(sweep_jobs)
    app.extensions["jobs"] = Queue(huey, render, periodic)


def make_huey(app: Flask) -> Huey:
    """SQLite in instance/ unless QUEUE_URL names Redis or PostgreSQL; immediate in tests."""
    url = app.config.get("QUEUE_URL") or ""
    name = queue_name(app.config["SQLALCHEMY_DATABASE_URI"])
    immediate = bool(app.config.get("QUEUE_IMMEDIATE"))
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, url=url, immediate=immediate)
    if url.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
        dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
        return PostgresHuey(name, dsn=dsn, immediate=immediate)
    if url and not url.startswith("sqlite:///"):
        raise RuntimeError("QUEUE_URL must start with redis://, postgresql:// or sqlite:///")
    path = url.removeprefix("sqlite:///") or os.path.join(app.instance_path, "queue.sqlite3")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    return SqliteHuey(name, filename=path, immediate=immediate)


def queue_name(database_uri: str) -> str:
    """One queue per database: job ids are rows of one database, so a worker must never take
    another's jobs (a copy of the app on another database sharing the file or the server)."""
    return "inspect-" + hashlib.sha256(database_uri.encode()).hexdigest()[:12]


def queue() -> Queue:
    return current_app.extensions["jobs"]


def enqueue_on_commit(session: Session, job) -> None:
    """Enqueue the job (a row) once the session's transaction commits; forgotten on rollback."""
    session.info.setdefault(_TO_ENQUEUE, []).append(job)


def enqueue_now(job_id: int) -> None:
    """Enqueue a committed job; a queue that cannot be reached is logged (the sweep retries)."""
    try:
        queue().render(job_id)
    except Exception:
        log.exception("render job %s could not be enqueued; the sweep will try again", job_id)


@event.listens_for(Session, "before_commit")
def _note_ids(session: Session) -> None:
    """The rows' ids, known once flushed; after the commit no SQL may run. A savepoint
    released (begin_nested) fires this too: the transaction goes on, so wait for its commit."""
    if session.in_nested_transaction():
        return
    jobs = session.info.pop(_TO_ENQUEUE, [])
    if jobs:
        session.flush()
        session.info[_COMMITTED] = [job.id for job in jobs if job.id is not None]


@event.listens_for(Session, "after_commit")
def _enqueue_committed(session: Session) -> None:
    if session.in_nested_transaction():  # only a savepoint: nothing is visible to others yet
        return
    for job_id in dict.fromkeys(session.info.pop(_COMMITTED, [])):
        enqueue_now(job_id)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint undone: the transaction's jobs stand
        return
    session.info.pop(_TO_ENQUEUE, None)
    session.info.pop(_COMMITTED, None)


def run_worker(workers: int = 1) -> None:
    """Drain the queue until SIGTERM (stop now) or SIGINT (finish the job in hand first)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    consumer = queue().huey.create_consumer(
        workers=workers, worker_type="thread", max_delay=POLL_AT_MOST, shutdown_timeout=60
    )
    consumer.run()
