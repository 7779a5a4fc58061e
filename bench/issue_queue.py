"""What issuing costs the request now that the worker renders the PDF, against rendering it in
the request as before, beside a bare route.

Three ways, each on its own SQLite database, a few standard cases (with photos) issued one after
another through the real issue form (Flask's test client, in-process, like bench/issue.py):

- bare route: GET /healthz, the floor of a request;
- before: the record's two editions and the order notice's two rendered inside the issuing
  transaction (as the code did, restored for the measurement), holding SQLite's write lock;
- now: the issue enqueues render jobs (the record, the order notice); the worker's time to
  render each kind is reported apart.

Reported: each request's median wall and CPU time, how long the issuing transaction held the
write lock (BEGIN IMMEDIATE to COMMIT), and the machine's load average before and after.
Run: .venv/bin/python bench/issue_queue.py. Reports only.
"""

import os
import runpy
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

CASES = 4
BARE_REQUESTS = 50
ISSUE = runpy.run_path(str(HERE / "issue.py"))


def config(folder: str) -> dict:
    return ISSUE["make_config"](folder)  # its own queue beside its database


def render_in_the_transaction() -> None:
    """Issuing as before: the record's editions and the documents' rendered and stored before
    the commit."""
    from types import SimpleNamespace

    from inspect_app.documents import jobs as document_jobs
    from inspect_app.documents import services as documents
    from inspect_app.issuing import services as issuing
    from inspect_app.records import services as records
    from inspect_app.records.models import Edition

    def store_now(inspection, revision):
        for edition in Edition:
            records._store_edition(inspection, revision, edition)

    def document_now(kind, inspection_id, key):
        document_jobs.render_document_job(SimpleNamespace(key=key))

    issuing.request_revision_pdfs = store_now
    documents.request_render = document_now


def lock_timer(app) -> list[float]:
    """The length of every transaction that wrote (SQLite holds the write lock throughout)."""
    from sqlalchemy import event

    from inspect_app.extensions import db

    spans, started = [], {}
    with app.app_context():
        engine = db.engine
    event.listen(engine, "begin", lambda conn: started.__setitem__(id(conn), time.perf_counter()))

    def committed(conn):
        if id(conn) in started:
            spans.append(time.perf_counter() - started.pop(id(conn)))

    event.listen(engine, "commit", committed)
    return spans


def measure(mode: str) -> dict:
    from inspect_app import create_app
    from inspect_app.extensions import db

    app = create_app(config(tempfile.mkdtemp(prefix=f"bench-issue-{mode}-")))
    with app.app_context():
        db.create_all()
        cases = ISSUE["ready_cases"](CASES)
    client = app.test_client()
    client.post("/login", data={"username": "bench0", "password": ISSUE["PASSWORD"]})
    if mode == "bare":
        return {"request": _timed(lambda: client.get("/healthz"), BARE_REQUESTS)}
    spans = lock_timer(app)
    times, cpu, locks, renders = [], [], [], {}
    for case_id, version in cases:
        spans.clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.post(f"/inspections/{case_id}/issue", data={"version": version})
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert response.status_code == 302, response.status_code
        locks.append(max(spans))
        with app.app_context():
            _drain(renders)
    return {"request": times, "cpu": cpu, "lock": locks, "render": renders}


def _drain(renders: dict) -> None:
    """Run the queued jobs as the worker would, timing each by its kind."""
    from inspect_app.extensions import db
    from inspect_app.jobs.models import RenderJob
    from inspect_app.jobs.queue import queue

    huey = queue().huey
    while (task := huey.dequeue()) is not None:
        kind = db.session.get(RenderJob, task.args[0]).kind
        db.session.rollback()
        start = time.perf_counter()
        huey.execute(task)
        renders.setdefault(kind, []).append(time.perf_counter() - start)


def _timed(call, count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.0f} ms"


def main() -> None:
    load_before = os.getloadavg()[0]
    bare = measure("bare")
    now = measure("now")
    render_in_the_transaction()
    before = measure("before")
    print(f"machine load (1 min) {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
    print(f"bare route /healthz             request median {_ms(bare['request'])}")
    for label, run in (("in the request", before), ("in the worker ", now)):
        print(
            f"issue, render {label}  request median {_ms(run['request'])} "
            f"(CPU {_ms(run['cpu'])}), write lock held {_ms(run['lock'])}"
        )
    for kind, values in sorted(now["render"].items()):
        print(f"  worker, one {kind:<8} job      median {_ms(values)} (both editions)")


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a benchmark reports; it never fails the build
        traceback.print_exc()
        print("issue_queue bench failed (see above)")
