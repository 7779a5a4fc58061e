"""The inspection record as a PDF: rendered from a revision's frozen snapshot, stored once.

The record is always Chinese (the paper copy the inspector and the enterprise keep), whatever
language the user reads the app in. It shows no ID numbers, phone numbers or GPS; certificate
spot checks show masked names and certificate numbers. Each revision is stored in two editions:
the full one the inspector prints, and the public one behind the QR code (records.editions).
"""

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError
from inspect_app.inspections.models import Inspection, Revision
from inspect_app.pdf import (
    STATIC_ROOT,
    LockedFetcher,
    MissingGlyphs,
    RenderedPdf,
    render_document,
)
from inspect_app.records.context import record_context
from inspect_app.records.models import Edition, RecordFile
from inspect_app.storage import storage

STYLESHEET = STATIC_ROOT / "css" / "record.css"
RECORD_LOCALE = "zh_Hans"


class RecordNotPrintable(CaseError):
    """The record holds characters no installed font can draw (they would print as boxes)."""

    def __init__(self, characters: list[str]) -> None:
        self.characters = characters
        super().__init__(
            _l(
                "The record cannot be printed: the font has no glyph for %(chars)s. "
                "Replace these characters (emoji, for example) and try again.",
                chars=" ".join(characters) or "?",
            )
        )


def _store_edition(inspection: Inspection, revision: Revision, edition: Edition) -> RecordFile:
    rendered = render_record_document(inspection, revision, edition=edition)
    key, digest = storage().put(rendered.data, "records", ".pdf")
    record = RecordFile(
        inspection_id=inspection.id,
        revision=revision.number,
        edition=edition.value,
        storage_key=key,
        sha256=digest,
        size_bytes=len(rendered.data),
        pages=rendered.pages,
    )
    db.session.add(record)
    return record


def store_missing_editions() -> int:
    """Render and store every edition an issued revision lacks (revisions issued before the
    public edition existed); returns how many were stored. The caller commits."""
    stored = {
        (f.inspection_id, f.revision, f.edition) for f in db.session.scalars(select(RecordFile))
    }
    made = 0
    for revision in db.session.scalars(select(Revision).order_by(Revision.id)):
        for edition in Edition:
            if (revision.inspection_id, revision.number, edition.value) not in stored:
                _store_edition(revision.inspection, revision, edition)
                made += 1
    return made


def render_record(
    inspection: Inspection,
    revision: Revision | None = None,
    draft: bool = False,
    fetcher: LockedFetcher | None = None,
    edition: str = Edition.FULL,
) -> bytes:
    """PDF bytes of a revision (default: the latest), or of the live draft marked 草稿."""
    if not draft and revision is None:
        if not inspection.revisions:
            raise ValueError("a draft has no issued revision; pass draft=True")
        revision = inspection.revisions[-1]
    revision = None if draft else revision
    return render_record_document(inspection, revision, fetcher, edition).data


def render_record_document(
    inspection: Inspection,
    revision: Revision | None,
    fetcher: LockedFetcher | None = None,
    edition: str = Edition.FULL,
) -> RenderedPdf:
    """Render the record of a revision, or of the live case when revision is None (a draft)."""
    with force_locale(RECORD_LOCALE):
        context = record_context(inspection, revision, edition)
        html = render_template("records/record.html", **context)
    try:
        return render_document(html, STYLESHEET, fetcher)
    except MissingGlyphs as error:
        raise RecordNotPrintable(error.characters) from error


def record_files(inspection: Inspection, edition: str = Edition.FULL) -> list[RecordFile]:
    """The stored PDFs of a case in one edition, one per revision, oldest first."""
    query = select(RecordFile).where(
        RecordFile.inspection_id == inspection.id, RecordFile.edition == edition
    )
    return list(db.session.scalars(query.order_by(RecordFile.revision)))


def record_file(
    inspection: Inspection, number: int | None = None, edition: str = Edition.FULL
) -> RecordFile | None:
    """The stored PDF of one revision (default: the latest) in one edition, or None."""
    number = inspection.revision if number is None else number
    query = select(RecordFile).where(
        RecordFile.inspection_id == inspection.id,
        RecordFile.revision == number,
        RecordFile.edition == edition,
    )
    return db.session.scalar(query)


def download_name(inspection: Inspection, number: int) -> str:
    """现场检查记录-<case number>-第N版.pdf (always Chinese, like the record)."""
    with force_locale(RECORD_LOCALE):
        title = _("On-site inspection record")
        edition = _("Revision %(n)s", n=number).replace(" ", "")
    return f"{title}-{inspection.case_number}-{edition}.pdf"


def draft_name(inspection: Inspection) -> str:
    """现场检查记录-草稿-<id>.pdf for the preview of a draft."""
    with force_locale(RECORD_LOCALE):
        return f"{_('On-site inspection record')}-{_('Draft')}-{inspection.id}.pdf"
