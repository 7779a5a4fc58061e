"""Uploading photo evidence through the real views: refusals, idempotency, copies, failures.

Refusal messages are compared with the app's own gettext under the default locale (zh_Hans):
until the Chinese catalog is merged that is the English msgid, afterwards the Chinese text.
"""

import hashlib
from datetime import UTC, datetime
from io import BytesIO

import pytest
from PIL import Image, ImageFile
from sqlalchemy import func, select

from inspect_app.audit.models import AuditEntry
from inspect_app.casefile.snapshot import build_snapshot
from inspect_app.demo.media import gps_exif, jpeg
from inspect_app.evidence import services
from inspect_app.extensions import db
from inspect_app.inspections.models import Revision
from tests.evidence.conftest import only_photo, photo_count, served, store, stored_files, translated
from tests.pages import parse

NOT_AN_IMAGE = "This file is not a photo the app can read. Send a JPEG, PNG, WebP or HEIC picture."
TOO_MANY_PIXELS = "The picture has too many pixels (over %(limit)s megapixels)."
TRUNCATED = "The file arrived incomplete. Try sending it again."
TOO_LARGE = "What you sent is larger than allowed. Send a smaller file, or fewer at once."
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10"/></svg>'


@pytest.fixture(scope="module")
def png_bomb() -> bytes:
    """About 200 megapixels of one-bit PNG, well under a megabyte."""
    buffer = BytesIO()
    Image.new("1", (14_142, 14_142)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 1_000_000
    return buffer.getvalue()


def test_upload_keeps_received_bytes_and_reads_capture_facts(app, client, world, login, upload):
    login(world.inspector_a)
    data = jpeg(exif=gps_exif())
    response = upload(data, kind="training_record", caption="Archive, 2022", item_code="PU-8")
    assert response.status_code == 201
    body = response.get_json()
    photo = only_photo()
    assert body["ok"] and body["created"] and body["id"] == photo.id
    assert body["thumb_url"] == f"/inspections/{photo.inspection_id}/photos/{photo.id}/thumb"
    assert photo.sha256 == hashlib.sha256(data).hexdigest() and photo.size_bytes == len(data)
    assert (photo.format, photo.width, photo.height) == ("JPEG", 64, 48)
    assert (photo.item_code, photo.kind, photo.caption) == (
        "PU-8",
        "training_record",
        "Archive, 2022",
    )
    assert photo.captured_at == datetime(2022, 5, 10, 1, 30, tzinfo=UTC)
    assert photo.gps_lat == pytest.approx(31.2302, abs=1e-4)
    assert photo.gps_lon == pytest.approx(121.475, abs=1e-4)
    assert photo.uploaded_by_id == world.inspector_a.id and photo.uploaded_at is not None
    assert photo.original_key.endswith(f"{photo.sha256}.jpg")
    assert served(client, photo, "original").data == data


def test_files_are_served_with_private_caching_and_the_right_disposition(
    client, world, login, upload
):
    login(world.inspector_a)
    upload(jpeg())
    photo = only_photo()
    for variant, disposition in (
        ("display", "inline"),
        ("thumb", "inline"),
        ("original", "attachment"),
    ):
        response = served(client, photo, variant)
        assert response.status_code == 200
        assert response.mimetype == "image/jpeg"
        assert response.headers["Cache-Control"] == "private, max-age=3600"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Disposition"].startswith(disposition)
    assert served(client, photo, "exif").status_code == 404


@pytest.mark.parametrize(
    ("make_data", "filename", "message"),
    [
        (lambda bomb: bomb, "plan.png", TOO_MANY_PIXELS),
        (
            lambda bomb: b"These are not the pixels you are looking for.\n" * 20,
            "sheet.jpg",
            NOT_AN_IMAGE,
        ),
        (lambda bomb: SVG, "sheet.svg", NOT_AN_IMAGE),
        (lambda bomb: jpeg(1, (256, 256))[:3000], "sheet.jpg", TRUNCATED),
    ],
    ids=["png-bomb", "text-named-jpg", "svg", "truncated-jpeg"],
)
def test_refused_files_get_a_message_and_store_nothing(
    app, client, world, login, upload, png_bomb, make_data, filename, message
):
    login(world.inspector_a)
    before = stored_files(app)
    response = upload(make_data(png_bomb), filename=filename)
    assert response.status_code == 422
    expected = translated(app, message, limit=app.config["MAX_PHOTO_PIXELS"] // 1_000_000)
    assert response.get_json() == {"ok": False, "error": expected}
    assert photo_count() == 0
    assert stored_files(app) == before


def test_pixel_limit_message_names_the_limit(app, client, world, login, upload, png_bomb):
    login(world.inspector_a)
    assert "60" in upload(png_bomb).get_json()["error"]


def test_body_over_the_size_limit_is_refused_with_json(app, client, world, login, case):
    login(world.inspector_a)
    before = stored_files(app)
    response = client.post(
        f"/inspections/{case.id}/photos",
        data={"kind": "site", "file": (BytesIO(b"\xff" * (30 * 1024 * 1024)), "big.jpg")},
        headers={"Accept": "application/json"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert response.get_json() == {"ok": False, "error": translated(app, TOO_LARGE)}
    assert photo_count() == 0
    assert stored_files(app) == before


def test_refusal_without_javascript_shows_the_message_and_keeps_the_caption(
    app, client, world, login, upload
):
    login(world.inspector_a)
    response = upload(b"plain text", filename="x.jpg", as_json=False, caption="Sheet page 2")
    assert response.status_code == 422
    page = parse(response)
    summary = page.select_one(".error-summary")
    assert summary is not None and translated(app, NOT_AN_IMAGE) in summary.get_text()
    assert page.select_one("input[name=caption]")["value"] == "Sheet page 2"


def test_missing_file_is_refused(app, client, world, login, case):
    login(world.inspector_a)
    response = client.post(
        f"/inspections/{case.id}/photos",
        data={"kind": "site"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 422
    assert response.get_json()["error"] == translated(
        app, "Take a photo or choose one from the gallery."
    )


def test_unknown_item_or_kind_is_refused(app, client, world, login, upload):
    login(world.inspector_a)
    assert upload(jpeg(), item_code="TI-1").status_code == 422
    assert upload(jpeg(), kind="selfie").status_code == 422
    assert photo_count() == 0


def test_retry_with_the_same_key_creates_one_photo(client, world, login, upload):
    login(world.inspector_a)
    data = jpeg(2)
    first = upload(data, idempotency_key="3f2c1b7e-retry-key")
    again = upload(data, idempotency_key="3f2c1b7e-retry-key")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["created"] is False
    assert again.get_json()["id"] == first.get_json()["id"]
    assert photo_count() == 1
    uploads = select(func.count()).where(AuditEntry.action == "upload_photo")
    assert db.session.scalar(uploads) == 1


def test_same_bytes_under_another_key_make_no_duplicate(client, world, login, upload):
    login(world.inspector_a)
    data = jpeg(3)
    first = upload(data, idempotency_key="first-key-000001")
    second = upload(data, idempotency_key="other-key-000002")
    assert second.status_code == 200 and second.get_json()["id"] == first.get_json()["id"]
    assert photo_count() == 1


def test_a_reused_key_with_another_photo_is_refused_not_dropped(client, world, login, upload):
    login(world.inspector_a)
    upload(jpeg(4), idempotency_key="form-key-0000001")
    response = upload(jpeg(5), idempotency_key="form-key-0000001")
    assert response.status_code == 422 and response.get_json()["ok"] is False
    assert photo_count() == 1


def test_exif_orientation_6_comes_out_upright(client, world, login, upload):
    login(world.inspector_a)
    im = Image.new("RGB", (80, 40), (220, 20, 20))
    im.paste((20, 20, 220), (40, 0, 80, 40))  # left half red, right half blue
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view: the left half ends up on top
    buffer = BytesIO()
    im.save(buffer, "JPEG", exif=exif)
    upload(buffer.getvalue())
    photo = only_photo()
    assert (photo.width, photo.height) == (40, 80)
    display = Image.open(BytesIO(served(client, photo, "display").data)).convert("RGB")
    assert display.size == (40, 80)
    top, bottom = display.getpixel((20, 10)), display.getpixel((20, 70))
    assert top[0] > 150 and top[2] < 100
    assert bottom[2] > 150 and bottom[0] < 100


def test_served_copies_carry_no_gps_or_other_metadata(client, world, login, upload):
    login(world.inspector_a)
    upload(jpeg(size=(300, 200), exif=gps_exif()))
    photo = only_photo()
    assert photo.gps_lat is not None
    for variant in ("display", "thumb"):
        data = served(client, photo, variant).data
        im = Image.open(BytesIO(data))
        assert not im.getexif() and not im.getexif().get_ifd(0x8825)
        assert b"Exif" not in data and b"PhoneMaker" not in data
    assert b"PhoneMaker" in served(client, photo, "original").data


def test_issued_record_needs_a_reason_and_joins_the_correction(
    app, client, world, login, upload, case
):
    case.status = "issued"
    db.session.commit()
    login(world.inspector_a)
    refused = upload(jpeg())
    assert refused.status_code == 422
    assert refused.get_json()["error"] == translated(
        app, "This record has been issued. Give the reason for the change."
    )
    assert upload(jpeg(), reason="Sheet found later").status_code == 201
    assert db.session.scalars(select(Revision)).all() == []  # until the correction is signed
    assert case.pending_correction == ["Sheet found later"]
    assert [p["sha256"] for p in build_snapshot(case)["photos"]] == [only_photo().sha256]


def test_concurrent_upload_of_the_same_key_returns_the_winner(app, world, case, monkeypatch):
    winner = store(case, world.inspector_a, jpeg(10), idempotency_key="race-key-0000001")
    monkeypatch.setattr(services, "_already_received", lambda *args: None)  # lose the race
    photo, created = services.store_photo(
        case, world.inspector_a, jpeg(10), kind="site", idempotency_key="race-key-0000001"
    )
    assert photo.id == winner.id and created is False
    assert photo_count() == 1


def test_failure_after_files_are_written_leaves_no_photo(
    app, client, world, login, upload, monkeypatch
):
    def broken_audit(*args, **kwargs):
        raise RuntimeError("audit database gone")

    monkeypatch.setattr(services, "record_audit", broken_audit)
    login(world.inspector_a)
    assert upload(jpeg()).status_code == 500
    assert photo_count() == 0


def test_truncated_jpeg_is_refused_even_after_weasyprint_is_imported(
    app, client, world, login, upload
):
    import weasyprint  # noqa: F401  (importing it turns LOAD_TRUNCATED_IMAGES on)

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as WeasyPrint leaves it, whatever the import order
    login(world.inspector_a)
    response = upload(jpeg(11, (256, 256))[:3000])
    assert response.status_code == 422
    assert response.get_json()["error"] == translated(app, TRUNCATED)
    assert photo_count() == 0
