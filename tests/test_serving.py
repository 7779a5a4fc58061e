"""How `make run` serves: a phone's slow upload never holds the app's worker.

The app runs as `make run` starts it (scripts/serve.py: nginx in front of gunicorn), here with a
single worker thread, so any request held by a slow client would block every other one. Timing
is left to `make bench` (bench/serving.py); this test only checks what completes."""

import shutil
import socket
import sqlite3

import requests

from bench.procs import gunicorn_workers
from bench.served import csrf_of, multipart_upload, read_status, served, signed_in
from inspect_app.demo import DEMO_PASSWORD
from inspect_app.demo.media import jpeg

INSPECTOR = "zhang.wei"
HANG_GUARD = 60  # seconds: not a timing figure, only so that a blocked request fails the test


def _draft_case(database: str) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT i.id FROM inspection i JOIN user_account u ON u.region_id = i.region_id "
            "WHERE u.username = ? AND i.status = 'draft' ORDER BY i.id LIMIT 1",
            (INSPECTOR,),
        ).fetchone()[0]


def _photos(database: str, case_id: int) -> int:
    with sqlite3.connect(database) as connection:
        query = "SELECT count(*) FROM photo WHERE inspection_id = ? AND caption = 'slow phone'"
        return connection.execute(query, (case_id,)).fetchone()[0]


def test_a_slow_upload_in_flight_holds_no_worker(demo_template, tmp_path):
    folder = shutil.copytree(demo_template, tmp_path / "served")
    database = str(folder / "demo.sqlite3")
    case_id = _draft_case(database)
    photo = jpeg(seed=3, size=(900, 700))
    with served(f"sqlite:///{database}", str(folder / "storage"), workers=1, threads=1) as base:
        session = signed_in(base, INSPECTOR, DEMO_PASSWORD)
        raw, address = multipart_upload(base, session, case_id, photo)
        with socket.create_connection(address, timeout=HANG_GUARD) as phone:
            phone.sendall(raw[: len(raw) // 2])  # the phone is half-way through its photo
            assert requests.get(base + "/login", timeout=HANG_GUARD).status_code == 200
            assert session.get(base + "/inspections/", timeout=HANG_GUARD).status_code == 200
            assert _photos(database, case_id) == 0
            phone.sendall(raw[len(raw) // 2 :])
            assert read_status(phone) == 201
    assert _photos(database, case_id) == 1


def _answers(database: str, case_id: int) -> dict[str, str]:
    with sqlite3.connect(database) as connection:
        query = "SELECT item_code, result FROM item_answer WHERE inspection_id = ?"
        return dict(connection.execute(query, (case_id,)).fetchall())


def test_recycled_workers_fork_from_the_loaded_app_and_serve_at_once(
    demo_template, tmp_path, monkeypatch
):
    """gunicorn forks each worker from the app its master loaded (gunicorn.conf.py). Recycled
    every few requests here, the new workers read and write on connections of their own."""
    folder = shutil.copytree(demo_template, tmp_path / "served")
    database = str(folder / "demo.sqlite3")
    case_id = _draft_case(database)
    monkeypatch.setenv("WEB_MAX_REQUESTS", "3")
    with served(f"sqlite:///{database}", str(folder / "storage"), workers=2, threads=1) as base:
        session = signed_in(base, INSPECTOR, DEMO_PASSWORD)
        first = set(gunicorn_workers())
        page = session.get(f"{base}/inspections/{case_id}/checklist", timeout=HANG_GUARD)
        headers = {"X-CSRFToken": csrf_of(page.text), "Accept": "application/json"}
        codes, results = [f"PU-{n}" for n in range(1, 7)], ("compliant", "not_applicable")
        versions: dict[str, int] = {}
        for n, code in enumerate(codes * 3):
            body = {"result": results[n % 2], "note": "", "version": versions.get(code)}
            url = f"{base}/inspections/{case_id}/answers/{code}"
            answer = session.post(url, json=body, headers=headers, timeout=HANG_GUARD)
            assert answer.status_code == 200, (n, answer.status_code, answer.text[:200])
            versions[code] = answer.json()["version"]
            shown = session.get(f"{base}/inspections/{case_id}", timeout=HANG_GUARD)
            assert shown.status_code == 200
        assert len(first - set(gunicorn_workers())) == len(first)  # every worker was recycled
    saved = _answers(database, case_id)
    assert {code: saved[code] for code in codes} == {
        code: results[(12 + place) % 2] for place, code in enumerate(codes)
    }
