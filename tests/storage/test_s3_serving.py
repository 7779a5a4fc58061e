"""The app on the S3 backend: files are written to the bucket (none on local disk) and the views
serve them with the same headers, ETag, conditional GET and byte ranges as from the folder."""

import hashlib
import urllib.request
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from inspect_app.demo.media import jpeg
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.issuing.services import issue_record
from inspect_app.records import services
from inspect_app.storage import storage
from tests.dossier.conftest import closed, url  # noqa: F401  (the closed case file)
from tests.dossier.test_dossier import english  # noqa: F401
from tests.public.helpers import issued_case, post_answer
from tests.records import helpers


@pytest.fixture
def app_config(s3_settings):
    return s3_settings


@pytest.fixture
def issued(world):
    case = helpers.complete_case(world, photos=1)
    issue_record(case, world.inspector_a)
    db.session.commit()
    return case


def _local_files(app) -> list[Path]:
    return [p for p in Path(app.config["STORAGE_DIR"]).rglob("*") if p.is_file()]


def test_the_record_pdf_comes_from_the_bucket(app, client, login, world, issued):
    assert storage().identity.startswith("s3:") and _local_files(app) == []
    stored = services.record_file(issued)
    data = storage().read(stored.storage_key)
    assert hashlib.sha256(data).hexdigest() == stored.sha256
    login(world.inspector_a)
    address = f"/inspections/{issued.id}/record-1.pdf"
    response = client.get(address)
    assert response.status_code == 200 and response.data == data
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, max-age=3600"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("inline;")
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.get_etag() == (stored.sha256, False)
    again = client.get(address, headers={"If-None-Match": f'"{stored.sha256}"'})
    assert again.status_code == 304 and again.data == b""
    part = client.get(address, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.data == data[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(data)}"


def test_with_signed_urls_the_pdf_is_a_short_lived_redirect_to_the_store(
    app, client, login, world, issued
):
    app.config["S3_SIGNED_URL_SECONDS"] = 120
    stored = services.record_file(issued)
    login(world.inspector_a)
    response = client.get(f"/inspections/{issued.id}/record.pdf")
    assert response.status_code == 302 and response.headers["Cache-Control"] == "no-store"
    location = response.headers["Location"]
    assert location.startswith(app.config["S3_ENDPOINT_URL"]) and "X-Amz-Expires=120" in location
    with urllib.request.urlopen(location) as answer:
        assert answer.read() == storage().read(stored.storage_key)
        assert answer.headers["Content-Type"] == "application/pdf"
        assert answer.headers["Cache-Control"] == "private, no-cache"
        assert answer.headers["Content-Disposition"].startswith("inline;")
    photo = db.session.query(Photo).filter_by(inspection_id=issued.id).first()
    thumb = client.get(f"/inspections/{issued.id}/photos/{photo.id}/thumb")
    assert thumb.status_code == 200  # images stay on the app's origin (the page's CSP)


def test_a_public_photo_comes_from_the_bucket(app, client, world):
    case = issued_case(world)
    response = post_answer(client, case, case.orders[0], code=case.code, photos=[jpeg(8)])
    assert response.status_code == 302
    sent = db.session.query(Photo).filter(Photo.response_id.isnot(None)).one()
    display = client.get(f"{case.url}/photos/{sent.id}/display")
    assert display.status_code == 200 and display.mimetype == "image/jpeg"
    assert display.data == storage().read(sent.display_key)
    assert Image.open(BytesIO(display.data)).format == "JPEG"
    assert client.get(f"{case.url}/photos/{sent.id}/original").status_code == 404
    assert _local_files(app) == []


def test_the_case_file_archive_streams_the_originals_from_the_bucket(app, closed, client):  # noqa: F811
    response = client.get(url(closed, "zip"))
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(BytesIO(response.data))
    photos = [n for n in archive.namelist() if n.endswith(".jpg")]
    assert photos
    for name in photos:
        assert hashlib.sha256(archive.read(name)).hexdigest() in {
            p.sha256 for p in db.session.query(Photo)
        }
    assert _local_files(app) == []
