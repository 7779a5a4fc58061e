"""Rendered record PDFs, stored once per revision and edition."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db


class Edition(StrEnum):
    """The full record the inspector prints (with the verification code), and the public one
    behind the QR code (names masked; no code, personal photos or signature images)."""

    FULL = "full"
    PUBLIC = "public"


class RecordFile(db.Model):
    """The PDF of one revision of a record in one edition: rendered once, then always served
    from storage."""

    __tablename__ = "record_file"
    __table_args__ = (
        UniqueConstraint(
            "inspection_id", "revision", "edition", name="uq_record_file_revision_edition"
        ),
        CheckConstraint("edition IN ('full', 'public')", name="edition"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    revision: Mapped[int]
    edition: Mapped[str] = mapped_column(String(8), default=Edition.FULL, server_default="full")
    storage_key: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    pages: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
