"""Time the monthly report (附件3) over 100,000 inspections against the budget (≤ 0.5 s).

Seeds, by bulk core inserts: a county with 10 towns and a second county with 2, 3,000 subjects,
100,000 cases over twelve months (5 % drafts), a penalty on about 10 % of the cases (unit or
person; 15 % of them revoked). Then builds 附件3 for the first county and one month ~20 times
and prints the median and p90, and checks that the query plans use the indexes.

Runs on SQLite (a temp file) and, when 127.0.0.1:5432 answers, on PostgreSQL in a database
named `bench` (created if missing; rebuilt on each run).

Run: .venv/bin/python bench/report.py [--runs N] [--cases N]. Reports only; always exits 0.
"""

import argparse
import os
import random
import socket
import statistics
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

BUDGET_SECONDS = 0.5
MONTH = "2026-06"
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/"
TOWNS, OTHER_TOWNS, SUBJECTS = 10, 2, 3000


def make_app(uri: str):
    from inspect_app import create_app

    folder = tempfile.mkdtemp(prefix="bench-report-")
    return create_app(
        {
            "SECRET_KEY": "bench-" + "x" * 40,
            "SQLALCHEMY_DATABASE_URI": uri,
            "STORAGE_DIR": f"{folder}/storage",
        }
    )


def seed(cases: int, rng: random.Random) -> None:
    """Regions, two users, subjects, cases and penalties, by executemany inserts."""
    from sqlalchemy import insert

    from inspect_app.auth.models import User
    from inspect_app.extensions import db
    from inspect_app.inspections.models import Inspection
    from inspect_app.penalties.models import Penalty
    from inspect_app.regions.models import Region
    from inspect_app.subjects.models import Subject

    regions = [{"id": 1, "code": "320623", "name": "如东县", "parent_id": None}]
    regions += [
        {"id": 1 + n, "code": f"320623{100 + n}", "name": f"第{n}镇", "parent_id": 1}
        for n in range(1, TOWNS + 1)
    ]
    other = TOWNS + 2
    regions.append({"id": other, "code": "320681", "name": "启东市", "parent_id": None})
    regions += [
        {"id": other + n, "code": f"320681{100 + n}", "name": f"启东第{n}镇", "parent_id": other}
        for n in range(1, OTHER_TOWNS + 1)
    ]
    towns = [r["id"] for r in regions if r["parent_id"] is not None]
    db.session.execute(insert(Region), regions)
    db.session.execute(insert(User), [_user(1, 2), _user(2, other + 1)])
    subjects = [_subject(n, rng.choice(towns)) for n in range(1, SUBJECTS + 1)]
    db.session.execute(insert(Subject), subjects)
    region_of = {s["id"]: s["region_id"] for s in subjects}
    rows, penalties = _cases(cases, region_of, rng)
    for start in range(0, len(rows), 10_000):
        db.session.execute(insert(Inspection), rows[start : start + 10_000])
    db.session.execute(insert(Penalty), penalties)
    db.session.commit()


def _user(n: int, region_id: int) -> dict:
    return {
        "id": n,
        "username": f"bench{n}",
        "display_name": f"bench{n}",
        "role": "inspector",
        "region_id": region_id,
        "password_hash": "x",
        "session_token": f"bench-token-{n}",
    }


def _subject(n: int, region_id: int) -> dict:
    return {
        "id": n,
        "kind": "production_unit",
        "name": f"如东测试企业{n:05d}有限公司",
        "uscc": f"91320623{n:09d}X",
        "region_id": region_id,
    }


def _cases(count: int, region_of: dict, rng: random.Random) -> tuple[list, list]:
    zone = ZoneInfo("Asia/Shanghai")
    first = datetime(2026, 1, 1, tzinfo=zone).astimezone(UTC)
    seconds = 365 * 24 * 3600
    cases, penalties = [], []
    for n in range(1, count + 1):
        subject = rng.randint(1, SUBJECTS)
        started = first + timedelta(seconds=rng.randrange(seconds))
        draft = rng.random() < 0.05
        cases.append(
            {
                "id": n,
                "subject_id": subject,
                "region_id": region_of[subject],
                "campaign": "training-formality-2021",
                "catalog_version": 1,
                "status": "draft" if draft else rng.choice(("issued", "rectifying", "closed")),
                "started_at": started,
                "place": "现场",
                "representative_name": "代表",
                "representative_position": "主要负责人",
                "case_number": None if draft else f"B{n:07d}",
                "issued_at": None if draft else started + timedelta(hours=3),
                "created_by_id": 1,
            }
        )
        if rng.random() < 0.10:
            penalties.append(_penalty(len(penalties) + 1, n, started, rng))
    return cases, penalties


def _penalty(n: int, case_id: int, started: datetime, rng: random.Random) -> dict:
    person = rng.random() < 0.3
    return {
        "id": n,
        "inspection_id": case_id,
        "party": "person" if person else "unit",
        "person_name": "某某" if person else None,
        "violation": "未如实记录安全生产教育和培训情况",
        "basis_code": "TR-29",
        "fine_yuan": rng.choice((2000, 5000, 10000, 20000, 30000)),
        "client_key": f"bench-{n}",
        "created_by_id": 1,
        "revoked_at": started + timedelta(days=20) if rng.random() < 0.15 else None,
    }


def measure(runs: int) -> list[float]:
    from inspect_app.extensions import db
    from inspect_app.regions.services import find_region
    from inspect_app.stats.services import form3_report

    county = find_region("320623")
    form3_report(county, MONTH)  # warm: statement cache, catalog pages
    times = []
    for _ in range(runs):
        db.session.expire_all()
        start = time.perf_counter()
        report = form3_report(county, MONTH)
        times.append(time.perf_counter() - start)
    print(
        f"  {MONTH}: {report.inspected} enterprises inspected, "
        f"{report.penalized_count} penalized, {report.fine_total:,} yuan"
    )
    return times


def plans() -> list[tuple[str, str]]:
    """The plan of each 附件3 query: (query, plan text)."""
    from sqlalchemy import text

    from inspect_app.clock import Period
    from inspect_app.extensions import db
    from inspect_app.inspections.queries import month_bounds
    from inspect_app.regions.services import find_region, subtree_ids
    from inspect_app.stats import queries

    county = find_region("320623")
    ids = subtree_ids(county.id)
    units = {rid: rid for rid in ids}
    start, end = month_bounds(MONTH)
    sqlite = db.engine.dialect.name == "sqlite"
    found = []
    statements = {
        "inspected": queries.inspected_query(units, start, end),
        "penalized": queries.penalized_query(units, Period.of_month(MONTH)),
    }
    for name, statement in statements.items():
        compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
        prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
        rows = db.session.execute(text(prefix + str(compiled))).all()
        found.append((name, "\n".join(" ".join(str(c) for c in row) for row in rows)))
    return found


def run(label: str, uri: str, cases: int, runs: int) -> None:
    from inspect_app.extensions import db

    app = make_app(uri)
    with app.app_context():
        db.drop_all()
        db.create_all()
        start = time.perf_counter()
        seed(cases, random.Random(20260601))
        print(f"{label}: seeded {cases:,} cases in {time.perf_counter() - start:.1f} s")
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        times = sorted(measure(runs))
        median, p90 = statistics.median(times), times[max(0, round(0.9 * len(times)) - 1)]
        verdict = "within" if p90 <= BUDGET_SECONDS else "OVER"
        print(
            f"  附件3, one county, one month, {runs} runs: median {median * 1000:.1f} ms, "
            f"p90 {p90 * 1000:.1f} ms ({verdict} the {BUDGET_SECONDS} s budget)"
        )
        for name, plan in plans():
            used = "ix_inspection_region_issued_subject" in plan
            print(f"  plan of the {name} query uses ix_inspection_region_issued_subject: {used}")
            for line in plan.splitlines():
                print(f"      {line}")
        db.session.remove()
        db.drop_all()


def postgres_uri() -> str | None:
    """The bench database on the local server, created if missing; None if no server."""
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        return None
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_SERVER + "postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = 'bench'"))
        if not exists:
            connection.execute(text("CREATE DATABASE bench"))
    engine.dispose()
    return PG_SERVER + "bench"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cases", type=int, default=100_000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-report-db-")
    run("SQLite", f"sqlite:///{os.path.join(folder, 'bench.sqlite3')}", args.cases, args.runs)
    uri = postgres_uri()
    if uri is None:
        print("PostgreSQL: no server on 127.0.0.1:5432; skipped")
    else:
        run("PostgreSQL", uri, args.cases, args.runs)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:
        traceback.print_exc()
        print("report bench failed (see above)")
        sys.exit(0)
