"""Each main page as its users meet it, served as `make run` serves it (nginx + gunicorn gthread,
SQLite WAL, the demo data), beside a bare route in the same stack.

1. Latency at 50 concurrent users: 50 users at once, each loading the page 20 times one after
   the other (1,000 requests a page). Figures: p50 and p95 as seen on loopback, the p95 of the
   server time the app logged for those requests (its JSON request lines), requests per
   second, and the server's CPU time per request (the gunicorn workers' user + system time).
   Baseline: /healthz in the same stack. Budget: server p95 <= 50 ms for any main page.
   With no pause between loads this is a stress test: 50 users at once queue behind each
   other, so p95 is about 50 x the CPU per page / the cores. 1b. repeats it with users who
   pause about 2 s between loads (--think), still a faster pace than inspectors on site.
2. First-load weight: the page's HTML plus every stylesheet and script it links, as sent to a
   browser that accepts gzip, and, beside it, the same bytes gzipped here (what compression
   would give). Budget: <= 60 KB, no third-party requests.
3. Worker memory: growth of each gunicorn worker's resident size from a warm worker (after
   warm-up passes, each every page from as many users at once as the latency runs use (so each
   thread of a worker has held each page, its heaviest at once), until a pass grows no worker
   by PLATEAU_MB:
   its templates are compiled, the statement and translation caches full and the imports
   made on first use done) to after every page's requests (over 1,000 each). Beside it, a
   bare Flask app's worker under the same gunicorn measured the same way: the same warm-up
   count, then as many requests as an app worker served. Both run with gunicorn.conf.py and
   restarts after N requests turned off (WEB_MAX_REQUESTS=0), so one worker is followed
   throughout; in service the restarts also bound any growth. Budget: growth <= 2x the bare
   worker's.

Run: .venv/bin/python bench/pages.py [--users 50] [--per-user 20] [--think 2] [--think-loads 6].
Reports only; exits 0.
"""

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import brotli
import requests
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.loadgen import Request, concurrent
from bench.procs import (
    RSS_PARTS,
    cpu_seconds,
    gunicorn_masters,
    gunicorn_workers,
    own_cpu_seconds,
    rss_mb,
    rss_parts,
)
from bench.served import BIN, free_port, served, signed_in
from bench.serving import DEMO_PASSWORD, prepare

HERE = Path(__file__).resolve().parent
LATENCY_BUDGET_MS = 50
WEIGHT_BUDGET = 60 * 1024
WARM_LOADS = 1  # loads per user, page and warm-up pass
WARM_PASSES = 8
PLATEAU_MB = 1.0  # a warm-up pass that grows no worker by this much ends the warm-up


def _parts_grown(before: dict[str, float], after: dict[str, float]) -> str:
    return ", ".join(f"{name} {after[name] - before[name]:+.1f}" for name in RSS_PARTS[1:])


def _ids(database: str) -> dict[str, int]:
    engine = create_engine(database)
    with engine.connect() as connection:
        one = lambda sql: connection.execute(text(sql)).scalar()  # noqa: E731
        ids = {
            "issued": one("SELECT id FROM inspection WHERE status != 'draft' ORDER BY id LIMIT 1"),
            "draft": one(
                "SELECT i.id FROM inspection i JOIN user_account u ON u.id = i.created_by_id "
                "WHERE i.status = 'draft' AND u.username = 'zhang.wei' ORDER BY i.id LIMIT 1"
            ),
            "subject": one("SELECT id FROM subject ORDER BY id LIMIT 1"),
        }
    engine.dispose()
    return ids


def pages(ids: dict[str, int]) -> list[tuple[str, str, str]]:
    """(who, label, path) of the main pages."""
    draft, issued = ids["draft"], ids["issued"]
    return [
        ("zhang.wei", "inspector home", "/"),
        ("zhang.wei", "case list (inspector)", "/inspections/"),
        ("zhang.wei", "draft case", f"/inspections/{draft}"),
        ("zhang.wei", "checklist", f"/inspections/{draft}/checklist"),
        ("zhang.wei", "findings", f"/inspections/{draft}/findings"),
        ("zhang.wei", "issued case", f"/inspections/{issued}"),
        ("zhang.wei", "subject", f"/subjects/{ids['subject']}"),
        ("zhang.wei", "subjects", "/subjects/"),
        ("zhang.wei", "inbox", "/inbox/"),
        ("chen.jie", "case list (county)", "/inspections/"),
        ("chen.jie", "dashboard (county)", "/dashboard"),
        ("zhou.min", "附件3 (town)", "/reports/form3"),
        ("zhou.min", "plans (town)", "/plans/"),
    ]


def _cookie(session: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def _fresh_cookie(session: requests.Session, url: str) -> str:
    """The session's cookie after loading `url`, as the browser holds it then."""
    session.get(url, timeout=30)
    return _cookie(session)


def latency(
    base: str,
    users: int,
    per_user: int,
    sessions: dict[str, requests.Session],
    ids,
    request_log: Path,
    think: float = 0.0,
) -> None:
    """Each page in turn. Its users send the cookie a browser would hold when the page's run
    starts: the session cookie carries the header's unread count for a minute (inbox), and a
    cookie frozen at sign-in would make every request count again."""
    workers = gunicorn_masters()
    print(f"  {'page':<24}{'p50':>8}{'p95':>8}{'server p95':>12}{'req/s':>8}{'CPU/req':>10}"
          f"  (budget: server p95 <= {LATENCY_BUDGET_MS} ms)")  # fmt: skip
    rows = [("-", "bare route /healthz", "/healthz"), *pages(ids)]
    for who, label, path in rows:
        headers = {"Cookie": _fresh_cookie(sessions[who], base + path)} if who != "-" else {}
        request = Request("GET", path, headers)
        concurrent(base, 5, 4, lambda _i, r=request: r)  # warm up
        before, logged = cpu_seconds(workers), request_log.stat().st_size
        result = concurrent(base, users, per_user, lambda _i, r=request: r, think)
        used = (cpu_seconds(workers) - before) / max(result.ok, 1) * 1000
        p50 = sorted(result.latencies)[len(result.latencies) // 2] * 1000
        server = server_p95(request_log, logged) * 1000
        over = "" if server <= LATENCY_BUDGET_MS or who == "-" else "  over"
        errors = f"  errors {result.errors} {dict(result.statuses)}" if result.errors else ""
        print(f"  {label:<24}{p50:7.0f}ms{result.percentile(95) * 1000:6.0f}ms{server:10.0f}ms"
              f"{result.achieved:8.0f}{used:8.1f}ms{over}{errors}", flush=True)  # fmt: skip


def server_p95(request_log: Path, offset: int) -> float:
    """p95 of the server time (seconds) the app logged for the requests after `offset`: from
    its first hook to its last, what the view, the queries and the rendering took, waits for
    the interpreter lock included; the client's p95 adds the proxy, the sockets and itself."""
    with open(request_log, "rb") as lines:
        lines.seek(offset)
        times = sorted(
            json.loads(line)["duration_ms"] / 1000 for line in lines if line.startswith(b"{")
        )
    return times[max(0, round(0.95 * len(times)) - 1)] if times else float("nan")


def _wire_bytes(session: requests.Session, url: str) -> tuple[int, bytes, str]:
    """(bytes sent, the decoded body, content encoding) for one URL, as a gzip browser asks."""
    answer = session.get(url, headers={"Accept-Encoding": "gzip, br"}, stream=True, timeout=30)
    raw = answer.raw.read(decode_content=False)
    encoding = answer.headers.get("Content-Encoding", "")
    # Decoded as the browser would: the page and its files are read from the decoded bytes.
    decode = {"gzip": gzip.decompress, "br": brotli.decompress}.get(encoding, lambda b: b)
    body = decode(raw)
    return len(raw), body, encoding


def weight(base: str, sessions: dict[str, requests.Session], ids) -> None:
    print(f"  {'page':<24}{'as sent':>9}{'gzipped':>9}  files  (budget <= 60 KB, first load)")
    for who, label, path in pages(ids):
        session = sessions[who]
        sent, html, _encoding = _wire_bytes(session, base + path)
        packed = len(gzip.compress(html))
        assets = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html)
        assets += re.findall(rb'<script src="([^"]+)"', html)
        foreign = [a for a in assets if a.startswith((b"http:", b"https:", b"//"))]
        for asset in assets:
            asset_sent, body, _ = _wire_bytes(session, base + asset.decode())
            sent, packed = sent + asset_sent, packed + len(gzip.compress(body))
        over = "  over" if packed > WEIGHT_BUDGET else ""
        third = f"  third-party: {len(foreign)}" if foreign else ""
        print(f"  {label:<24}{sent / 1024:7.1f}KB{packed / 1024:7.1f}KB  {len(assets) + 1:5d}"
              f"{over}{third}", flush=True)  # fmt: skip


def warm_up(
    base: str, cookies: dict[str, str], ids, workers: list[int], users: int
) -> tuple[int, set]:
    """Every page from `users` users at once, pass after pass, until every worker took
    some (nginx may hand one worker all of them) and no worker grew by PLATEAU_MB or more in
    the last pass: the caches the app keeps bounded (compiled statements and templates,
    translations) are full then, and what grows later is what the budget is about. At most
    WARM_PASSES passes; (requests sent, workers left cold)."""
    rows = [("-", "/healthz"), *((who, path) for who, _label, path in pages(ids))]
    sent, cold = 0, set(workers)
    for number in range(1, WARM_PASSES + 1):
        before = {pid: own_cpu_seconds(pid) for pid in cold}
        sizes = {pid: rss_mb(pid) for pid in workers}
        for who, path in rows:
            headers = {"Cookie": cookies[who]} if who != "-" else {}
            request = Request("GET", path, headers)
            concurrent(base, users, WARM_LOADS, lambda _i, r=request: r)
        sent += len(rows) * users * WARM_LOADS
        cold = {pid for pid in cold if own_cpu_seconds(pid) - before[pid] < 1}
        grown = {pid: rss_mb(pid) - sizes[pid] for pid in workers}
        each = ", ".join(f"{g:+.1f} MB" for g in grown.values())
        print(f"  warm-up pass {number}: worker growth {each}", flush=True)
        if not cold and max(grown.values()) < PLATEAU_MB:
            break
    return sent, cold


def memory_growth(warm: dict, started: dict, served: int, cold: set) -> list[float]:
    """Growth of each warm worker; a worker the warm-up missed is shown but not counted.
    `warm` holds each worker's rss_parts when warm."""
    growth = []
    for pid, parts in warm.items():
        now, first = rss_parts(pid), parts["VmRSS"]
        if pid not in cold:
            growth.append(now["VmRSS"] - first)
        note = "  (missed by the warm-up: not counted)" if pid in cold else ""
        print(f"  app worker {pid}: {started[pid]:6.1f} MB after start, {first:6.1f} MB warm -> "
              f"{now['VmRSS']:6.1f} MB after ~{served} more requests{note}; MB grown: "
              f"{_parts_grown(parts, now)}")  # fmt: skip
    return growth


def bare_growth(warm_count: int, requests_count: int, users: int) -> float:
    """A bare Flask app under the same gunicorn: a worker's growth from warm (after
    `warm_count` requests) over `requests_count` more."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "--config", str(HERE.parent / "gunicorn.conf.py"),
               "--chdir", str(HERE), "--bind", f"127.0.0.1:{port}",
               "--workers", "1", "--worker-class", "gthread", "--threads", "4",
               "bare_app:app"]  # fmt: skip
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(base + "/", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.1)
        worker = gunicorn_workers()[0]
        start = rss_mb(worker)
        concurrent(base, users, max(warm_count // users, 1), lambda _i: Request("GET", "/"))
        first = rss_parts(worker)
        concurrent(base, users, requests_count // users, lambda _i: Request("GET", "/"))
        now = rss_parts(worker)
        print(f"  bare Flask worker: {start:6.1f} MB after start, {first['VmRSS']:6.1f} MB warm "
              f"-> {now['VmRSS']:6.1f} MB after {requests_count // users * users} more requests; "
              f"MB grown: {_parts_grown(first, now)}")  # fmt: skip
        return now["VmRSS"] - first["VmRSS"]
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--per-user", type=int, default=20)
    parser.add_argument("--think", type=float, default=2.0, help="seconds between a user's loads")
    parser.add_argument("--think-loads", type=int, default=6)
    args = parser.parse_args()
    os.environ["WEB_MAX_REQUESTS"] = "0"  # a restarted worker would hide its growth (see 3.)
    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    request_log = folder / "requests.jsonl"
    request_log.touch()
    print(f"{os.cpu_count()} CPUs; load {os.getloadavg()[0]:.1f} before the run", flush=True)
    database, storage = prepare(f"sqlite:///{folder}/bench.sqlite3", folder / "sqlite")
    ids = _ids(database)
    with served(
        database, storage, mode="nginx", request_log=request_log, wait_for_renders=True
    ) as base:
        workers = gunicorn_workers()
        users = ("zhang.wei", "chen.jie", "zhou.min")
        sessions = {name: signed_in(base, name, DEMO_PASSWORD) for name in users}
        cookies = {name: _cookie(session) for name, session in sessions.items()}
        started = {pid: rss_mb(pid) for pid in workers}
        warm_count, cold = warm_up(base, cookies, ids, workers, args.users)
        warm = {pid: rss_parts(pid) for pid in workers}
        print(f"1. {args.users} concurrent users, {args.per_user} loads each, per page "
              f"(SQLite WAL, nginx + {len(workers)} gunicorn workers):")  # fmt: skip
        latency(base, args.users, args.per_user, sessions, ids, request_log)
        print(f"1b. the same {args.users} users pausing about {args.think:g} s between loads "
              f"({args.think_loads} loads each; at most {args.users / args.think:.0f} req/s "
              "offered; an inspector opens a page every 10-30 s):")  # fmt: skip
        latency(base, args.users, args.think_loads, sessions, ids, request_log, args.think)
        print("2. first-load weight:")
        weight(base, sessions, ids)
        loads = args.users * (args.per_user + args.think_loads) + 2 * 20 + 1  # + warm-ups, weight
        total = len(pages(ids)) * loads
        served_each = total // max(len(workers), 1)
        print(f"3. worker memory: growth from warm (after {warm_count} warm-up requests) over "
              f"{total} requests, ~{served_each} per worker:")  # fmt: skip
        growth = memory_growth(warm, started, served_each, cold)
    bare = bare_growth(warm_count // max(len(workers) - len(cold), 1), served_each, args.users)
    worst = max(growth) if growth else float("nan")
    ratio = worst / bare if bare > 0 else float("inf")
    print(f"  growth from warm, per worker: app {worst:.1f} MB vs bare {bare:.1f} MB = "
          f"{ratio:.1f}x (budget 2x)")  # fmt: skip
    print(f"load {os.getloadavg()[0]:.1f} after the run")


if __name__ == "__main__":
    main()
