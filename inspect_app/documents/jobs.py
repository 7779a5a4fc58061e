"""Enforcement documents are rendered by the worker (inspect_app.jobs), like the record.

Issuing a document commits its row (number, date, frozen content) and a job; the worker renders
the full edition and, for the documents the unit receives, the public one, from that row alone,
so the stored bytes are those rendering in the request made. Until then every link to it says
生成中 and its download answers 202 with a refresh.
"""

from inspect_app.documents import services
from inspect_app.documents.models import Document
from inspect_app.documents.services import DOCUMENT_JOB, document_key
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.jobs.models import JobStatus, RenderJob
from inspect_app.jobs.services import Pending, find_job, pending_of
from inspect_app.storage import storage

DOCUMENT = DOCUMENT_JOB
AREA = "documents"


def job_document(job: RenderJob) -> Document | None:
    """The document a job renders (for the admins' list)."""
    return db.session.get(Document, int(job.key.removeprefix("d")))


def render_document_job(job: RenderJob) -> None:
    """The worker's part: render the editions not stored yet, then store them together."""
    document = job_document(job)
    if document is None or document.is_rendered:
        return
    inspection = db.session.get(Inspection, document.inspection_id)
    full = (
        None if document.storage_key else services.render_document_pdf(inspection, document, False)
    )
    public = None
    if document.public and not document.public_storage_key:
        public = services.render_document_pdf(inspection, document, True)
    if full is not None:
        document.storage_key, document.sha256 = storage().put(full.data, AREA, ".pdf")
        document.size_bytes, document.pages = len(full.data), full.pages
    if public is not None:
        key, digest = storage().put(public.data, AREA, ".pdf")
        document.public_storage_key, document.public_sha256 = key, digest


def pending_document(document: Document | None) -> Pending | None:
    """生成中 while the worker has yet to store the document; None once it has (or for None)."""
    if document is None or document.is_rendered:
        return None
    job = find_job(DOCUMENT, document.inspection_id, document_key(document.id))
    if job is None or job.status == JobStatus.DONE:  # done, yet not stored: ask again
        return Pending(refresh=3, failed=job is not None)
    return pending_of(job)


HANDLERS = {DOCUMENT: render_document_job}
