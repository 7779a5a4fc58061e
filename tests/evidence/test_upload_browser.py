"""The upload script in a phone browser: downscaled, upright, capture facts kept, safe retries.

Each scenario runs Playwright in a thread of its own: tests/browser holds Playwright's sync API
on the main thread for the whole session, and a second sync instance cannot share that thread.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import sync_playwright
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.demo.media import gps_exif
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.inspections.services import open_inspection
from inspect_app.storage import storage
from inspect_app.subjects.models import Subject
from tests.browser.support import (
    CHROMIUM,
    LAUNCH_ARGS,
    SHORT_TAP_TARGETS_JS,
    SIDEWAYS_JS,
    SMALL_TEXT_JS,
    phone_context_args,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.browser
INSPECTOR = "wang.qiang"  # the demo inspector of 栟茶镇, whose cases no other browser test uses


@pytest.fixture
def case_id(browser_app) -> int:
    """A fresh draft case in 栟茶镇, so photos of other tests never collide."""
    with browser_app.app_context():
        officer = db.session.scalar(select(User).where(User.username == INSPECTOR))
        subject = db.session.scalar(select(Subject).where(Subject.region_id == officer.region_id))
        case = open_inspection(
            subject,
            officer,
            [officer],
            started_at=datetime(2026, 3, 12, 1, 30, tzinfo=UTC),
            place="栟茶镇",
            representative_name="代表",
            representative_position="负责人",
        )
        db.session.commit()
        return case.id


@pytest.fixture
def on_gallery(live_server_url, case_id):
    """Run scenario(page) on the case's photo page, on a signed-in phone of the given width."""

    def run(scenario, width: int = 390):
        def in_thread():
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
                )
                try:
                    context = browser.new_context(**phone_context_args(width))
                    context.set_default_timeout(15_000)
                    page = context.new_page()
                    sign_in(page, live_server_url, INSPECTOR)
                    page.goto(f"{live_server_url}/inspections/{case_id}/photos")
                    return scenario(page)
                finally:
                    browser.close()

        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(in_thread).result()

    return run


def photos_of(app, case_id: int) -> list[Photo]:
    with app.app_context():
        query = select(Photo).where(Photo.inspection_id == case_id).order_by(Photo.id)
        photos = list(db.session.scalars(query))
        db.session.expunge_all()
        return photos


def sideways_phone_photo(tmp_path) -> str:
    """3000×2000 stored pixels, EXIF orientation 6: a portrait photo, red half on top."""
    im = Image.new("RGB", (3000, 2000), (220, 20, 20))
    im.paste((20, 20, 220), (1500, 0, 3000, 2000))
    exif = gps_exif()
    exif[0x0112] = 6
    path = tmp_path / "IMG_0001.jpg"
    im.save(path, "JPEG", quality=90, exif=exif)
    return str(path)


def small_photo(tmp_path, name="small.jpg") -> str:
    path = tmp_path / name
    Image.new("RGB", (640, 480), (30, 120, 60)).save(path, "JPEG")
    return str(path)


def test_large_photo_is_downscaled_upright_with_its_capture_facts(
    on_gallery, browser_app, case_id, tmp_path
):
    def scenario(page):
        page.select_option("select[name=kind]", "training_photo")
        page.set_input_files("#file-gallery", sideways_phone_photo(tmp_path))
        page.locator(".photo-gallery .photo-card").first.wait_for()

    on_gallery(scenario)
    [photo] = photos_of(browser_app, case_id)
    assert max(photo.width, photo.height) == 2560 and photo.height > photo.width
    assert photo.captured_at == datetime(2022, 5, 10, 1, 30, tzinfo=UTC)
    assert photo.gps_lat == pytest.approx(31.2302, abs=1e-4)
    with browser_app.app_context():
        display = Image.open(BytesIO(storage().read(photo.display_key))).convert("RGB")
    top = display.getpixel((display.width // 2, 10))
    bottom = display.getpixel((10, display.height - 10))
    assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]


def test_lost_answer_is_retried_with_the_same_key_and_makes_one_photo(
    on_gallery, browser_app, case_id, tmp_path, monkeypatch
):
    keys = []
    monkeypatch.setattr(browser_app, "wsgi_app", _answer_lost_once(browser_app.wsgi_app, keys))

    def scenario(page):
        page.fill("input[name=caption]", "签到表 第2页")
        page.set_input_files("#file-camera", small_photo(tmp_path))
        page.locator(".queue-retry").wait_for()
        stored_before_retry = len(photos_of(browser_app, case_id))
        bar_while_failed = page.locator(".queue-item-error .queue-progress").is_hidden()
        page.locator(".queue-retry").click()
        done = page.locator(".queue-item-done .queue-status")
        done.wait_for()
        bar_when_done = page.locator(".queue-item-done .queue-progress").is_visible()
        existing = page.locator("form.upload-form").get_attribute("data-msg-existing")
        captions = page.locator(".photo-gallery .photo-caption").all_inner_texts()
        bars = (bar_while_failed, bar_when_done)
        return stored_before_retry, done.inner_text() == existing, captions, bars

    stored_before_retry, told_existing, captions, bars = on_gallery(scenario)
    assert bars == (True, True)  # no bar above the failure; the retry shows it again
    assert stored_before_retry == 1  # stored, though the phone was told 502
    assert told_existing and captions == ["签到表 第2页"]
    assert len(keys) == 2 and keys[0] == keys[1]
    assert len(photos_of(browser_app, case_id)) == 1


def _answer_lost_once(wsgi_app, keys: list):
    """Note each upload's key; the first upload is stored, but a proxy answers 502 instead."""

    def app(environ, start_response):
        if environ["REQUEST_METHOD"] != "POST" or "/photos" not in environ["PATH_INFO"]:
            return wsgi_app(environ, start_response)
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = BytesIO(body)
        keys.append(re.search(rb'name="idempotency_key"\r\n\r\n([^\r]+)', body).group(1))
        if len(keys) > 1:
            return wsgi_app(environ, start_response)
        b"".join(wsgi_app(environ, lambda *args: None))
        start_response("502 Bad Gateway", [("Content-Type", "text/html")])
        return [b"<h1>Bad gateway</h1>"]

    return app


def test_refused_file_shows_the_server_message_without_retry(
    on_gallery, browser_app, case_id, tmp_path
):
    notes = tmp_path / "notes.jpg"
    notes.write_bytes(b"minutes of the safety meeting\n" * 40)

    def scenario(page):
        page.set_input_files("#file-gallery", str(notes))
        failed = page.locator(".queue-item-error")
        failed.wait_for()
        screenshot(page, "upload-refused")
        return (
            failed.locator(".queue-status").inner_text(),
            failed.locator(".queue-retry").is_hidden(),
            failed.locator(".queue-remove").is_visible(),
            failed.locator(".queue-progress").is_hidden(),
        )

    status, retry_hidden, discard_shown, bar_hidden = on_gallery(scenario)
    assert "JPEG" in status and retry_hidden and discard_shown
    assert bar_hidden  # a full progress bar above the refusal would read as "sent"
    assert photos_of(browser_app, case_id) == []


@pytest.mark.parametrize("width", [360, 390])
def test_gallery_fits_a_phone(on_gallery, tmp_path, width):
    def scenario(page):
        page.select_option("select[name=kind]", "sign_in_sheet")
        page.fill("input[name=headcount_on_sheet]", "30")
        page.fill("input[name=headcount_in_photos]", "18")
        page.set_input_files("#file-camera", small_photo(tmp_path))
        page.locator(".photo-gallery .headcount-gap").wait_for()
        page.reload()
        page.locator(".photo-gallery .headcount-gap").wait_for()
        short = page.evaluate(SHORT_TAP_TARGETS_JS, 44)
        small = page.evaluate(SMALL_TEXT_JS, 16)
        return short, small, page.evaluate(SIDEWAYS_JS)

    short, small, sideways = on_gallery(scenario, width)
    assert short == [] and small == []
    assert sideways["scrollWidth"] <= sideways["innerWidth"], sideways["wide"]


def noisy_photo(tmp_path) -> str:
    """About 1 MB of JPEG that the phone sends as it is (no side over 2560 px)."""
    import random

    size = (1200, 800)
    pixels = random.Random(5).randbytes(size[0] * size[1] * 3)
    path = tmp_path / "noisy.jpg"
    Image.frombytes("RGB", size, pixels).save(path, "JPEG", quality=80)
    return str(path)


def test_a_dropped_upload_resumes_from_the_part_it_reached(
    on_gallery, browser_app, case_id, tmp_path, monkeypatch
):
    starts: list[int] = []
    monkeypatch.setattr(browser_app, "wsgi_app", _second_part_dropped(browser_app.wsgi_app, starts))
    photo = noisy_photo(tmp_path)

    def scenario(page):
        page.set_input_files("#file-gallery", photo)
        page.locator(".queue-retry").wait_for()
        page.locator(".queue-retry").click()
        page.locator(".queue-item-done").wait_for()
        return page.locator(".photo-gallery .photo-card").count()

    assert on_gallery(scenario) == 1
    part = 256 * 1024
    # The first part arrived, the second was cut off; the retry went on from the second part.
    assert starts[:3] == [0, part, part] and starts.count(0) == 1
    stored = photos_of(browser_app, case_id)
    assert len(stored) == 1
    with open(photo, "rb") as original:
        assert stored[0].size_bytes == len(original.read())


def _second_part_dropped(wsgi_app, starts: list):
    """Note where each part starts; the first try of the second part is lost on the way."""

    def app(environ, start_response):
        if environ["REQUEST_METHOD"] != "PUT":
            return wsgi_app(environ, start_response)
        starts.append(int(re.match(r"bytes (\d+)-", environ["HTTP_CONTENT_RANGE"]).group(1)))
        if len(starts) == 2:
            environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            start_response("502 Bad Gateway", [("Content-Type", "text/html")])
            return [b"<h1>Bad gateway</h1>"]
        return wsgi_app(environ, start_response)

    return app
