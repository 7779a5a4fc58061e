"""What issuing still checks before it commits, now that the worker renders the PDF after it:
the signature images are there with their frozen hashes, the photos' display copies are there,
and every character of the record has a glyph in an installed font.

The glyph check renders one line of the record's distinct characters with the record's own
stylesheet (the same fonts and fallbacks as the record), a few kilobytes of PDF instead of the
whole record and its photos.
"""

from collections.abc import Iterator

from markupsafe import escape
from sqlalchemy import select

from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection, Revision
from inspect_app.pdf import MissingGlyphs, render_document
from inspect_app.records.context import RecordFileMissing
from inspect_app.records.images import signature_image
from inspect_app.records.services import STYLESHEET, RecordNotPrintable
from inspect_app.signatures.models import Signature
from inspect_app.storage import storage

PROBE = '<html lang="zh-Hans"><body><main><p>{}</p><p><strong>{}</strong></p></main></body></html>'


def check_printable(inspection: Inspection, revision: Revision) -> None:
    """Raise what rendering this revision would raise for its content (RecordFileMissing,
    RecordNotPrintable), without rendering it."""
    _check_signatures(inspection, revision.snapshot)
    _check_photos(inspection)
    _check_glyphs(revision)


def _check_signatures(inspection: Inspection, snapshot: dict) -> None:
    query = select(Signature).where(Signature.inspection_id == inspection.id)
    rows = list(db.session.scalars(query))
    for entry in snapshot["signatures"]:
        if entry["refused"]:
            continue
        keys = [r.image_key for r in rows if r.image_sha256 == entry["image_sha256"]]
        signature_image(keys[0] if keys else None, entry["image_sha256"])


def _check_photos(inspection: Inspection) -> None:
    query = select(Photo.display_key).where(Photo.evidence_of(inspection.id))
    for key in db.session.scalars(query):
        if not key or not storage().exists(key):
            raise RecordFileMissing()


def _check_glyphs(revision: Revision) -> None:
    characters = "".join(sorted({c for text in _texts(revision.snapshot) for c in text}))
    characters += "".join(sorted(set(revision.reason or "")))
    text = str(escape(characters))
    try:
        render_document(PROBE.format(text, text), STYLESHEET)
    except MissingGlyphs as error:
        raise RecordNotPrintable(error.characters) from error


def _texts(value) -> Iterator[str]:
    """Every string of the snapshot, keys left out."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
