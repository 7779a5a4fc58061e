"""The case file (案卷) of a closed proceeding: what it holds, in filing order, and its PDF.

The file holds the proceeding's documents, the case's rectification documents and the latest
on-site record (full edition), each exactly as stored; every file is checked against its stored
SHA-256 before it is used. The PDF is a cover and a table of contents (卷内目录) whose page
numbers are those of the merged file, followed by the stored PDFs.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

from inspect_app.clock import local_day
from inspect_app.documents.kinds import FILING_ORDER, kind_info
from inspect_app.documents.models import Document
from inspect_app.documents.models import DocumentKind as K
from inspect_app.documents.services import DOCUMENT_LOCALE, STYLESHEET, proceeding_documents
from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError
from inspect_app.inspections.models import Inspection
from inspect_app.pdf import render_document
from inspect_app.proceedings.models import Proceeding, ProceedingStatus
from inspect_app.records.services import record_file
from inspect_app.storage import storage

RECORD = "onsite_record"
CASE_KINDS = (K.ORDER_NOTICE, K.REINSPECTION_OPINION)
# The on-site record is evidence: filed after the filing approval, before the orders.
ORDER = (*FILING_ORDER[:2], RECORD, *FILING_ORDER[2:])
CHUNK = 1 << 20


class DossierError(CaseError):
    """The case file cannot be made."""


@dataclass(frozen=True)
class FiledItem:
    """One stored file of the case file."""

    kind: str
    title: str
    number: str
    dated: date
    storage_key: str
    sha256: str
    note: str = ""


def check_closed(proceeding: Proceeding) -> None:
    if proceeding.status != ProceedingStatus.CLOSED:
        raise DossierError(_l("The case file is made once the proceeding is closed."))


def filed_items(inspection: Inspection, proceeding: Proceeding) -> list[FiledItem]:
    """The stored PDFs of the case file, in filing order (documents of a kind by date)."""
    documents = proceeding_documents(proceeding.id) + _case_documents(inspection)
    items = [_document_item(d) for d in documents]
    if (record := _record_item(inspection)) is not None:
        items.append(record)
    rank = {kind: i for i, kind in enumerate(ORDER)}
    return sorted(items, key=lambda item: (rank[item.kind], item.dated))


def read_verified(key: str, sha256: str, name: str) -> bytes:
    """A stored file's bytes, refused if missing or not the file its hash was taken of."""
    if not storage().exists(key):
        raise DossierError(_l("The stored file of %(name)s is missing.", name=name))
    data = storage().read(key)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise DossierError(_l("The stored file of %(name)s does not match its hash.", name=name))
    return data


def verify_file(key: str, sha256: str, name: str) -> None:
    """Check a stored file against its hash, reading it in chunks."""
    try:
        opened = storage().open(key)
    except FileNotFoundError:
        raise DossierError(_l("The stored file of %(name)s is missing.", name=name)) from None
    digest = hashlib.sha256()
    with opened as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    if digest.hexdigest() != sha256:
        raise DossierError(_l("The stored file of %(name)s does not match its hash.", name=name))


def check_files(inspection: Inspection, proceeding: Proceeding) -> None:
    """Raise DossierError (in the reader's language) for the first filed file missing or not
    matching its hash: what the worker met, said again on the request."""
    for item in filed_items(inspection, proceeding):
        verify_file(item.storage_key, item.sha256, _label(item))


def dossier_pdf(inspection: Inspection, proceeding: Proceeding) -> bytes:
    """The case file as one PDF: cover, table of contents, then each stored PDF."""
    check_closed(proceeding)
    items = filed_items(inspection, proceeding)
    readers = [PdfReader(BytesIO(read_verified(i.storage_key, i.sha256, _label(i)))) for i in items]
    counts = [len(reader.pages) for reader in readers]
    front = _front_matter(inspection, proceeding, items, counts)
    writer = PdfWriter()
    writer.append(PdfReader(BytesIO(front.data)), import_outline=False)
    for item, reader in zip(items, readers, strict=True):  # one bookmark per document
        writer.append(reader, outline_item=_label(item), import_outline=False)
    writer.add_metadata({"/Title": f"{_case_file_title()} {proceeding.number or ''}".strip()})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _front_matter(inspection, proceeding, items, counts):
    """Render the cover and contents until the page count they assume is the one they take."""
    front_pages = 2
    for _attempt in range(4):
        rows = list(zip(items, _starts(front_pages, counts), counts, strict=True))
        rendered = _render_front(inspection, proceeding, rows, front_pages + sum(counts))
        if rendered.pages == front_pages:
            return rendered
        front_pages = rendered.pages
    raise DossierError(_l("The table of contents could not be laid out."))


def _render_front(inspection, proceeding, rows, total_pages):
    context = {
        "agency": f"{inspection.region.name}{current_app.config['AGENCY_SUFFIX']}",
        "inspection": inspection,
        "proceeding": proceeding,
        "penalty": proceeding.penalty,
        "rows": rows,
        "total_pages": total_pages,
    }
    with force_locale(DOCUMENT_LOCALE):
        html = render_template("dossier/front.html", **context)
    return render_document(html, STYLESHEET)


def _starts(front_pages: int, counts: list[int]) -> list[int]:
    """The first page of each item in the merged file (1-based)."""
    starts, page = [], front_pages + 1
    for count in counts:
        starts.append(page)
        page += count
    return starts


def _case_documents(inspection: Inspection) -> list[Document]:
    query = select(Document).where(
        Document.inspection_id == inspection.id,
        Document.kind.in_(CASE_KINDS),
        Document.proceeding_id.is_(None),
    )
    return list(db.session.scalars(query.order_by(Document.dated, Document.id)))


def _document_item(document: Document) -> FiledItem:
    with force_locale(DOCUMENT_LOCALE):
        title = str(kind_info(document.kind).title)
    return FiledItem(
        document.kind,
        title,
        document.number,
        document.dated,
        document.storage_key,
        document.sha256,
    )


def _record_item(inspection: Inspection) -> FiledItem | None:
    row = record_file(inspection)
    if row is None:
        return None
    with force_locale(DOCUMENT_LOCALE):
        title = str(_l("On-site inspection record"))
        note = str(_l("Revision %(n)s", n=row.revision)).replace(" ", "")
    return FiledItem(
        RECORD,
        title,
        inspection.case_number or "",
        local_day(row.created_at),
        row.storage_key,
        row.sha256,
        note,
    )


def _label(item: FiledItem) -> str:
    return f"{item.title} {item.number}".strip()


def _case_file_title() -> str:
    with force_locale(DOCUMENT_LOCALE):
        return str(_l("Administrative penalty case file"))
