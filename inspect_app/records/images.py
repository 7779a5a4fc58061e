"""The record's images as data: URIs: print copies of the evidence photos, signature images.

Both are read from storage; a signature is used only if it still has the hash the record froze.
"""

import base64
import hashlib
from collections.abc import Iterable
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app.casefile.models import PhotoEntry
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError
from inspect_app.inspections.models import Inspection
from inspect_app.pdf import print_jpeg
from inspect_app.storage import StorageError, storage

PRINT_CACHE_SIZE = 64  # print copies (~100 kB each) kept in memory between renders


class RecordFileMissing(CaseError):
    """A photo or signature image of the record is not in storage (or no longer matches)."""

    message = _l(
        "A stored photo or signature of this record is missing or damaged. Ask the administrator."
    )


def annex_photos(inspection: Inspection, entries: Iterable[PhotoEntry]) -> list[dict]:
    """The annex: print copies (≤ 1000 px, metadata-free JPEG) of the casefile's photos shown,
    keeping their numbers (withheld ones are left out by the caller, and never read)."""
    query = select(Photo).where(Photo.evidence_of(inspection.id))
    rows = {p.sha256: p for p in db.session.scalars(query)}
    return [
        {**vars(entry), "src": data_uri("image/jpeg", _print_copy(_display_key(rows, entry)))}
        for entry in entries
    ]


def _display_key(rows: dict[str, Photo], entry: PhotoEntry) -> str | None:
    row = rows.get(entry.sha256)
    return row.display_key if row else None


def _print_copy(key: str | None) -> bytes:
    try:
        return _cached_print_copy(storage().identity, key or "")
    except (OSError, StorageError) as error:
        raise RecordFileMissing() from error


@lru_cache(maxsize=PRINT_CACHE_SIZE)
def _cached_print_copy(identity: str, key: str) -> bytes:
    """Print copies by storage (its identity) and key: a key names its content, so a cached copy
    never goes stale."""
    if not key:
        raise StorageError(key)
    return print_jpeg(storage().read(key))


def signature_image(key: str | None, sha256: str | None) -> str:
    """The stored signature image as a data: URI, only if it still has the frozen hash."""
    data = _read(key)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise RecordFileMissing()
    return data_uri("image/png", data)


def _read(key: str | None) -> bytes:
    """The bytes of a stored file; RecordFileMissing if gone."""
    if not key:
        raise RecordFileMissing()
    try:
        return storage().read(key)
    except (OSError, StorageError) as error:
        raise RecordFileMissing() from error


def data_uri(mimetype: str, data: bytes) -> str:
    return f"data:{mimetype};base64,{base64.b64encode(data).decode('ascii')}"
