"""What keeping the dashboard's monthly rollups current costs each write, at 10k and at 1M cases.

The rollups (inspect_app/rollups/services.py) are recomputed, before each commit, for every
(town, month) slot the commit touched. This times, on a database filled by bench/bigdata.py:
- a commit that moves one finding of a recent issued case in the largest town to another check
  item, with the rollup listeners on (what the app does) and with them removed (the baseline:
  the same write alone);
- a commit that edits that finding's text, which moves no figure (so recomputes nothing);
- the recomputation of one slot by itself (`refresh_slots`, rolled back);
- a raw `SELECT COUNT(*)` of that town's cases in that month (what the database costs).
Median of `--runs`, wall and CPU time, with the machine's load. On a busy machine the figures
are floors.

Run: .venv/bin/python bench/rollups.py [--runs N] [--small N] [--large N]
     [--sqlite-large FILE] [--pg-database NAME]   (reuse a database bigdata.py already filled)
Reports only; always exits 0.
"""

import argparse
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

bigdata = runpy.run_path(str(HERE / "bigdata.py"))


def timed(call, runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `call` over `runs`, after one warm call."""
    call()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def target(db):
    """The newest issued case with a finding in the largest town, its finding and its slot."""
    from sqlalchemy import select

    from inspect_app.clock import month_of, to_local
    from inspect_app.findings.models import Finding
    from inspect_app.inspections.models import Inspection

    query = (
        select(Inspection, Finding)
        .join(Finding, Finding.inspection_id == Inspection.id)
        .where(Inspection.issued_at.is_not(None))
        .order_by(Inspection.region_id.desc(), Inspection.issued_at.desc())
        .limit(1)
    )
    case, finding = db.session.execute(query).one()
    return case, finding, (case.region_id, month_of(to_local(case.issued_at).date()))


def measure(uri: str, runs: int) -> dict[str, tuple[float, float]]:
    from sqlalchemy import event, func, select

    from inspect_app.clock import month_bounds
    from inspect_app.extensions import db
    from inspect_app.inspections.models import Inspection
    from inspect_app.rollups import services as rollups

    app = bigdata["make_app"](uri)
    results = {}
    with app.app_context():
        _case, finding, slot = target(db)
        finding_id, original = finding.id, finding.item_code
        codes = iter(range(10**9))

        def move() -> None:
            """The finding moves to another check item and back: a figure moves."""
            row = db.session.get(type(finding), finding_id)
            row.item_code = original if next(codes) % 2 else "BENCH-1"
            db.session.commit()

        def edit() -> None:
            """The finding's text is edited: no figure moves, nothing is recomputed."""
            row = db.session.get(type(finding), finding_id)
            row.description = f"{row.description[:200]} ({next(codes)})"
            db.session.commit()

        results["commit moving a figure"] = timed(move, runs)
        results["commit moving none (text edit)"] = timed(edit, runs)
        listeners = (
            ("after_flush", rollups._note_flush),
            ("before_commit", rollups._refresh_before_commit),
            ("after_transaction_end", rollups._forget),
        )
        for name, listener in listeners:
            event.remove(db.session, name, listener)
        results["commit alone (baseline)"] = timed(move, runs)
        for name, listener in listeners:
            event.listen(db.session, name, listener)

        def refresh() -> None:
            rollups.refresh_slots({slot}, db.session)
            db.session.rollback()

        results["one slot recomputed"] = timed(refresh, runs)
        start, end = month_bounds(slot[1])
        count = select(func.count()).where(
            Inspection.region_id == slot[0],
            Inspection.issued_at >= start,
            Inspection.issued_at < end,
        )
        results["raw COUNT of the slot's cases"] = timed(lambda: db.session.scalar(count), runs)
        row = db.session.get(type(finding), finding_id)
        row.item_code = original
        db.session.commit()
        rollups.rebuild_rollups()  # the baseline's moves went unrecorded
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return results


def report(label: str, figures: dict[int, dict]) -> None:
    small, large = sorted(figures)
    print(f"{label} (load average {os.getloadavg()[0]:.1f}), median ms wall / CPU:")
    print(f"  {'':34} {small:>10,} cases {large:>10,} cases")
    for name in figures[small]:
        (ws, cs), (wl, cl) = figures[small][name], figures[large][name]
        print(f"  {name:34} {ws:8.2f} / {cs:6.2f} {wl:8.2f} / {cl:6.2f}")
    moved, alone = (
        figures[large]["commit moving a figure"][0],
        figures[large]["commit alone (baseline)"][0],
    )
    print(f"  at {large:,}: the rollups add {moved - alone:.1f} ms to a commit that moves a figure")


def fill(uri: str, cases: int) -> str:
    bigdata["build"](uri, cases)
    return uri


def run(label: str, uris: dict[int, str], runs: int) -> None:
    try:
        report(label, {size: measure(uri, runs) for size, uri in uris.items()})
    except Exception:  # a benchmark reports; it never fails the run
        traceback.print_exc()


def postgres(name: str) -> str | None:
    import psycopg

    try:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                c.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        return None
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--sqlite-large", default="", help="a SQLite file bigdata.py filled")
    parser.add_argument("--pg-database", default="", help="a database bigdata.py filled")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-rollups-")
    small = fill(f"sqlite:///{folder}/small.sqlite3", args.small)
    large = (
        f"sqlite:///{args.sqlite_large}"
        if args.sqlite_large
        else fill(f"sqlite:///{folder}/large.sqlite3", args.large)
    )
    run("SQLite", {args.small: small, args.large: large}, args.runs)
    if pg_small := postgres("inspect_bench_rollups_small"):
        pg_large = postgres(args.pg_database) if args.pg_database else None
        pg_large = pg_large or fill(postgres("inspect_bench_rollups_large"), args.large)
        run("PostgreSQL", {args.small: fill(pg_small, args.small), args.large: pg_large}, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
