"""A full disk (ENOSPC) answers with a clear message, keeps nothing half-saved, and alerts."""

import errno
import logging
import sqlite3
from io import BytesIO

import pytest
from sqlalchemy.exc import OperationalError

from inspect_app.demo.media import jpeg
from inspect_app.diskfull import is_disk_full
from inspect_app.storage import LocalStorage
from tests.evidence.conftest import JSON, photo_count, stored_files
from tests.factories import make_inspection
from tests.pages import parse

MESSAGE = "服务器存储空间不足，数据未保存"


@pytest.fixture
def case(world):
    return make_inspection(world)


@pytest.fixture
def full_disk(monkeypatch):
    """Writes succeed until `after` files are written, then the disk is full."""
    real = LocalStorage._write_atomically
    state = {"after": 0, "written": 0}

    def write(path, data):
        if state["written"] >= state["after"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        state["written"] += 1
        return real(path, data)

    monkeypatch.setattr(LocalStorage, "_write_atomically", staticmethod(write))
    return state


def _upload(client, case, as_json=True):
    form = {"kind": "site", "caption": "", "item_code": "", "file": (BytesIO(jpeg(7)), "p.jpg")}
    return client.post(
        f"/inspections/{case.id}/photos",
        data=form,
        headers=JSON if as_json else {},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize("after", [0, 1, 2])
def test_a_full_disk_mid_upload_saves_nothing_and_says_so(
    app, client, world, login, case, full_disk, after, caplog
):
    login(world.inspector_a)
    before = stored_files(app)
    full_disk["after"] = after  # the original, the display copy or the thumbnail fails
    with caplog.at_level(logging.CRITICAL, logger="inspect_app.alerts"):
        response = _upload(client, case)
    assert response.status_code == 507
    assert response.get_json()["error"] == MESSAGE
    assert photo_count() == 0
    assert stored_files(app) == before
    assert any(
        r.levelno == logging.CRITICAL and "storage full" in r.message for r in caplog.records
    )


def test_the_page_shows_the_message_without_javascript(app, client, world, login, case, full_disk):
    login(world.inspector_a)
    response = _upload(client, case, as_json=False)
    assert response.status_code == 507
    assert MESSAGE in parse(response).select_one("main").get_text()


def test_a_full_database_is_recognised():
    sqlite_full = OperationalError(
        "INSERT …", {}, sqlite3.OperationalError("database or disk is full")
    )
    assert is_disk_full(sqlite_full)
    assert is_disk_full(RuntimeError("wrapped")) is False
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise RuntimeError("while saving") from inner
    except RuntimeError as outer:
        assert is_disk_full(outer)
