"""What issuing costs the request now that the worker renders the PDF, against rendering it in
the request as before, beside a bare route.

Three ways, each on its own SQLite database, a few standard cases (with photos) issued one after
another through the real issue form (Flask's test client, in-process, like bench/issue.py):

- bare route: GET /healthz, the floor of a request;
- before: the record's two editions rendered inside the issuing transaction (the former
  store_record_pdfs, restored for the measurement), holding SQLite's write lock meanwhile;
- now: the issue enqueues a render job; the worker's time to render it is reported apart.

Reported: each request's median time, and how long the issuing transaction held the write lock
(BEGIN IMMEDIATE to COMMIT). Run: .venv/bin/python bench/issue_queue.py. Reports only.
"""

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
    """Issuing as before: both editions rendered and stored before the commit."""
    from inspect_app.issuing import services as issuing
    from inspect_app.records import services as records
    from inspect_app.records.models import Edition

    def store_now(inspection, revision):
        for edition in Edition:
            records._store_edition(inspection, revision, edition)

    issuing.request_revision_pdfs = store_now


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
    from inspect_app.jobs.queue import queue

    app = create_app(config(tempfile.mkdtemp(prefix=f"bench-issue-{mode}-")))
    with app.app_context():
        db.create_all()
        cases = ISSUE["ready_cases"](CASES)
    client = app.test_client()
    client.post("/login", data={"username": "bench0", "password": ISSUE["PASSWORD"]})
    if mode == "bare":
        return {"request": _timed(lambda: client.get("/healthz"), BARE_REQUESTS)}
    spans = lock_timer(app)
    times, locks, renders = [], [], []
    for case_id, version in cases:
        spans.clear()
        start = time.perf_counter()
        response = client.post(f"/inspections/{case_id}/issue", data={"version": version})
        times.append(time.perf_counter() - start)
        assert response.status_code == 302, response.status_code
        locks.append(max(spans))
        with app.app_context():
            huey = queue().huey
            start = time.perf_counter()
            while (task := huey.dequeue()) is not None:
                huey.execute(task)
            renders.append(time.perf_counter() - start)
    return {"request": times, "lock": locks, "render": renders if mode == "now" else None}


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
    bare = measure("bare")
    now = measure("now")
    render_in_the_transaction()
    before = measure("before")
    print(f"bare route /healthz             request median {_ms(bare['request'])}")
    print(
        f"issue, render in the request    request median {_ms(before['request'])}, "
        f"write lock held {_ms(before['lock'])}"
    )
    print(
        f"issue, render in the worker     request median {_ms(now['request'])}, "
        f"write lock held {_ms(now['lock'])}; the worker then renders in {_ms(now['render'])}"
    )


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a benchmark reports; it never fails the build
        traceback.print_exc()
        print("issue_queue bench failed (see above)")
