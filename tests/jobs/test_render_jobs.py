"""PDFs leave the request and the issuing transaction: the issue commits, a queued job renders
the record's two editions, and the pages say 生成中 (and look again) until it has.

These tests run a real queue (SQLite, as `make run` does by default), drained by hand or by a
real consumer; the rest of the suite runs jobs immediately as each commit enqueues them.
"""

import hashlib
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection, Revision
from inspect_app.issuing.services import issue_record
from inspect_app.jobs.models import RenderJob
from inspect_app.jobs.queue import queue
from inspect_app.jobs.services import run_job, sweep_jobs
from inspect_app.records import services
from inspect_app.records.models import Edition, RecordFile
from inspect_app.storage import storage
from tests.pages import parse
from tests.records import helpers
from tests.records.helpers import pdf_pages

pytestmark = pytest.mark.queued  # renders wait for the worker (tests/conftest.py)


@pytest.fixture
def renders(monkeypatch) -> list:
    """Every record render: (revision number or None for a draft, edition)."""
    calls = []
    real = services.render_record_document

    def spy(inspection, revision, fetcher=None, edition=Edition.FULL):
        calls.append((revision.number if revision else None, str(edition)))
        return real(inspection, revision, fetcher, edition)

    monkeypatch.setattr(services, "render_record_document", spy)
    return calls


def drain() -> int:
    """Run every job the queue holds now, as the worker would; returns how many ran."""
    huey = queue().huey
    ran = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        ran += 1
    db.session.expire_all()
    return ran


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _issue(client, case):
    return client.post(f"/inspections/{case.id}/issue", data={"version": case.version})


def test_the_issue_commits_without_rendering_and_the_worker_renders_after(
    client, login, world, renders
):
    case = helpers.complete_case(world, photos=1)
    login(world.inspector_a)
    assert _issue(client, case).status_code == 302
    case = db.session.get(Inspection, case.id)
    assert not case.is_draft and case.revision == 1  # committed
    assert renders == [] and _count(RecordFile) == 0  # nothing rendered in the request
    job = db.session.scalar(select(RenderJob).filter_by(kind="record"))
    assert (job.kind, job.key, job.status) == ("record", "r1", "pending")
    assert drain() == 2  # the record and the order notice (documents render in the worker too)
    assert sorted(renders) == [(1, "full"), (1, "public")]
    assert {f.edition for f in services.record_files(case)} == {"full"}
    assert services.record_file(case, edition=Edition.PUBLIC) is not None
    assert db.session.get(RenderJob, job.id).status == "done"


def test_the_stored_pdf_is_byte_for_byte_the_synchronous_render(client, login, world):
    case = helpers.complete_case(world, photos=2)
    login(world.inspector_a)
    _issue(client, case)
    hash_before = db.session.get(Inspection, case.id).record_sha256
    drain()
    case = db.session.get(Inspection, case.id)
    revision = db.session.scalar(select(Revision).filter_by(inspection_id=case.id))
    for edition in Edition:
        stored = services.record_file(case, edition=edition)
        here = services.render_record_document(case, revision, edition=edition).data
        assert stored.sha256 == hashlib.sha256(here).hexdigest()
        assert storage().read(stored.storage_key) == here
    assert case.record_sha256 == hash_before == revision.sha256
    assert services.record_file(case).created_at == revision.created_at


def test_pages_say_generating_until_the_pdf_is_stored(client, login, world):
    case = helpers.complete_case(world, photos=0)
    login(world.inspector_a)
    _issue(client, case)
    case = db.session.get(Inspection, case.id)

    page = parse(client.get(f"/inspections/{case.id}"))
    assert page.select_one('meta[http-equiv="refresh"]')["content"] == "3"
    assert page.select_one(".record-links .pdf-pending") is not None
    assert page.select_one(f'a[href="/inspections/{case.id}/record.pdf"]') is None
    waiting = client.get(f"/inspections/{case.id}/record.pdf")
    assert waiting.status_code == 202 and waiting.headers["Retry-After"] == "3"
    assert parse(waiting).select_one('meta[http-equiv="refresh"]') is not None

    public = f"/c/{case.public_token}"
    page = parse(client.get(public))
    assert page.select_one('meta[http-equiv="refresh"]') is not None
    assert page.select_one("#record .pdf-pending") is not None
    assert client.get(f"{public}/revisions/1.pdf").status_code == 202

    drain()
    page = parse(client.get(f"/inspections/{case.id}"))
    assert page.select_one('meta[http-equiv="refresh"]') is None
    assert page.select_one(".pdf-pending") is None
    assert page.select_one(f'a[href="/inspections/{case.id}/record.pdf"]') is not None
    ready = client.get(f"/inspections/{case.id}/record.pdf")
    assert ready.status_code == 200 and ready.mimetype == "application/pdf"
    page = parse(client.get(public))
    assert page.select_one('meta[http-equiv="refresh"]') is None
    assert page.select_one(f'a[href="{public}/revisions/1.pdf"]') is not None
    assert client.get(f"{public}/revisions/1.pdf").status_code == 200


def test_a_failed_render_is_retried_with_backoff_and_shown_to_admins(
    client, login, world, monkeypatch
):
    case = helpers.complete_case(world, photos=0)
    real = services.render_document
    failures = []

    def flaky(*args, **kwargs):
        if not failures:
            failures.append(1)
            raise OSError("disk hiccup")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "render_document", flaky)
    login(world.inspector_a)
    _issue(client, case)
    drain()
    job = db.session.scalar(select(RenderJob).filter_by(kind="record"))
    assert job.status == "failed" and "disk hiccup" in job.error and job.attempts == 1
    retries = queue().huey.scheduled()
    assert len(retries) == 1 and retries[0].retries == 2  # 3 retries, one used
    assert 5 < (retries[0].eta - job.updated_at.replace(tzinfo=None)).total_seconds() <= 11
    page = parse(client.get(f"/inspections/{case.id}"))
    assert "failed" in page.select_one(".pdf-pending")["class"][-1] or page.select_one(
        ".pdf-pending.notice-error"
    )

    client.post("/logout")
    login(world.admin)
    page = parse(client.get("/admin/render-jobs"))
    rows = page.select(".render-job-failed")
    assert len(rows) == 1 and "disk hiccup" in rows[0].select_one(".render-job-error").text
    form = rows[0].select_one("form")
    assert client.post(form["action"]).status_code == 302
    assert db.session.get(RenderJob, job.id).status == "pending"
    drain()
    assert db.session.get(RenderJob, job.id).status == "done"
    assert services.record_file(db.session.get(Inspection, case.id)) is not None
    assert parse(client.get("/admin/render-jobs")).select(".render-job") == []


def test_rendering_gives_up_after_four_attempts(world, monkeypatch):
    case = helpers.complete_case(world, photos=0)

    def broken(*args, **kwargs):
        raise RuntimeError("renderer down")

    monkeypatch.setattr(services, "render_document", broken)
    issue_record(case, world.inspector_a)
    db.session.commit()
    job_id = db.session.scalar(select(RenderJob.id).filter_by(kind="record"))
    huey = queue().huey
    tasks = []
    while (task := huey.dequeue()) is not None:  # the record's and the order notice's
        tasks.append(task)
    (first,) = [t for t in tasks if t.args[0] == job_id]
    for task in tasks:
        if task is not first:
            huey.execute(task)  # the order notice renders (seconds) before the clock is read
    at = utcnow().replace(tzinfo=None)  # Huey's naive UTC
    huey.execute(first, timestamp=at)
    waits = []
    for _ in range(3):  # each retry at its time, without waiting for it
        (retry,) = huey.scheduled()
        waits.append(round((retry.eta - at).total_seconds()))
        huey.storage.flush_schedule()
        at = retry.eta
        huey.execute(retry, timestamp=at)
    assert waits[0] == 10 and waits[0] < waits[1] < waits[2]  # backoff
    assert huey.scheduled() == [] and huey.pending() == []
    db.session.expire_all()
    job = db.session.get(RenderJob, job_id)
    assert job.status == "failed" and job.attempts == 4


def test_enqueued_twice_or_issued_twice_it_renders_once(client, login, world, renders):
    case = helpers.complete_case(world, photos=0)
    login(world.inspector_a)
    _issue(client, case)
    assert _issue(client, case).status_code in (302, 404, 409)  # the double tap
    job_id = db.session.scalar(select(RenderJob.id).filter_by(kind="record"))
    queue().render(job_id)  # enqueued again, e.g. by the sweep
    assert _count(RenderJob) == 2 and drain() == 3  # beside it, the order notice's job
    assert len(renders) == 2  # two editions, once
    run_job(job_id)  # a job for a record already rendered is a no-op
    assert len(renders) == 2 and _count(RecordFile) == 2


def test_a_rolled_back_issue_enqueues_nothing(world):
    case = helpers.complete_case(world, photos=0)
    issue_record(case, world.inspector_a)
    db.session.rollback()
    assert queue().huey.pending_count() == 0 and _count(RenderJob) == 0


def test_the_draft_preview_waits_then_is_served_from_the_worker(client, login, world, renders):
    case = helpers.complete_case(world, photos=1)
    login(world.inspector_a)
    url = f"/inspections/{case.id}/preview.pdf"
    waiting = client.get(url)
    assert waiting.status_code == 202 and renders == []
    assert parse(waiting).select_one('meta[http-equiv="refresh"]') is not None
    assert client.get(url).status_code == 202 and _count(RenderJob) == 1  # asked once
    drain()
    ready = client.get(url)
    assert ready.status_code == 200 and ready.mimetype == "application/pdf"
    assert all("草稿" in page for page in pdf_pages(ready.data))
    assert client.get(url).data == ready.data and renders == [(None, "full")]  # kept
    assert services.record_files(case) == []

    helpers.add_photos(db.session.get(Inspection, case.id), world.inspector_a, 1)
    db.session.commit()
    assert client.get(url).status_code == 202  # the draft changed: rendered again
    drain()
    assert client.get(url).status_code == 200 and len(renders) == 2
    assert _count(RenderJob) == 1  # the older preview is forgotten


def test_a_real_consumer_drains_the_queue(client, login, world):
    case = helpers.complete_case(world, photos=0)
    consumer = queue().huey.create_consumer(workers=1, worker_type="thread", periodic=False)
    consumer.start()
    try:
        login(world.inspector_a)
        _issue(client, case)
        deadline = time.monotonic() + 120
        while _count(RecordFile) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            db.session.rollback()
    finally:
        consumer.stop(graceful=True)
    assert _count(RecordFile) == 2
    assert db.session.scalar(select(RenderJob.status)) == "done"
    assert threading.active_count() >= 1


def test_the_sweep_queues_again_a_job_whose_message_was_lost(client, login, world, clock):
    case = helpers.complete_case(world, photos=0)
    login(world.inspector_a)
    _issue(client, case)
    huey = queue().huey
    huey.flush()  # the queue lost the message (it was down at the commit, say)
    assert sweep_jobs() == 0  # too young to be called lost
    clock.shift(timedelta(minutes=3))
    assert sweep_jobs() == 2 and huey.pending_count() == 2  # the record, the order notice
    assert sweep_jobs() == 0  # not again before its time
    drain()
    assert set(db.session.scalars(select(RenderJob.status))) == {"done"}
