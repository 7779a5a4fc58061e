"""The record's PDFs are rendered by the worker (inspect_app.jobs): both editions of each issued
revision, and the preview of a draft, kept per content of the draft (its snapshot's SHA-256),
so asking again for an unchanged draft serves the same file.

A revision renders from its frozen snapshot exactly as it did inside the issuing transaction
(the stored file bears the revision's own time), so moving it changes no byte and no hash.
"""

from sqlalchemy import select

from inspect_app.casefile.snapshot import build_snapshot, snapshot_hash
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection, Revision
from inspect_app.jobs.models import JobStatus, RenderJob
from inspect_app.jobs.services import (
    Pending,
    ensure_render,
    find_job,
    pending_of,
    request_render,
    retry_job,
)
from inspect_app.records import services
from inspect_app.records.models import Edition, RecordFile
from inspect_app.signatures.models import shown_revision
from inspect_app.storage import storage

RECORD = "record"
PREVIEW = "preview"
PREVIEW_AREA = "previews"
__all__ = ["HANDLERS", "Pending", "pending_record", "preview_pending", "request_preview"]


def request_revision_pdfs(inspection: Inspection, revision: Revision) -> RenderJob:
    """Have the worker render and store both editions of a revision once the caller commits."""
    return request_render(RECORD, inspection.id, _revision_key(revision.number))


def render_revision(job: RenderJob) -> None:
    """The worker's part: render the editions a revision lacks, then store them together.

    Both are rendered before the first write, so the write lock is held only to insert two
    rows; an edition already stored is not rendered again."""
    inspection = db.session.get(Inspection, job.inspection_id)
    number = int(job.key.removeprefix("r"))
    revision = db.session.scalar(
        select(Revision).filter_by(inspection_id=inspection.id, number=number)
    )
    stored = {f.edition for f in _files(inspection.id, number)}
    rendered = [
        (edition, services.render_record_document(inspection, revision, edition=edition))
        for edition in Edition
        if edition.value not in stored
    ]
    for edition, pdf in rendered:
        key, digest = storage().put(pdf.data, "records", ".pdf")
        db.session.add(
            RecordFile(
                inspection_id=inspection.id,
                revision=number,
                edition=edition.value,
                storage_key=key,
                sha256=digest,
                size_bytes=len(pdf.data),
                pages=pdf.pages,
                created_at=revision.created_at,
            )
        )


def pending_record(inspection: Inspection, edition: str = Edition.FULL) -> Pending | None:
    """The latest revision's PDF in one edition while the worker has yet to store it; None
    when it is stored, or when nothing is rendering it (a draft, a record from before)."""
    if inspection.is_draft or not inspection.revision:
        return None
    if services.record_file(inspection, edition=edition) is not None:
        return None
    job = find_job(RECORD, inspection.id, _revision_key(inspection.revision))
    return None if job is None or job.status == JobStatus.DONE else pending_of(job)


def request_preview(inspection: Inspection) -> RenderJob:
    """The job previewing the draft as it is now: the one done or under way for the same
    content, or a new one (older previews of the case are forgotten). Flushes."""
    key = draft_key(inspection)
    job = find_job(PREVIEW, inspection.id, key)
    if job is None:
        _forget_previews(inspection.id)
        return ensure_render(PREVIEW, inspection.id, key)
    if job.status == JobStatus.DONE and not job.result_key:  # changed, then changed back
        retry_job(job)
    return job


def preview_pending(job: RenderJob) -> Pending:
    return pending_of(job)


def render_preview(job: RenderJob) -> str | None:
    """The worker's part: render and store the draft's preview; None (and nothing stored)
    when the draft has changed or been issued since (the page then asks again)."""
    inspection = db.session.get(Inspection, job.inspection_id)
    if inspection is None or not inspection.is_draft or draft_key(inspection) != job.key:
        return None
    pdf = services.render_record(inspection, draft=True)
    return storage().put(pdf, PREVIEW_AREA, ".pdf")[0]


def draft_key(inspection: Inspection) -> str:
    """The SHA-256 of everything the draft's record states now."""
    return snapshot_hash(build_snapshot(inspection, shown_revision(inspection)))


def _forget_previews(inspection_id: int) -> None:
    """Drop the case's finished previews (rows and files): the draft has moved on."""
    query = select(RenderJob).where(
        RenderJob.kind == PREVIEW,
        RenderJob.inspection_id == inspection_id,
        RenderJob.status.in_([JobStatus.DONE, JobStatus.FAILED]),
    )
    for old in db.session.scalars(query):
        if old.result_key:
            storage().delete(old.result_key)
        db.session.delete(old)


def _files(inspection_id: int, number: int) -> list[RecordFile]:
    query = select(RecordFile).filter_by(inspection_id=inspection_id, revision=number)
    return list(db.session.scalars(query))


def _revision_key(number: int) -> str:
    return f"r{number}"


HANDLERS = {RECORD: render_revision, PREVIEW: render_preview}
