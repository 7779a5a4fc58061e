"""Helpers for the offline platform's browser tests: a fresh case of the demo, the server's view
of it, and the phone's IndexedDB, outbox and status bar."""

from dataclasses import dataclass
from datetime import UTC, datetime

from playwright.sync_api import Page, expect
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.inspections.services import checklist_items, open_inspection
from inspect_app.subjects.models import Subject

INSPECTOR = "zhang.wei"
SUBJECT = "如东洋口化工有限公司"
SYNCED = "全部已同步"
FAILED = "同步失败"


@dataclass(frozen=True)
class Case:
    id: int
    codes: list[str]


def fresh_case(browser_app) -> Case:
    """A draft case of the inspector's, for one test alone."""
    with browser_app.app_context():
        subject = db.session.scalar(select(Subject).where(Subject.name == SUBJECT))
        users = {u.username: u for u in db.session.scalars(select(User))}
        inspection = open_inspection(
            subject,
            users[INSPECTOR],
            [users[INSPECTOR], users["li.na"]],
            started_at=datetime(2026, 11, 20, 1, 30, tzinfo=UTC),
            place="洋口镇化工园区海滨路 8 号",
            representative_name="顾建国",
            representative_position="总经理",
        )
        db.session.commit()
        return Case(inspection.id, [item.code for item in checklist_items(inspection)])


def server_answers(browser_app, case_id: int) -> dict[str, tuple[str, str, int]]:
    with browser_app.app_context():
        inspection = db.session.get(Inspection, case_id)
        db.session.refresh(inspection)
        return {a.item_code: (a.result, a.note, a.version) for a in inspection.answers}


def server_photos(browser_app, case_id: int) -> list[Photo]:
    with browser_app.app_context():
        return list(db.session.scalars(select(Photo).where(Photo.evidence_of(case_id))))


INSTALL_MS = 45_000


def ready_phone(page: Page, base_url: str, path: str = "/") -> Page:
    """A signed-in page whose service worker controls it and whose device token is stored."""
    page.goto(base_url + path)
    # Installing the worker precaches the shell pages and static files: on a loaded CI machine
    # that alone can take longer than an ordinary wait.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=INSTALL_MS)
    page.wait_for_function(
        "() => InspectOffline.db.meta('device_token').then(t => !!(t && t.token))",
        polling=200,
        timeout=INSTALL_MS,
    )
    expect(page.locator("#sync-status")).to_be_visible()
    return page


def enqueue(page: Page, op: dict, options: dict | None = None) -> int:
    return page.evaluate(
        "([op, options]) => InspectOffline.outbox.enqueue(op, options || {})", [op, options]
    )


def wait_sent(page: Page, seq: int) -> None:
    """Until the outbox has sent operation `seq` (the status bar reads 已同步 before it is even
    tried, when it was the only one)."""
    page.wait_for_function(
        "seq => InspectOffline.db.all('outbox').then(ops => ops.some(o => o.seq === seq && "
        "o.status === 'done'))",
        arg=seq,
        polling=200,
    )


def answer_op(case_id: int, code: str, result: str, note: str = "", version=None) -> dict:
    return {
        "case_local_id": f"server:{case_id}",
        "kind": "item",
        "method": "PUT",
        "path": f"/cases/{case_id}/items/{code}",
        "body": {"result": result, "note": note, "version": version},
        "base_version": version,
        "version_of": f"item:{code}",
        "label": f"{code} {result}",
    }


def ops(page: Page) -> list[dict]:
    return page.evaluate("() => InspectOffline.db.all('outbox')")


def status(page: Page):
    return page.locator("#sync-status [data-sync-text]")


def noisy_jpeg(size_bytes: int) -> bytes:
    """A JPEG of about `size_bytes` (noise does not compress): a phone camera's photo."""
    import io
    import random

    from PIL import Image

    rng = random.Random(13)
    side = 400
    while True:
        image = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=95)
        if buffer.tell() >= size_bytes:
            return buffer.getvalue()
        side = int(side * 1.25)


def enqueue_photo(page: Page, base_url: str, data: bytes, op: dict, blob_id: str) -> int:
    """Queue a photo upload with its blob in one transaction, as the camera screen does (the
    bytes reach the page from a routed address)."""
    url = base_url + "/__test__/photo.jpg"
    page.route(url, lambda route: route.fulfill(body=data, content_type="image/jpeg"))
    try:
        return page.evaluate(
            """([url, op, id]) => fetch(url).then(r => r.blob()).then(blob =>
                 InspectOffline.outbox.enqueue(op, {blobs: [{id: id, blob: blob,
                   case_local_id: op.case_local_id, type: blob.type, bytes: blob.size,
                   created_at: new Date().toISOString()}]}))""",
            [url, op, blob_id],
        )
    finally:
        page.unroute(url)


def photo_op(case_id: int, blob_id: str, caption: str) -> dict:
    return {
        "case_local_id": f"server:{case_id}",
        "kind": "photo",
        "method": "POST",
        "path": f"/cases/{case_id}/photos",
        "form": {
            "file": {"$blob": blob_id, "filename": "site.jpg"},
            "kind": "site",
            "caption": caption,
        },
        "label": caption,
    }


def kick(page: Page) -> dict:
    return page.evaluate("() => InspectOffline.outbox.kick(true)")
