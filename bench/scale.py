"""Time the main pages at 10k and at 1M cases, beside a bare route and a raw SQL aggregate.

For each backend (SQLite in a temp file; PostgreSQL when 127.0.0.1:5432 answers), fills the
database with bench/bigdata.py at each size, signs in as an inspector, a town supervisor and
the county supervisor, and requests each page `--runs` times in-process (the Flask test
client: server time, no network). Prints the p95 per page at each size and the ratio 1M / 10k
against the goal (≤ 1.3×), beside:
- `/healthz`, a route that touches no table (what the framework costs);
- a raw aggregate, `SELECT COUNT(*)` of one town's cases in a month (what the database costs).
The machine's load average is printed with each table: on a busy machine the figures are floors.

Run: .venv/bin/python bench/scale.py [--runs N] [--small N] [--large N]
     [--sqlite-large FILE] [--pg-database NAME]   (reuse a database bigdata.py already filled)
Reports only; always exits 0.
"""

import argparse
import os
import socket
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import bigdata  # noqa: E402

GOAL = 1.3
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/"
CASE = "{case}"
# (label, user key in bigdata.BENCH_USERS, path)
PAGES = (
    ("home, inspector", "inspector", "/"),
    ("home, town supervisor", "town", "/"),
    ("home, county supervisor", "county", "/"),
    ("case list, inspector", "inspector", "/inspections/"),
    ("case list, town supervisor", "town", "/inspections/"),
    ("case list, county supervisor", "county", "/inspections/"),
    ("case list, county, issued", "county", "/inspections/?status=issued"),
    ("case list, county, page 2", "county", "NEXT"),
    ("case list, county, overdue", "county", "/inspections/?overdue=1"),
    ("case page", "county", f"/inspections/{CASE}"),
    ("case findings", "county", f"/inspections/{CASE}/findings"),
    ("subjects, county", "county", "/subjects/"),
    ("certificate problems, county", "county", "/subjects/certificate-problems"),
    ("certificate problems, inspector", "inspector", "/subjects/certificate-problems"),
    ("附件3, county", "county", "/reports/form3"),
    ("dashboard, town", "town", "/dashboard"),
    ("dashboard, county", "county", "/dashboard"),
)


def make_app(uri: str):
    from inspect_app import create_app

    folder = tempfile.mkdtemp(prefix="bench-scale-")
    return create_app(
        {
            "SECRET_KEY": "bench-" + "x" * 40,
            "SQLALCHEMY_DATABASE_URI": uri,
            "STORAGE_DIR": f"{folder}/storage",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )


def p95(times: list[float]) -> float:
    times = sorted(times)
    return times[max(0, round(0.95 * len(times)) - 1)]


def measure(uri: str, runs: int) -> dict[str, float]:
    """p95 seconds per page (and the two baselines) on a filled database."""
    from sqlalchemy import text

    from inspect_app.extensions import db

    app = make_app(uri)
    clients = {}
    for key, (username, _role, _region) in bigdata.BENCH_USERS.items():
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": "bench-pass"})
        assert response.status_code == 302, f"sign-in of {username}: {response.status_code}"
        clients[key] = client
    with app.app_context():
        case_id = db.session.scalar(
            text("SELECT MAX(inspection_id) FROM finding WHERE id < 1000000000")
        )
    next_page = _next_page(clients["county"])
    results = {}
    for label, user, path in PAGES:
        path = next_page if path == "NEXT" else path.replace(CASE, str(case_id))
        results[label] = _time(lambda c=clients[user], p=path: _get(c, p), runs)
    results["bare route /healthz"] = _time(lambda: _get(clients["county"], "/healthz"), runs)
    with app.app_context():
        results["raw SQL aggregate"] = _time(lambda: _aggregate(db), runs)
        db.session.remove()
        db.engine.dispose()
    return results


def _next_page(client) -> str:
    import re

    html = client.get("/inspections/").get_data(as_text=True)
    found = re.search(r'rel="next" href="([^"]+)"', html)
    return found[1].replace("&amp;", "&") if found else "/inspections/"


def _get(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"


def _aggregate(db) -> None:
    from sqlalchemy import text

    query = text(
        "SELECT COUNT(*) FROM inspection WHERE region_id = 13 "
        "AND started_at >= :start AND started_at < :end"
    )
    from datetime import UTC, datetime

    start, end = datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC)
    if db.engine.dialect.name == "sqlite":
        start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    db.session.execute(query, {"start": start, "end": end}).scalar()


def _time(call, runs: int) -> float:
    call()  # warm: caches, statement cache, the page's catalog files
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return p95(times)


def report(label: str, small: dict, large: dict, sizes: tuple[int, int]) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{label} (load average {load}); p95 server time in-process")
    print(f"  {'page':34} {sizes[0]:>10,} {sizes[1]:>12,}   ratio")
    for page in small:
        ratio = large[page] / small[page] if small[page] else float("inf")
        verdict = (
            ""
            if page in ("bare route /healthz", "raw SQL aggregate")
            else ("ok" if ratio <= GOAL else "OVER")
        )
        print(
            f"  {page:34} {small[page] * 1000:8.1f} ms {large[page] * 1000:10.1f} ms"
            f"   {ratio:4.2f}× {verdict}"
        )


def run(label: str, uris: tuple[str, str], sizes: tuple[int, int], reuse: str, runs: int):
    results = []
    for uri, size in zip(uris, sizes, strict=True):
        if not (reuse and size == sizes[1]):
            bigdata.build(uri, size)
        results.append(measure(reuse if reuse and size == sizes[1] else uri, runs))
    report(label, *results, sizes)


def postgres(name: str) -> str | None:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        return None
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_SERVER + "postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        query = text("SELECT 1 FROM pg_database WHERE datname = :name")
        if not connection.scalar(query, {"name": name}):
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return PG_SERVER + name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--sqlite-large", default="", help="a SQLite file bigdata.py filled")
    parser.add_argument("--pg-database", default="bench_scale")
    parser.add_argument("--pg-reuse", action="store_true", help="the PG database is filled")
    args = parser.parse_args()
    sizes = (args.small, args.large)
    folder = tempfile.mkdtemp(prefix="bench-scale-db-")
    sqlite = tuple(f"sqlite:///{folder}/{n}.sqlite3" for n in sizes)
    reuse = f"sqlite:///{args.sqlite_large}" if args.sqlite_large else ""
    run("SQLite", sqlite, sizes, reuse, args.runs)
    small_pg, large_pg = postgres(args.pg_database + "_small"), postgres(args.pg_database)
    if large_pg is None:
        print("PostgreSQL: no server on 127.0.0.1:5432; skipped")
        return 0
    run("PostgreSQL", (small_pg, large_pg), sizes, large_pg if args.pg_reuse else "", args.runs)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:
        traceback.print_exc()
        print("scale bench failed (see above)")
        sys.exit(0)
