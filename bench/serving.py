"""How the app holds up when served as `make run` serves it, beside the old way and a bare route.

1. Slow phones: two phones each send a 1 MB photo at 8 kB/s while a third opens the sign-in page
   every half second. Figures: photos stored, and the slowest and p95 sign-in page. Baseline:
   the old `make run` (gunicorn, 2 sync workers facing the phones, 30 s timeout).
2. Load: the inspector mix (80% page GETs, 20% checklist autosaves) offered at RATE req/s for
   SECONDS on loopback, on SQLite and on PostgreSQL; beside it the bare route /healthz at the same
   rate (what the server stack alone achieves). Goal: 400 req/s, 0 errors, p95 <= 300 ms. Then
   the highest rate of STEPS each holds within that goal, in short steps; and, at a rate both
   hold, the CPU time per request of each process (app, nginx, job worker, this generator),
   which bounds the rate the machine's cores can serve.

Run: .venv/bin/python bench/serving.py [--rate 400] [--seconds 30] [--skip-slow]
PostgreSQL: BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1/inspect_bench; the
database is emptied and seeded). Reports only; always exits 0.
"""

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from io import BytesIO
from pathlib import Path

import requests
from PIL import Image
from sqlalchemy import make_url, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import contextlib

from bench.loadgen import Request, offer, sustained
from bench.procs import cpu_by_role
from bench.served import (
    BIN,
    ROOT,
    bench_engine,
    csrf_of,
    multipart_upload,
    read_status,
    served,
    signed_in,
)

DEMO_PASSWORD = "demo-pass-2026"
PHONE_RATE = 8 * 1024  # bytes per second
PHOTO_BYTES = 1024 * 1024
GOAL = "goal: 400/s, 0 errors, p95 <= 300 ms"


def prepare(url: str, folder: Path) -> tuple[str, str]:
    """Migrate and seed the demo into `url`; (database url, storage folder)."""
    if url.startswith("postgresql"):
        engine = bench_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    storage = folder / "storage"
    env = {**os.environ, "DATABASE_URL": url, "STORAGE_DIR": str(storage), "SECRET_KEY": "b" * 40}
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run(flask + command, cwd=ROOT, env=env, check=True, capture_output=True)
    return url, str(storage)


def photo_of_size(target: int) -> bytes:
    side = 900
    while True:
        rng = random.Random(side)
        image = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
        out = BytesIO()
        image.save(out, "JPEG", quality=85)
        if out.tell() >= target:
            return out.getvalue()
        side += 50


# --- 1. Slow phones -----------------------------------------------------------------------------


def slow_phones(database: str, storage: str, mode: str, phones: int = 2) -> str:
    photo = photo_of_size(PHOTO_BYTES)
    with served(database, storage, mode=mode) as base:
        case_id, username = _draft_cases(database)[0]
        session = signed_in(base, username, DEMO_PASSWORD)
        statuses: list[int] = []
        threads = [
            threading.Thread(target=_trickle, args=(base, session, case_id, photo, statuses))
            for _ in range(phones)
        ]
        for thread in threads:
            thread.start()
        sign_in_times = _probe_while(base, threads)
    stored = sum(1 for status in statuses if status in (200, 201))
    slowest = max(sign_in_times)
    p95 = sorted(sign_in_times)[int(0.95 * (len(sign_in_times) - 1))]
    return (
        f"{phones} phones x {len(photo) // 1024} KB at {PHONE_RATE // 1024} kB/s: "
        f"stored {stored}/{phones}; sign-in page p95 {p95 * 1000:.0f} ms, "
        f"slowest {slowest * 1000:.0f} ms (goal < 1000 ms) over {len(sign_in_times)} loads"
    )


def _trickle(base, session, case_id, photo, statuses) -> None:
    raw, address = multipart_upload(base, session, case_id, photo)
    began = time.monotonic()
    try:
        with socket.create_connection(address, timeout=300) as phone:
            for sent in range(0, len(raw), 1024):
                phone.sendall(raw[sent : sent + 1024])
                due = began + (sent + 1024) / PHONE_RATE
                time.sleep(max(0.0, due - time.monotonic()))
            statuses.append(read_status(phone))
    except OSError:
        statuses.append(0)  # the server hung up on the phone


def _probe_while(base: str, threads: list[threading.Thread]) -> list[float]:
    times = []
    while any(thread.is_alive() for thread in threads):
        began = time.monotonic()
        try:
            ok = requests.get(base + "/login", timeout=60).status_code == 200
        except requests.RequestException:
            ok = False
        times.append(time.monotonic() - began if ok else 60.0)
        time.sleep(max(0.0, 0.5 - (time.monotonic() - began)))
    return times


# --- 2. Load ------------------------------------------------------------------------------------


def _draft_cases(database: str) -> list[tuple[int, str]]:
    engine = bench_engine(database)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT i.id, u.username FROM inspection i JOIN user_account u "
                "ON u.region_id = i.region_id WHERE u.role = 'inspector' "
                "AND i.status = 'draft' ORDER BY i.id, u.username"
            )
        ).all()
    engine.dispose()
    return [(row[0], row[1]) for row in rows]


def _phones(base: str, database: str) -> list[dict]:
    """A signed-in session (cookie, CSRF token, a draft case) per demo inspector."""
    phones, seen = [], set()
    for case_id, username in _draft_cases(database):
        if username in seen:
            continue
        seen.add(username)
        session = signed_in(base, username, DEMO_PASSWORD)
        page = session.get(f"{base}/inspections/{case_id}/checklist", timeout=30).text
        jar = {c.name: c.value for c in session.cookies}
        phones.append({"jar": jar, "csrf": csrf_of(page), "case": case_id})
    return phones


def inspector_mix(phones: list[dict]):
    pages = ["/", "/inspections/", "/subjects/", "/inspections/{case}/checklist",
             "/inspections/{case}"]  # fmt: skip

    def next_request(index: int) -> Request:
        phone = phones[index % len(phones)]
        headers = {"Accept": "text/html"}
        if index % 5 == 4:  # one in five: an autosave of a checklist item
            body = json.dumps({"result": "compliant", "note": ""}).encode()
            headers.update({"Content-Type": "application/json", "X-CSRFToken": phone["csrf"],
                            "Accept": "application/json"})  # fmt: skip
            path = f"/inspections/{phone['case']}/answers/PU-{1 + index % 6}"
            return Request("POST", path, headers, body, phone["jar"])
        path = pages[(index // len(phones)) % len(pages)].format(case=phone["case"])
        return Request("GET", path, headers, jar=phone["jar"])

    return next_request


STEPS = [50, 100, 150, 200, 250, 300, 350, 400]  # req/s tried for the rate each one holds
STEP_SECONDS = 10
P95_GOAL = 0.300


def load(database: str, storage: str, label: str, rate: int, seconds: float) -> None:
    """The rate each load holds, stepped up from a quiet server; then the goal's rate for
    `seconds`, last, since an overload leaves minutes of queued work behind it."""
    with served(database, storage, mode="nginx", wait_for_renders=True) as base:
        phones = _phones(base, database)
        offer(base, min(rate, 100), 3, inspector_mix(phones))  # warm up
        loads = (("inspector mix", inspector_mix(phones)),
                 ("bare route", lambda _i: Request("GET", "/healthz")))  # fmt: skip
        for who, mix_of in loads:
            _held(base, label, who, mix_of, [step for step in STEPS if step <= rate])
        for who, mix_of in loads:
            _cpu_per_request(base, label, who, mix_of)
        for who, mix_of in loads:
            _settle(base)
            result = offer(base, rate, seconds, mix_of)
            goal = f"  [{GOAL}]" if who == "inspector mix" else ""
            print(result.line(f"{label}: {who}"), goal, flush=True)
            if result.failed:
                print(f"    statuses: {dict(sorted(result.statuses.items()))}", flush=True)


def _held(base: str, label: str, who: str, mix_of, steps: list[int]) -> None:
    held, tried = sustained(base, steps, STEP_SECONDS, mix_of, P95_GOAL, lambda: _settle(base))
    last = tried[-1][1]
    print(
        f"{label}: {who} holds {held}/s with 0 errors and p95 <= {P95_GOAL * 1000:.0f} ms "
        f"({STEP_SECONDS} s steps; at {tried[-1][0]}/s: p95 {last.percentile(95) * 1000:.0f} ms, "
        f"{last.failed} failed)",
        flush=True,
    )


CPU_RATE = 100  # req/s: a rate both loads hold, so every request offered is answered


def _cpu_per_request(base: str, label: str, who: str, mix_of) -> None:
    """Where the CPU goes per answered request, by process, at a rate held; and the rate that
    CPU allows on this machine's cores, were nothing else running."""
    _settle(base)
    before = cpu_by_role()
    result = offer(base, CPU_RATE, STEP_SECONDS, mix_of)
    after = cpu_by_role()
    answered = max(result.ok + result.errors, 1)
    spent = {role: after[role] - before.get(role, 0.0) for role in after}
    total = sum(spent.values())
    parts = ", ".join(f"{role} {1000 * s / answered:.2f}" for role, s in spent.items())
    cores = os.cpu_count() or 1
    print(
        f"{label}: {who} at {CPU_RATE}/s: CPU ms per request: {parts}; in all "
        f"{1000 * total / answered:.2f} ms, so {cores} cores serve at most about "
        f"{cores * answered / total:.0f}/s",
        flush=True,
    )


def _settle(base: str, quiet: float = 0.05, limit: float = 300.0, in_a_row: int = 5) -> None:
    """Wait until the server answers the bare route quickly again, `in_a_row` times running
    (its queue has drained), for `limit` seconds at most."""
    ends, quick = time.monotonic() + limit, 0
    while time.monotonic() < ends and quick < in_a_row:
        began = time.monotonic()
        with contextlib.suppress(requests.RequestException):
            requests.get(base + "/healthz", timeout=limit)
        quick = quick + 1 if time.monotonic() - began < quiet else 0
        time.sleep(0.2 if quick else 0.5)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=int, default=int(os.environ.get("BENCH_RATE", 400)))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 30)))
    parser.add_argument("--skip-slow", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-serving-"))
    print(f"{os.cpu_count()} CPUs; load {os.getloadavg()[0]:.1f} before the run", flush=True)
    sqlite = prepare(f"sqlite:///{folder}/bench.sqlite3", folder / "sqlite")
    if not args.skip_slow:
        print("slow phones, make run (nginx + gthread):", slow_phones(*sqlite, "nginx"), flush=True)
        print("slow phones, baseline (2 sync workers):  ", slow_phones(*sqlite, "sync"), flush=True)
    load(*sqlite, "SQLite", args.rate, args.seconds)
    postgres = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1/inspect_bench")
    try:
        _ensure_database(postgres)
        load(*prepare(postgres, folder / "pg"), "PostgreSQL", args.rate, args.seconds)
    except Exception as error:  # a benchmark reports; no PostgreSQL here is not a failure
        print(f"PostgreSQL: skipped ({type(error).__name__}: {str(error)[:120]})")
    print("(latencies count from when each request was due, so queueing shows)")


def _ensure_database(url: str) -> None:
    parsed = make_url(url)
    engine = bench_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
        ).scalar()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    engine.dispose()


if __name__ == "__main__":
    main()
