"""One row per render asked for: what to render, where it stands, the last error."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection


class JobStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class RenderJob(db.Model):
    """A PDF to render in the background: a revision of a record (key "r<number>") or the
    preview of a draft (key: the SHA-256 of the draft's snapshot). One row per kind, case and
    key, so asking twice renders once."""

    __tablename__ = "render_job"
    __table_args__ = (
        UniqueConstraint("kind", "inspection_id", "key", name="uq_render_job_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(8), default=JobStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    permanent: Mapped[bool] = mapped_column(default=False)  # the content failed: no retry
    unprintable: Mapped[str | None] = mapped_column(String(200))  # characters no font has
    result_key: Mapped[str | None] = mapped_column(String(200))  # a preview's stored PDF
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    inspection: Mapped[Inspection] = relationship()

    @property
    def is_waiting(self) -> bool:
        """Not rendered yet, and not given up on."""
        return self.status in (JobStatus.PENDING, JobStatus.RUNNING)
