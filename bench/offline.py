"""The offline app: the size of one subject's offline bundle, and the time to replay a queued
outbox through the API, each beside a baseline from the same run.

- the bundle of the demo's richest subject, raw and gzipped, beside one plain case page (HTML);
- replaying 50 queued operations (44 checklist answers and 6 photos of about 1 MB) from the
  phone's IndexedDB outbox in Chromium against a local server, beside 50 plain API GETs from
  the same page.

Run: .venv/bin/python bench/offline.py. Reports only; always exits 0.
"""

import gzip
import io
import random
import shutil
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

USER = "zhang.wei"
PHOTOS = 6
OPERATIONS = 50


def make_app():
    from inspect_app import create_app

    folder = tempfile.mkdtemp(prefix="bench-offline-")
    return create_app(
        {
            "SECRET_KEY": "bench-" + "x" * 40,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
            "STORAGE_DIR": f"{folder}/storage",
            "WTF_CSRF_ENABLED": False,
        }
    )


def seed(app) -> tuple[str, int, int]:
    """Demo data; a token for the inspector; the subject with most people; a fresh draft case."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from inspect_app import clock
    from inspect_app.api.services import create_token
    from inspect_app.auth.models import User
    from inspect_app.demo import seed_demo
    from inspect_app.extensions import db
    from inspect_app.inspections.services import open_inspection
    from inspect_app.subjects.models import Person, Subject

    with app.app_context():
        upgrade()
        seed_demo()
        user = db.session.scalar(select(User).where(User.username == USER))
        _token, plain = create_token(user, "bench")
        richest = select(Person.subject_id).group_by(Person.subject_id)
        richest = richest.join(Subject).where(Subject.region_id == user.region_id)
        subject_id = db.session.scalar(richest.order_by(func.count().desc()).limit(1))
        subject = db.session.get(Subject, subject_id)
        case = open_inspection(
            subject,
            user,
            [user],
            place="bench",
            started_at=clock.utcnow(),
            representative_name="顾建国",
            representative_position="总经理",
        )
        db.session.commit()
        return plain, subject_id, case.id


def sizes(app, token: str, subject_id: int, case_id: int) -> None:
    from inspect_app.demo import DEMO_PASSWORD

    client = app.test_client()
    bundle = client.get(
        f"/api/v1/offline/subjects/{subject_id}", headers={"Authorization": f"Bearer {token}"}
    )
    assert bundle.status_code == 200, bundle.status_code
    client.post("/login", data={"username": USER, "password": DEMO_PASSWORD})
    page = client.get(f"/inspections/{case_id}")
    assert page.status_code == 200, page.status_code
    raw, packed = len(bundle.data), len(gzip.compress(bundle.data))
    page_raw, page_packed = len(page.data), len(gzip.compress(page.data))
    print(
        f"{'subject bundle, raw':<34}{raw / 1024:8.1f} KB  "
        f"(one case page: {page_raw / 1024:.1f} KB)"
    )
    print(
        f"{'subject bundle, gzipped':<34}{packed / 1024:8.1f} KB  "
        f"(one case page gzipped: {page_packed / 1024:.1f} KB)"
    )


def photo(seed_value: int) -> bytes:
    from PIL import Image

    rng = random.Random(seed_value)
    image = Image.frombytes("RGB", (800, 800), rng.randbytes(800 * 800 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def fulfil_with(data: bytes):
    def handler(route) -> None:
        route.fulfill(body=data, content_type="image/jpeg")

    return handler


def serve(app):
    from werkzeug.serving import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs) -> None:
            pass

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


QUEUE_JS = """
async ([caseId, codes, photos, total]) => {
  const ops = [];
  for (let i = 0; ops.length < total - photos; i += 1) {
    const code = codes[i % codes.length];
    ops.push({case_local_id: "bench", kind: "item", method: "PUT", version_of: "item:" + code,
      path: `/cases/${caseId}/items/${code}`, label: code,
      body: {result: "non_compliant", note: "第 " + (i + 1) + " 次", version: null}});
  }
  for (let p = 0; p < photos; p += 1) {
    const blob = await fetch("/__bench__/photo" + p + ".jpg").then((r) => r.blob());
    const id = "photo-" + p;
    await InspectOffline.outbox.enqueue({case_local_id: "bench", kind: "photo", method: "POST",
      path: `/cases/${caseId}/photos`, label: id,
      form: {file: {$blob: id, filename: id + ".jpg"}, kind: "site", caption: id}},
      {blobs: [{id: id, case_local_id: "bench", blob: blob, type: blob.type, bytes: blob.size}]});
  }
  for (const op of ops) await InspectOffline.outbox.enqueue(op);
}
"""

REPLAY_JS = """
async () => {
  const start = performance.now();
  await InspectOffline.outbox.kick(true);
  const ms = performance.now() - start;
  const ops = await InspectOffline.db.all("outbox");
  return {ms: ms, done: ops.filter((o) => o.status === "done").length, total: ops.length};
}
"""

GETS_JS = """
async ([caseId, total]) => {
  const token = (await InspectOffline.db.meta("device_token")).token;
  const start = performance.now();
  for (let i = 0; i < total; i += 1) {
    const r = await fetch(`/api/v1/cases/${caseId}`, {headers: {Authorization: "Bearer " + token}});
    await r.json();
  }
  return performance.now() - start;
}
"""


def replay(app, case_id: int) -> None:
    from playwright.sync_api import sync_playwright

    from inspect_app.demo import DEMO_PASSWORD
    from inspect_app.extensions import db
    from inspect_app.inspections.models import Inspection
    from inspect_app.inspections.services import checklist_items

    with app.app_context():
        codes = [item.code for item in checklist_items(db.session.get(Inspection, case_id))]
    server, base = serve(app)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            page.goto(base + "/login")
            page.fill("#username", USER)
            page.fill("#password", DEMO_PASSWORD)
            page.click("form.form button[type=submit]")
            page.wait_for_url(base + "/")
            page.wait_for_function(
                "() => InspectOffline.db.meta('device_token').then(t => !!t)", polling=200
            )
            for n in range(PHOTOS):
                page.route(f"**/__bench__/photo{n}.jpg", fulfil_with(photo(n)))
            page.context.set_offline(True)
            page.evaluate(QUEUE_JS, [case_id, codes, PHOTOS, OPERATIONS])
            page.context.set_offline(False)
            result = page.evaluate(REPLAY_JS)
            gets = page.evaluate(GETS_JS, [case_id, OPERATIONS])
            browser.close()
    finally:
        server.shutdown()
    label = f"replay {OPERATIONS} ops ({PHOTOS} photos)"
    print(
        f"{label:<34}{result['ms']:8.0f} ms  ({OPERATIONS} plain API GETs: {gets:.0f} ms; "
        f"{result['done']}/{result['total']} done)"
    )


def main() -> None:
    app = make_app()
    token, subject_id, case_id = seed(app)
    sizes(app, token, subject_id, case_id)
    started = time.perf_counter()
    replay(app, case_id)
    print(f"(replay bench took {time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a benchmark reports; it never fails the run
        traceback.print_exc()
