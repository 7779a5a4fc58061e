"""The header's unread count beside the pages that show it, on the demo data (in-process).

Every signed-in page shows the inbox's unread count; this times that count alone and the pages
it sits on, per demo user, with the Flask test client (server time, no network). Prints the
median and p95 of `--runs` requests or calls.

With `--sqlite FILE` (a database bench/bigdata.py filled, e.g. a million cases) it times the
same for bigdata's inspector and supervisors instead, at the wall clock's today.

Run: .venv/bin/python bench/inbox_count.py [--runs 40] [--sqlite FILE]. Reports only; exits 0.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import time_machine

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from scale import make_app, p95  # noqa: E402

USERS = ("zhang.wei", "zhou.min", "chen.jie")  # inspector, town supervisor, county supervisor
PAGES = ("/", "/inspections/", "/inbox/")
FROZEN_AT = "2026-11-18 10:30:00+08:00"  # as the tests


def _times(call, runs: int) -> str:
    call()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return f"median {statistics.median(times) * 1000:6.1f} ms   p95 {p95(times) * 1000:6.1f} ms"


def _get(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--sqlite", default="", help="a SQLite file bench/bigdata.py filled")
    args = parser.parse_args()
    if args.sqlite:
        from bigdata import BENCH_USERS, PASSWORD

        app = make_app(f"sqlite:///{Path(args.sqlite).resolve()}")
        users = [username for username, _role, _region in BENCH_USERS.values()]
        _measure(app, users, PASSWORD, args.runs)
        return 0
    from inspect_app.demo import DEMO_PASSWORD, seed_demo
    from inspect_app.extensions import db

    folder = tempfile.mkdtemp(prefix="bench-inbox-")
    app = make_app(f"sqlite:///{folder}/demo.sqlite3")
    with time_machine.travel(FROZEN_AT, tick=False), app.app_context():
        db.create_all()
        seed_demo()
        db.session.commit()
    with time_machine.travel(FROZEN_AT, tick=False):
        _measure(app, USERS, DEMO_PASSWORD, args.runs)
    return 0


def _measure(app, usernames, password: str, runs: int) -> None:
    from inspect_app.auth.models import User
    from inspect_app.extensions import db
    from inspect_app.inbox.services import unread_count

    for username in usernames:
        with app.app_context():  # pages outside it: each request its own context and `g`
            user = db.session.query(User).filter_by(username=username).one()
            print(f"{username}: unread {unread_count(user)}")
            print(f"  {'header count alone':16} {_times(lambda u=user: unread_count(u), runs)}")
            db.session.remove()
        client = app.test_client()
        client.post("/login", data={"username": username, "password": password})
        for page in PAGES:
            print(f"  {page:18} {_times(lambda c=client, p=page: _get(c, p), runs)}")


if __name__ == "__main__":
    sys.exit(main())
