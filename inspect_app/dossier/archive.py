"""The case file's stored originals as a ZIP with manifest.json (names, kinds, numbers, dates
and SHA-256 of every file), streamed as it is written.

Every file is checked against its stored hash before the first byte is sent, so a missing or
altered file is refused with a message; each is hashed again as it is copied, and a file that
changed in between breaks the download rather than pass unnoticed.
"""

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from inspect_app.clock import local_day
from inspect_app.documents.services import DOCUMENT_LOCALE
from inspect_app.dossier.services import (
    CHUNK,
    DossierError,
    check_closed,
    filed_items,
    verify_file,
)
from inspect_app.evidence.models import Photo
from inspect_app.inspections.models import Inspection
from inspect_app.proceedings.models import Proceeding
from inspect_app.storage import storage

MANIFEST = "manifest.json"
MISMATCH = "The stored file %(name)s changed while the archive was being made."
UNSAFE = str.maketrans(dict.fromkeys('/\\:*?"<>|', "_"))


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str
    number: str
    date: str | None
    sha256: str
    size_bytes: int
    storage_key: str
    caption: str = ""


def archive_entries(inspection: Inspection, proceeding: Proceeding) -> list[Entry]:
    """The files of the ZIP, each checked against its stored hash (DossierError if not)."""
    check_closed(proceeding)
    items = filed_items(inspection, proceeding)
    entries = [_document_entry(n, item) for n, item in enumerate(items, 1)]
    with force_locale(DOCUMENT_LOCALE):
        folder = str(_l("Evidence photos"))
    entries += [_photo_entry(folder, n, photo) for n, photo in enumerate(proceeding.evidence, 1)]
    for entry in entries:
        verify_file(entry.storage_key, entry.sha256, entry.name)
    return entries


def manifest(inspection: Inspection, proceeding: Proceeding, entries: list[Entry]) -> bytes:
    files = [{k: v for k, v in asdict(e).items() if k != "storage_key"} for e in entries]
    data = {
        "case_number": inspection.case_number,
        "proceeding_number": proceeding.number,
        "files": files,
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def stream_zip(entries: list[Entry], manifest_bytes: bytes) -> Iterator[bytes]:
    """The ZIP, chunk by chunk: the stored files as they are (not recompressed), then the
    manifest."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w") as archive:
        for entry in entries:
            yield from _copy(archive, sink, entry)
        archive.writestr(_info(MANIFEST, None, zipfile.ZIP_DEFLATED), manifest_bytes)
    yield sink.take()


def _copy(archive: zipfile.ZipFile, sink: "_Sink", entry: Entry) -> Iterator[bytes]:
    info = _info(entry.name, entry.date, zipfile.ZIP_STORED)
    info.file_size = entry.size_bytes
    digest = hashlib.sha256()
    with storage().open(entry.storage_key) as source, archive.open(info, "w") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
            if data := sink.take():
                yield data
    if digest.hexdigest() != entry.sha256:
        raise DossierError(MISMATCH % {"name": entry.name})


def _info(name: str, day: str | None, compression: int) -> zipfile.ZipInfo:
    stamp = date.fromisoformat(day) if day else date(1980, 1, 1)
    info = zipfile.ZipInfo(name, date_time=(stamp.year, stamp.month, stamp.day, 0, 0, 0))
    info.compress_type = compression
    return info


def _document_entry(n: int, item) -> Entry:
    name = f"{n:02d}-{item.title}-{item.number}".translate(UNSAFE) + ".pdf"
    key, day = item.storage_key, item.dated.isoformat()
    return Entry(name, item.kind, item.number, day, item.sha256, _size(key), key)


def _photo_entry(folder: str, n: int, photo: Photo) -> Entry:
    name = f"{folder}/{n:02d}-{photo.download_name('original')}"
    day = local_day(photo.captured_at or photo.uploaded_at).isoformat()
    key = photo.original_key
    return Entry(name, f"photo:{photo.kind}", "", day, photo.sha256, _size(key), key, photo.caption)


def _size(key: str) -> int:
    try:
        return storage().size(key)
    except FileNotFoundError:
        return 0


class _Sink(io.RawIOBase):
    """A write-only stream that hands over what has been written since the last take()."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data, self._chunks = b"".join(self._chunks), []
        return data
