"""Helpers for the evidence tests: photos made with Pillow, uploads through the real views."""

import hashlib
from io import BytesIO
from pathlib import Path

import pytest
from flask_babel import gettext
from sqlalchemy import func, select

from inspect_app.evidence import services
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from tests.browser.conftest import browser_app, live_server_url  # noqa: F401  (a live demo app)
from tests.factories import make_inspection

JSON = {"Accept": "application/json"}


def translated(app, message: str, **variables) -> str:
    """The message as a user of the default language (Simplified Chinese) reads it."""
    with app.test_request_context():
        return gettext(message, **variables)


def stored_files(app) -> set[Path]:
    return {p for p in Path(app.config["STORAGE_DIR"]).rglob("*") if p.is_file()}


def photo_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Photo))


def only_photo() -> Photo:
    return db.session.scalars(select(Photo)).one()


def served(client, photo: Photo, variant: str):
    return client.get(f"/inspections/{photo.inspection_id}/photos/{photo.id}/{variant}")


def store(case, user, data: bytes, **fields) -> Photo:
    fields = {"kind": "site", "idempotency_key": f"key-{hashlib.md5(data).hexdigest()}", **fields}
    photo, _created = services.store_photo(case, user, data, **fields)
    db.session.commit()
    return photo


@pytest.fixture
def case(world):
    return make_inspection(world)


@pytest.fixture
def upload(client, case):
    """POST one photo to the case's upload view; JSON unless as_json=False."""

    def _upload(data: bytes, *, filename="photo.jpg", as_json=True, inspection=None, **fields):
        target = inspection or case
        form = {"kind": "site", "caption": "", "item_code": "", **fields}
        form["file"] = (BytesIO(data), filename)
        return client.post(
            f"/inspections/{target.id}/photos",
            data=form,
            headers=JSON if as_json else {},
            content_type="multipart/form-data",
        )

    return _upload
