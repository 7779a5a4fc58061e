"""Capture and upload times: stored in UTC, read and shown on the configured zone's wall clock."""

from datetime import UTC, datetime

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from inspect_app import clock
from inspect_app.demo.media import gps_exif, jpeg
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.records.services import render_record
from tests.evidence.conftest import only_photo
from tests.pages import parse


def _photo_times(client, photo) -> tuple[str, str]:
    """(the gallery's capture line, the photo page's 'received' line)."""
    gallery = parse(client.get(f"/inspections/{photo.inspection_id}/photos"))
    taken = gallery.select_one(".photo-time").get_text(" ", strip=True)
    edit = parse(client.get(f"/inspections/{photo.inspection_id}/photos/{photo.id}/edit"))
    terms = {dt.get_text(strip=True): dt.find_next("dd") for dt in edit.select("dt")}
    return taken, terms["接收时间"].get_text(" ", strip=True)


def _pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    return "".join(page.get_textpage().get_text_range() for page in pdf)


def _at_five_past_ten(clock) -> str:
    """Stop the clock at 10:05 in Shanghai today; returns the day as YYYY-MM-DD."""
    clock.move_to(clock.now().replace(hour=10, minute=5, second=0, microsecond=0), tick=False)
    return clock.today().isoformat()


def test_shanghai_wall_clock_everywhere(app, client, world, login, upload, clock):
    today = _at_five_past_ten(clock)
    login(world.inspector_a)
    assert upload(jpeg(exif=gps_exif())).status_code == 201  # EXIF 09:30, no offset
    photo = only_photo()
    assert photo.captured_at == datetime(2022, 5, 10, 1, 30, tzinfo=UTC)
    taken, received = _photo_times(client, photo)
    assert "2022-05-10 09:30" in taken
    assert received.startswith(f"{today} 10:05")
    with app.test_request_context():
        text = _pdf_text(render_record(photo.inspection, draft=True))
    assert "2022年5月10日 09:30" in text and "01:30" not in text


def test_an_offset_in_the_photo_wins_over_the_zone(app, client, world, login, upload):
    exif = gps_exif()
    exif.get_ifd(0x8769)[0x9011] = "+09:00"  # taken in Tokyo
    login(world.inspector_a)
    upload(jpeg(exif=exif))
    photo = only_photo()
    assert photo.captured_at == datetime(2022, 5, 10, 0, 30, tzinfo=UTC)
    assert "2022-05-10 08:30" in _photo_times(client, photo)[0]  # shown in Shanghai time


@pytest.mark.parametrize("app_config", [{"TIMEZONE": "Asia/Kathmandu"}])
def test_the_configured_zone_reads_and_shows_times(app, client, world, login, upload, clock):
    """Nothing assumes China: a deployment in UTC+05:45 reads and shows its own wall clock."""
    today = _at_five_past_ten(clock)  # 02:05 UTC, 07:50 in Kathmandu
    login(world.inspector_a)
    upload(jpeg(exif=gps_exif()))
    photo = only_photo()
    assert photo.captured_at == datetime(2022, 5, 10, 3, 45, tzinfo=UTC)
    taken, received = _photo_times(client, photo)
    assert "2022-05-10 09:30" in taken and received.startswith(f"{today} 07:50")


def test_demo_photos_were_taken_in_working_hours_on_their_inspection_day(demo_app):
    """The demo's EXIF times are local wall-clock times: 01:30 would be UTC shown as local."""
    photos = list(db.session.scalars(select(Photo).where(Photo.captured_at.is_not(None))))
    assert photos
    for photo in photos:
        taken = clock.to_local(photo.captured_at)
        assert 8 <= taken.hour < 18, (photo.id, taken)
