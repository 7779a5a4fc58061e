"""Six phones of one town issue their records at the same moment, on SQLite.

Baseline: one phone issuing alone (the same route, the same standard case). Each phone is its own
app with its own engine, as separate worker processes would be, and posts the real issue form
through Flask's test client. Issuing freezes the record and enqueues its PDF for the worker (not
run here; bench/issue_queue.py times it), still rendering the order notice in it; a phone
whose number was taken meanwhile freezes again. Reported: every request's time, the wall time
until all six are issued, the attempts repeated, and whether the numbers came out gapless.

Run: .venv/bin/python bench/issue.py. Reports only; always exits 0.
"""

import runpy
import statistics
import sys
import tempfile
import threading
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

PHONES = 6
PASSWORD = "bench-password-1"
RECORD = runpy.run_path(str(HERE / "record.py"))


def make_config(folder: str) -> dict:
    return {
        "SECRET_KEY": "bench-" + "x" * 40,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
        "STORAGE_DIR": f"{folder}/storage",
        "PUBLIC_BASE_URL": "https://inspect.example.gov.cn",
        "WTF_CSRF_ENABLED": False,
        "QUEUE_URL": f"sqlite:///{folder}/queue.sqlite3",  # never the instance's own queue
    }


def ready_cases(count: int) -> list[tuple[int, int]]:
    """`count` standard cases, complete and signed, not issued: (id, version) each."""
    from inspect_app.auth.services import create_user
    from inspect_app.extensions import db
    from inspect_app.inspections.services import open_inspection
    from inspect_app.regions.services import create_region
    from inspect_app.subjects.services import save_subject

    _keys_per_case()
    town = create_region("BT", "洋口镇")
    users = [
        create_user(f"bench{n}", PASSWORD, "inspector", town, name, cert)
        for n, (name, cert) in enumerate((("王建军", "32060012345"), ("李珺", "32060012346")))
    ]
    made = []
    for n in range(count):
        fields = RECORD["_subject_fields"](town.id)
        fields["name"] = f"{fields['name']} {n + 1} 号厂"
        fields["uscc"] = _uscc(f"91320623MA1XYW1{n:02d}")
        subject = save_subject(None, fields)
        case = open_inspection(
            subject,
            users[0],
            users,
            started_at=datetime(2026, 5, 12, 1, 30, tzinfo=UTC),
            place="如东县洋口镇化工园区",
            representative_name="顾建国",
            representative_position="主要负责人",
        )
        db.session.commit()
        RECORD["_fill"](case, users[0])
        made.append((case.id, case.version))
    return made


def _keys_per_case() -> None:
    """The standard case's photo keys are fixed; make them the case's own, as phones do."""
    from inspect_app.evidence import services

    store = services.store_photo

    def store_photo(case, user, data, *, idempotency_key, **fields):
        return store(case, user, data, idempotency_key=f"{case.id}-{idempotency_key}", **fields)

    services.store_photo = store_photo


def _uscc(body: str) -> str:
    from stdnum.cn import uscc

    return body + uscc.calc_check_digit(body)


def phone(config: dict, case: tuple[int, int], barrier, results: list) -> None:
    from inspect_app import create_app

    client = create_app(config).test_client()
    client.post("/login", data={"username": "bench0", "password": PASSWORD})
    barrier.wait()
    start = time.perf_counter()
    response = client.post(f"/inspections/{case[0]}/issue", data={"version": case[1]})
    results.append((time.perf_counter() - start, response.status_code))


def issue_at_once(config: dict, cases: list[tuple[int, int]]) -> tuple[list, float]:
    results: list = []
    barrier = threading.Barrier(len(cases), timeout=120)
    threads = [threading.Thread(target=phone, args=(config, c, barrier, results)) for c in cases]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - start


def count_renders():
    """Count issue attempts and refused claims."""
    from inspect_app.inspections import errors
    from inspect_app.inspections import services as cases
    from inspect_app.issuing import services

    counts = {"attempts": 0, "taken": 0}
    issue, claim = services.issue_record, cases.claim_case_seq

    def counted_issue(*args, **kwargs):
        counts["attempts"] += 1
        return issue(*args, **kwargs)

    def counted_claim(*args, **kwargs):
        try:
            return claim(*args, **kwargs)
        except errors.NumberTaken:
            counts["taken"] += 1
            raise

    services.issue_record, cases.claim_case_seq = counted_issue, counted_claim
    return counts


def main() -> None:
    from inspect_app import create_app
    from inspect_app.extensions import db
    from inspect_app.inspections.models import Inspection

    config = make_config(tempfile.mkdtemp(prefix="bench-issue-"))
    app = create_app(config)
    with app.app_context():
        db.create_all()
        alone, *together = ready_cases(PHONES + 1)
    counts = count_renders()
    [(baseline, status)], _ = issue_at_once(config, [alone])
    assert status == 302, status
    counts["attempts"] = 0
    results, wall = issue_at_once(config, together)
    with app.app_context():
        numbers = sorted(
            int(db.session.get(Inspection, case_id).case_number.rsplit("-", 1)[1])
            for case_id, _version in [alone, *together]
        )
    times = sorted(seconds for seconds, _status in results)
    print(f"one phone alone (baseline)      {baseline:.2f} s")
    print(
        f"{PHONES} phones at once               all issued after {wall:.2f} s "
        f"({wall / baseline:.1f}× one alone; {PHONES}× would be {PHONES * baseline:.2f} s)"
    )
    print(
        f"  each request                  median {statistics.median(times):.2f} s, "
        f"slowest {times[-1]:.2f} s; statuses {sorted({s for _t, s in results})}"
    )
    print(
        f"  issue attempts                {counts['attempts']} for {PHONES} records "
        f"({counts['taken']} numbers taken meanwhile, issued again)"
    )
    gapless = numbers == list(range(1, PHONES + 2))
    print(f"  case numbers                  {numbers} {'gapless' if gapless else 'NOT GAPLESS'}")


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a benchmark reports; it never fails the build
        traceback.print_exc()
        print("issue bench failed (see above)")
