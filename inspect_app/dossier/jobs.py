"""The case file's PDF is made by the worker (inspect_app.jobs) and stored, then served.

Making it renders the cover and table of contents (WeasyPrint) and merges every stored PDF, too
slow for a request. The job's key names the proceeding and the SHA-256 of what the file holds
(each item's kind, number and hash), so the stored PDF is served again as long as nothing filed
changed, and made again when something did (a corrected record, say). The ZIP of originals is
not rendered: it streams the stored files as they are, so it stays on the request.
"""

import hashlib
import json

from sqlalchemy import select

from inspect_app.documents.models import Document
from inspect_app.dossier import services
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.jobs.models import JobStatus, RenderJob
from inspect_app.jobs.services import Pending, ensure_render, pending_of, retry_job
from inspect_app.proceedings.models import Proceeding
from inspect_app.records.jobs import pending_record
from inspect_app.storage import storage

DOSSIER = "dossier"
AREA = "dossiers"
WAIT = 3  # seconds: its documents are being rendered


def waiting_for_files(inspection: Inspection, proceeding: Proceeding) -> Pending | None:
    """生成中 while a document or the record it files is still with the worker."""
    documents = [d for d in _filed_documents(inspection, proceeding) if not d.is_rendered]
    if documents or pending_record(inspection) is not None:
        return Pending(refresh=WAIT, failed=False)
    return None


def request_dossier(inspection: Inspection, proceeding: Proceeding) -> RenderJob:
    """The job making the case file as it stands: done or under way for the same content, or
    new (the proceeding's older case files are forgotten). Flushes."""
    key = dossier_key(inspection, proceeding)
    job = ensure_render(DOSSIER, inspection.id, key)
    if job.status == JobStatus.DONE and not job.result_key:  # changed, then changed back
        retry_job(job)
    _forget_older(inspection.id, proceeding.id, key)
    return job


def dossier_pending(job: RenderJob) -> Pending:
    return pending_of(job)


def render_dossier(job: RenderJob) -> str | None:
    """The worker's part: make and store the case file; None (nothing stored) when what it
    files changed since it was asked for (the page then asks again)."""
    inspection = db.session.get(Inspection, job.inspection_id)
    proceeding = db.session.get(Proceeding, int(job.key.split("-", 1)[0].removeprefix("p")))
    if proceeding is None or dossier_key(inspection, proceeding) != job.key:
        return None
    data = services.dossier_pdf(inspection, proceeding)
    return storage().put(data, AREA, ".pdf")[0]


def dossier_key(inspection: Inspection, proceeding: Proceeding) -> str:
    """p<proceeding id>-<SHA-256 of what the file holds, in order>."""
    items = services.filed_items(inspection, proceeding)
    listed = [[i.kind, i.number, i.dated.isoformat(), i.sha256, i.note] for i in items]
    digest = hashlib.sha256(json.dumps(listed, ensure_ascii=False).encode()).hexdigest()
    return f"p{proceeding.id}-{digest}"


def _filed_documents(inspection: Inspection, proceeding: Proceeding) -> list[Document]:
    query = select(Document).where(
        Document.inspection_id == inspection.id,
        (Document.proceeding_id == proceeding.id) | Document.proceeding_id.is_(None),
    )
    return list(db.session.scalars(query))


def _forget_older(inspection_id: int, proceeding_id: int, key: str) -> None:
    """Drop the proceeding's finished case files of an older content (rows and files)."""
    query = select(RenderJob).where(
        RenderJob.kind == DOSSIER,
        RenderJob.inspection_id == inspection_id,
        RenderJob.key.startswith(f"p{proceeding_id}-"),
        RenderJob.key != key,
        RenderJob.status.in_([JobStatus.DONE, JobStatus.FAILED]),
    )
    for old in db.session.scalars(query):
        if old.result_key:
            storage().delete(old.result_key)
        db.session.delete(old)


HANDLERS = {DOSSIER: render_dossier}
