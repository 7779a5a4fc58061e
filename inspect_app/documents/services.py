"""Making an enforcement document: number it, freeze its content, check it would print; the
worker renders and stores it once after the commit (documents.jobs).

Each kind has its template, templates/documents/<kind>.html, extending documents/layout.html;
it prints only what `content` holds, so the stored PDF can always be explained by the row.
Person names in a template go through the `person` filter: the public edition masks them.
A signature is frozen as its storage key and hash; `signature_image(key, sha256)` embeds it in
the full edition only.
"""

import base64
import hashlib
import re
from collections.abc import Iterator
from datetime import date

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.documents.kinds import FILING_ORDER, kind_info
from inspect_app.documents.models import Document, DocumentCounter
from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError
from inspect_app.inspections.models import Inspection
from inspect_app.jobs.services import request_render
from inspect_app.pdf import STATIC_ROOT, MissingGlyphs, RenderedPdf, render_document
from inspect_app.qr import qr_data_uri
from inspect_app.redaction import mask_name
from inspect_app.storage import storage

STYLESHEET = STATIC_ROOT / "css" / "record.css"
DOCUMENT_LOCALE = "zh_Hans"
REGION_SUFFIX = re.compile(r"(街道|镇|乡|县|区|市)$")
DOCUMENT_JOB = "document"
PROBE = '<html lang="zh-Hans"><body><main><p>{}</p><p><strong>{}</strong></p></main></body></html>'


class DocumentNotPrintable(CaseError):
    """The document holds characters no installed font can draw."""


def issue_document(
    inspection: Inspection,
    kind: str,
    user: User,
    content: dict,
    *,
    proceeding_id: int | None = None,
    dated: date | None = None,
) -> Document:
    """Number, check and audit one document, in the caller's transaction, and have the worker
    render and store it (full and, for the unit's documents, public edition) once it commits."""
    info = kind_info(kind)
    dated = dated or clock.today()
    document = Document(
        inspection_id=inspection.id,
        proceeding_id=proceeding_id,
        kind=kind,
        number=next_number(inspection, kind, dated.year),
        dated=dated,
        content=content,
        public=info.public,
        with_qr=info.public and bool(inspection.public_url),
        created_by_id=user.id,
    )
    check_printable(document)
    db.session.add(document)
    db.session.flush()  # its id names the job
    request_render(DOCUMENT_JOB, inspection.id, document_key(document.id))
    record_audit(user, "issue_document", document, inspection, kind=kind, number=document.number)
    return document


def check_printable(document: Document) -> None:
    """Raise what rendering would raise for the content (a signature image missing or damaged,
    DocumentNotPrintable), without rendering it: one line of its distinct characters, with the
    documents' own stylesheet (the same fonts and fallbacks)."""
    for key, sha256 in _signatures(document.content):
        signature_image(key, sha256)
    texts = [document.number, *_texts(document.content)]
    characters = "".join(sorted({c for text in texts for c in text} | {"*"}))
    probe = str(escape(characters))
    try:
        render_document(PROBE.format(probe, probe), STYLESHEET)
    except MissingGlyphs as error:
        raise DocumentNotPrintable(str(error)) from error


def document_key(document_id: int) -> str:
    """The render job's key of a document (documents.jobs)."""
    return f"d{document_id}"


def _texts(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def _signatures(value) -> Iterator[tuple[str, str]]:
    """Every frozen signature image of the content: (storage key, SHA-256)."""
    if isinstance(value, dict):
        if value.get("storage_key") and value.get("sha256"):
            yield value["storage_key"], value["sha256"]
        for item in value.values():
            yield from _signatures(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _signatures(item)


def base_content(inspection: Inspection) -> dict:
    """What every document of a case states about its agency, party and case."""
    subject = inspection.subject
    suffix = current_app.config["AGENCY_SUFFIX"]
    return {
        "agency": f"{inspection.region.name}{suffix}",
        "subject": {"name": subject.name, "uscc": subject.uscc, "address": subject.address},
        "case_number": inspection.case_number,
    }


def next_number(inspection: Inspection, kind: str, year: int) -> str:
    """The next 文书编号 of the region for this kind and year: 洋口应急责改〔2026〕3号.

    The counter row is created if missing (a concurrent creation is tolerated), then bumped by
    one UPDATE, which holds the row (PostgreSQL) or the write lock (SQLite) to the commit."""
    key = {"region_id": inspection.region_id, "year": year, "kind": kind}
    _create_counter(key)
    bump = (
        update(DocumentCounter)
        .filter_by(**key)
        .values(last_seq=DocumentCounter.last_seq + 1)
        .returning(DocumentCounter.last_seq)
    )
    seq = db.session.execute(bump).scalar_one()
    return f"{region_prefix(inspection.region.name)}应急{kind_info(kind).mark}〔{year}〕{seq}号"


def region_prefix(name: str) -> str:
    """洋口镇 → 洋口, 如东县 → 如东: the short name documents are numbered under."""
    return REGION_SUFFIX.sub("", name) or name


def _create_counter(key: dict) -> None:
    statement = (
        pg_insert(DocumentCounter).on_conflict_do_nothing()
        if db.session.get_bind().dialect.name == "postgresql"
        else insert(DocumentCounter).prefix_with("OR IGNORE")
    )
    db.session.execute(statement.values(**key, last_seq=0))


def render_document_pdf(inspection: Inspection, document: Document, public: bool) -> RenderedPdf:
    """The PDF of a document in one edition (the public one masks every person's name)."""
    with force_locale(DOCUMENT_LOCALE):
        html = render_template(
            f"documents/{document.kind}.html",
            document=document,
            content=document.content,
            title=str(kind_info(document.kind).title),
            inspection=inspection,
            public=public,
            person=mask_name if public else _same,
            qr=_qr(inspection, document),
            signature_image=_no_image if public else signature_image,
        )
    try:
        return render_document(html, STYLESHEET)
    except MissingGlyphs as error:
        raise DocumentNotPrintable(str(error)) from error


def signature_image(key: str, sha256: str) -> str:
    """A stored signature PNG as a data: URI, checked against the hash the content froze.

    Only the full edition gets it: the public edition says "signed" and shows no image.
    """
    data = storage().read(key) if key and storage().exists(key) else b""
    if not data or hashlib.sha256(data).hexdigest() != sha256:
        raise CaseError(_("The stored signature image is missing or damaged."))
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def _no_image(key: str, sha256: str) -> str:
    return ""


def _same(name: str | None) -> str:
    return name or ""


def _qr(inspection: Inspection, document: Document) -> str | None:
    """The case's public link as a QR code, on the documents the unit receives (when it had
    one as the document was made)."""
    printed = document.with_qr if document.with_qr is not None else document.public
    if not printed or not inspection.public_url:
        return None
    return qr_data_uri(inspection.public_url)


def case_documents(inspection: Inspection, public_only: bool = False) -> list[Document]:
    """A case's documents in the order they were made."""
    query = select(Document).where(Document.inspection_id == inspection.id)
    if public_only:
        query = query.where(Document.public.is_(True))
    return list(db.session.scalars(query.order_by(Document.id)))


def proceeding_documents(proceeding_id: int) -> list[Document]:
    """A proceeding's documents (and its case's rectification documents) in filing order."""
    query = select(Document).where(Document.proceeding_id == proceeding_id)
    found = list(db.session.scalars(query))
    rank = {kind: i for i, kind in enumerate(FILING_ORDER)}
    return sorted(found, key=lambda d: (rank[d.kind], d.dated, d.id))


def case_document(inspection: Inspection, document_id: int) -> Document | None:
    """One document of this case, or None."""
    document = db.session.get(Document, document_id)
    return document if document is not None and document.inspection_id == inspection.id else None


def download_name(document: Document) -> str:
    """责令限期整改指令书-洋应急责改〔2026〕3号.pdf (Chinese, like the paper)."""
    with force_locale(DOCUMENT_LOCALE):
        return f"{kind_info(document.kind).title}-{document.number}.pdf"
