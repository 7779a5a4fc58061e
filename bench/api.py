"""Time the JSON API on the demo data against a bare route of the same app.

Figures (median of N in-process requests, milliseconds), each beside its baseline:
- a bare route on the same app, signed in by the same token (routing, token lookup, guards,
  JSON): the floor of any API request;
- GET /api/v1/cases (a page of 50) and GET /api/v1/cases/{id}/casefile;
- building the casefile of the demo's richest case, beside building its snapshot dict alone;

Run: .venv/bin/python bench/api.py [--runs N]. Reports only; always exits 0.
"""

import argparse
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def make_app():
    from inspect_app import create_app

    folder = tempfile.mkdtemp(prefix="bench-api-")
    app = create_app(
        {
            "SECRET_KEY": "bench-" + "x" * 40,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
            "STORAGE_DIR": f"{folder}/storage",
        }
    )
    app.add_url_rule("/api/v1/_bare", "bare", lambda: {"ok": True})
    return app


def seed(app) -> tuple[str, int]:
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from inspect_app.api.services import create_token
    from inspect_app.auth.models import User
    from inspect_app.demo import seed_demo
    from inspect_app.extensions import db
    from inspect_app.findings.models import Finding

    with app.app_context():
        upgrade()
        seed_demo()
        user = db.session.scalar(select(User).where(User.username == "chen.jie"))
        _token, plain = create_token(user, "bench")
        richest = select(Finding.inspection_id).group_by(Finding.inspection_id)
        case_id = db.session.scalar(richest.order_by(func.count().desc()).limit(1))
        db.session.commit()
    return plain, case_id


def median_ms(fn, runs: int) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def get(client, headers, url):
    def call():
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)

    return call


def build_times(app, case_id: int, runs: int) -> tuple[float, float]:
    from inspect_app.casefile import build_casefile
    from inspect_app.casefile.snapshot import build_snapshot
    from inspect_app.extensions import db
    from inspect_app.inspections.models import Inspection

    with app.test_request_context():
        inspection = db.session.get(Inspection, case_id)
        return (
            median_ms(lambda: build_casefile(inspection), runs),
            median_ms(lambda: build_snapshot(inspection), runs),
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    app = make_app()
    token, case_id = seed(app)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    bare = median_ms(get(client, headers, "/api/v1/_bare"), runs)
    cases = median_ms(get(client, headers, "/api/v1/cases?limit=50"), runs)
    casefile = median_ms(get(client, headers, f"/api/v1/cases/{case_id}/casefile"), runs)
    built, snapshot = build_times(app, case_id, runs)
    rows = [
        ("bare route, same app and token", bare, "baseline"),
        ("GET /cases (50 per page)", cases, f"{cases / bare:.1f}× the bare route"),
        ("GET /cases/{id}/casefile", casefile, f"{casefile / bare:.1f}× the bare route"),
        ("build_casefile (richest case)", built, f"build_snapshot alone: {snapshot:.1f} ms"),
    ]
    for label, ms, against in rows:
        print(f"{label:<32}{ms:7.1f} ms  ({against})")


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a benchmark reports; it never fails the run
        traceback.print_exc()
