"""Photos the unit chose for an answer that was refused, held until it answers again."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db


class HeldPhoto(db.Model):
    """A photo sent with an answer that was refused (a wrong code, no note): kept for a day so
    the unit need not choose it again. Bound to one order of one case; only the random `ref`
    in that form's hidden field names it, and no view ever serves it."""

    __tablename__ = "held_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("rectification_order.id"), index=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    storage_key: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(100), default="")
    size_bytes: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
