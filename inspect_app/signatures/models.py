"""Signatures."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.database import UTCDateTime, utcnow
from inspect_app.extensions import db


class Signature(db.Model):
    """A drawn signature (PNG in storage) or a recorded refusal to sign (安全生产法 Art. 68)."""

    __tablename__ = "signature"
    __table_args__ = (
        UniqueConstraint("inspection_id", "signer_key", name="uq_signature_signer"),
        CheckConstraint("role IN ('inspector', 'representative')", name="role"),
        CheckConstraint(
            "(refused AND image_key IS NULL) OR (NOT refused AND image_key IS NOT NULL)",
            name="signed_or_refused",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    signer_key: Mapped[str] = mapped_column(String(32))  # "inspector:<user id>" or "representative"
    role: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    signer_name: Mapped[str] = mapped_column(String(64))
    image_key: Mapped[str | None] = mapped_column(String(200))
    image_sha256: Mapped[str | None] = mapped_column(String(64))
    refused: Mapped[bool] = mapped_column(default=False)
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
