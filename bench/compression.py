"""Bytes on the wire for two heavy pages, before and after compression (Flask-Compress).

For the checklist page of a demo case (as its inspector) and the supervisor dashboard, and for
the static files each page loads on a first visit: the bytes sent uncompressed (what every
client got before), and with `Accept-Encoding: gzip, deflate` (Chrome over plain HTTP) and
`br, gzip` (over HTTPS). Measured in-process through the app itself, as gunicorn serves it
directly; nginx in front passes the same bytes on.

Run: .venv/bin/python bench/compression.py. Reports only; always exits 0.
"""

import re
import sys
import tempfile
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

INSPECTOR = "zhang.wei"
SUPERVISOR = "zhou.min"
ENCODINGS = (("none (before)", ""), ("gzip, deflate", "gzip, deflate"), ("br, gzip", "br, gzip"))


def make_app():
    from inspect_app import create_app

    folder = tempfile.mkdtemp(prefix="bench-compression-")
    return create_app(
        {
            "SECRET_KEY": "bench-" + "x" * 40,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
            "STORAGE_DIR": f"{folder}/storage",
            "WTF_CSRF_ENABLED": False,
        }
    )


def seed(app) -> int:
    """Demo data; the id of a case of the inspector's with a checklist."""
    from flask_migrate import upgrade
    from sqlalchemy import select

    from inspect_app.auth.models import User
    from inspect_app.demo import seed_demo
    from inspect_app.extensions import db
    from inspect_app.inspections.models import Inspection

    with app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
        user = db.session.scalar(select(User).where(User.username == INSPECTOR))
        query = select(Inspection.id).where(Inspection.region_id == user.region_id)
        return db.session.scalar(query.order_by(Inspection.id))


def page_bytes(client, url: str, encoding: str) -> tuple[int, int]:
    """Bytes of the page and of the static files it links, under one Accept-Encoding."""
    headers = {"Accept-Encoding": encoding} if encoding else {}
    page = client.get(url, headers=headers)
    assert page.status_code == 200, (url, page.status_code)
    html = client.get(url).get_data(as_text=True)  # uncompressed, to find the links
    total = 0
    for path in sorted(set(re.findall(r'(?:src|href)="(/static/[^"#]+)"', html))):
        answer = client.get(path, headers=headers)
        total += len(answer.get_data())
    return len(page.get_data()), total


def report(app, case_id: int) -> None:
    from inspect_app.demo import DEMO_PASSWORD

    pages = (
        ("checklist page", INSPECTOR, f"/inspections/{case_id}/checklist"),
        ("dashboard", SUPERVISOR, "/dashboard"),
    )
    print(f"{'page':<18}{'Accept-Encoding':<18}{'page KB':>10}{'static KB':>12}{'total KB':>11}")
    for label, username, url in pages:
        client = app.test_client()
        client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
        for name, encoding in ENCODINGS:
            page, static = page_bytes(client, url, encoding)
            total = (page + static) / 1024
            print(f"{label:<18}{name:<18}{page / 1024:10.1f}{static / 1024:12.1f}{total:11.1f}")


def main() -> int:
    try:
        app = make_app()
        case_id = seed(app)
        report(app, case_id)
    except Exception:  # a benchmark reports; it never fails the run
        traceback.print_exc()
    return 0


if __name__ == "__main__":
    sys.exit(main())
