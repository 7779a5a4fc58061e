"""Photo evidence: received bytes kept unaltered, with derived display copies."""

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db

if TYPE_CHECKING:
    from inspect_app.inspections.models import Inspection

# Media types by the format Pillow detected (phones' multi-picture JPEGs open as "MPO").
FORMAT_MIMETYPES = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "HEIF": "image/heic",
}
FORMAT_SUFFIXES = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp", "HEIF": ".heic"}
VARIANTS = ("display", "thumb", "original")


class PhotoKind(StrEnum):
    SIGN_IN_SHEET = "sign_in_sheet"
    TRAINING_PHOTO = "training_photo"
    TRAINING_RECORD = "training_record"
    EXAM_PAPER = "exam_paper"
    CERTIFICATE = "certificate"
    SITE = "site"
    OTHER = "other"


class Photo(db.Model):
    __tablename__ = "photo"
    __table_args__ = (
        UniqueConstraint("inspection_id", "sha256", name="uq_photo_inspection_sha256"),
        CheckConstraint(
            "kind IN ('sign_in_sheet', 'training_photo', 'training_record', 'exam_paper', "
            "'certificate', 'site', 'other')",
            name="kind",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    item_code: Mapped[str | None] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(24))
    caption: Mapped[str] = mapped_column(String(200), default="")
    sha256: Mapped[str] = mapped_column(String(64))
    original_key: Mapped[str] = mapped_column(String(200))
    display_key: Mapped[str] = mapped_column(String(200))
    thumb_key: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(8))
    width: Mapped[int]
    height: Mapped[int]
    size_bytes: Mapped[int]
    # Bytes found after the image's end (a polyglot): the original is served only as a download.
    trailing_bytes: Mapped[int] = mapped_column(default=0, server_default="0")
    captured_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    gps_lat: Mapped[float | None]
    gps_lon: Mapped[float | None]
    headcount_on_sheet: Mapped[int | None]
    headcount_in_photos: Mapped[int | None]
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Photos the enterprise sends with its answer to an order (no user account behind them).
    response_id: Mapped[int | None] = mapped_column(ForeignKey("order_response.id"), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    uploaded_by: Mapped[User | None] = relationship()
    inspection: Mapped["Inspection"] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @classmethod
    def evidence_of(cls, inspection_id: int):
        """The case's own evidence: photos the enterprise sent with an answer are not part of it."""
        return (cls.inspection_id == inspection_id) & cls.response_id.is_(None)

    @property
    def headcount_gap(self) -> int | None:
        """Names on the sign-in sheet minus people seen in the training photos."""
        if self.headcount_on_sheet is None or self.headcount_in_photos is None:
            return None
        return self.headcount_on_sheet - self.headcount_in_photos

    @property
    def is_sign_in_sheet(self) -> bool:
        return self.kind == PhotoKind.SIGN_IN_SHEET

    def key_of(self, variant: str) -> str:
        """The storage key of the received bytes, the display copy or the thumbnail."""
        return {"display": self.display_key, "thumb": self.thumb_key}.get(
            variant, self.original_key
        )

    def mimetype_of(self, variant: str) -> str:
        """Copies are always JPEG; the original keeps the format it arrived in, unless data
        rides after the image: then it is only ever opaque bytes."""
        if variant != "original":
            return "image/jpeg"
        if self.trailing_bytes:
            return "application/octet-stream"
        return FORMAT_MIMETYPES.get(self.format, "application/octet-stream")

    def download_name(self, variant: str) -> str:
        if variant == "original" and self.trailing_bytes:
            return f"photo-{self.id}-original.bin"
        suffix = FORMAT_SUFFIXES.get(self.format, "") if variant == "original" else ".jpg"
        return f"photo-{self.id}-{variant}{suffix}"

    @property
    def thumb_size(self) -> tuple[int, int]:
        """The thumbnail's size (longest side at most 320 px), for width and height attributes."""
        scale = min(1.0, 320 / max(self.width, self.height, 1))
        return max(1, round(self.width * scale)), max(1, round(self.height * scale))
