"""An object store that does not answer: a clear message (503), nothing saved, never a 500."""

import logging
import socket
from io import BytesIO

import pytest

from inspect_app.demo.media import jpeg
from inspect_app.extensions import db
from inspect_app.issuing.services import issue_record
from inspect_app.storage import make_storage
from tests.evidence.conftest import JSON, photo_count
from tests.factories import make_inspection
from tests.pages import parse
from tests.records import helpers

MESSAGE = (
    "The file storage cannot be reached right now; nothing was saved. "
    "Please try again in a few minutes."
)


@pytest.fixture
def store_down(app):
    """From now on the app's storage is an S3 endpoint where nothing listens."""
    app.extensions["storage"] = make_storage("s3", _nowhere())


def _nowhere() -> dict:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return {"S3_ENDPOINT_URL": f"http://127.0.0.1:{port}", "S3_BUCKET": "gone"}


def _upload(client, case, headers):
    form = {"kind": "site", "caption": "", "item_code": "", "file": (BytesIO(jpeg(7)), "p.jpg")}
    return client.post(
        f"/inspections/{case.id}/photos",
        data=form,
        headers=headers,
        content_type="multipart/form-data",
    )


def test_an_upload_while_the_store_is_down_says_so_and_saves_nothing(
    client, login, world, store_down, caplog
):
    case = make_inspection(world)
    login(world.inspector_a)
    client.set_cookie("lang", "en")
    with caplog.at_level(logging.CRITICAL, logger="inspect_app.alerts"):
        response = _upload(client, case, JSON)
    assert response.status_code == 503 and response.get_json()["error"] == MESSAGE
    assert photo_count() == 0
    assert any("storage unreachable" in r.message for r in caplog.records)
    page = _upload(client, case, {})
    assert page.status_code == 503 and MESSAGE in parse(page).select_one("main").get_text()


def test_a_download_while_the_store_is_down_says_so(app, client, login, world):
    case = helpers.complete_case(world, photos=1)
    issue_record(case, world.inspector_a)
    db.session.commit()
    app.extensions["storage"] = make_storage("s3", _nowhere())
    login(world.inspector_a)
    client.set_cookie("lang", "en")
    response = client.get(f"/inspections/{case.id}/record.pdf")
    assert response.status_code == 503
    assert MESSAGE in parse(response).select_one("main").get_text()
