"""A photo with a ZIP or a page appended is kept whole as evidence, but stored and served only as
an opaque download, and the audit log says trailing data was found."""

import pytest
from sqlalchemy import select

from inspect_app.audit.models import AuditEntry
from inspect_app.demo.media import jpeg
from inspect_app.evidence.trailing import trailing_bytes
from inspect_app.extensions import db
from tests.evidence.conftest import only_photo, served

ZIP_TAIL = b"PK\x03\x04" + b"\x00" * 26 + b"evil.html"
HTML_TAIL = b"<html><script>alert(document.cookie)</script></html>"


@pytest.mark.parametrize("tail", [ZIP_TAIL, HTML_TAIL], ids=["zip", "html"])
def test_a_polyglot_is_kept_but_served_only_as_an_attachment(client, world, login, upload, tail):
    login(world.inspector_a)
    data = jpeg(3) + tail
    assert upload(data).status_code == 201
    photo = only_photo()
    assert photo.trailing_bytes == len(tail)
    assert photo.original_key.endswith(".bin")
    original = served(client, photo, "original")
    assert original.data == data  # the evidence is whole
    assert original.mimetype == "application/octet-stream"
    assert original.headers["Content-Disposition"].startswith("attachment")
    assert original.headers["X-Content-Type-Options"] == "nosniff"
    display = served(client, photo, "display")
    assert display.mimetype == "image/jpeg" and tail not in display.data
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "photo_trailing_data")
    ).one()
    assert entry.entity_id == photo.id and entry.details["bytes"] == len(tail)


def test_an_ordinary_photo_keeps_its_type_and_no_alarm(client, world, login, upload):
    login(world.inspector_a)
    upload(jpeg(4))
    photo = only_photo()
    assert photo.trailing_bytes == 0
    assert served(client, photo, "original").mimetype == "image/jpeg"
    query = select(AuditEntry).where(AuditEntry.action == "photo_trailing_data")
    assert db.session.scalars(query).first() is None


def test_trailing_bytes_are_found_in_jpeg_png_and_webp():
    from io import BytesIO

    from PIL import Image

    for fmt, options in (("JPEG", {"progressive": True}), ("PNG", {}), ("WEBP", {})):
        buffer = BytesIO()
        Image.new("RGB", (40, 30), "teal").save(buffer, fmt, **options)
        data = buffer.getvalue()
        assert trailing_bytes(data, fmt) == 0
        assert trailing_bytes(data + HTML_TAIL, fmt) == len(HTML_TAIL)
