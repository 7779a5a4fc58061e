"""Signatures."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db

REPRESENTATIVE = "representative"
INSPECTOR = "inspector"

SIGNER_ROLE_LABELS = {
    INSPECTOR: _l("Inspector"),
    REPRESENTATIVE: _l("Unit's representative"),
}

# What a signer confirms by signing, shown above the pad.
STATEMENTS = {
    INSPECTOR: _l("I confirm that the content of this on-site inspection record is true."),
    REPRESENTATIVE: _l(
        "I have read this on-site inspection record and confirm that its content is true."
    ),
}


class Signature(db.Model):
    """A drawn signature (PNG in storage) or a recorded refusal to sign (安全生产法 Art. 68)."""

    __tablename__ = "signature"
    __table_args__ = (
        UniqueConstraint(
            "inspection_id", "revision", "signer_key", name="uq_signature_revision_signer"
        ),
        CheckConstraint("role IN ('inspector', 'representative')", name="role"),
        CheckConstraint(
            "(refused AND image_key IS NULL) OR (NOT refused AND image_key IS NOT NULL)",
            name="signed_or_refused",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    # The revision of the record it signs: 1 for the record issued on site, then each 更正.
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
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
    version: Mapped[int] = mapped_column(default=1)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_signed(self) -> bool:
        return not self.refused and self.image_key is not None

    @property
    def recorded_by_someone_else(self) -> bool:
        """An inspector's slot signed on a colleague's phone, or any representative entry."""
        return self.recorded_by_id != self.user_id


def open_revision(inspection) -> int | None:
    """The revision signatures are collected for now: 1 while the case is a draft, the next
    one while the issued record has a pending correction (更正), otherwise none."""
    if inspection.is_draft:
        return 1
    if inspection.pending_correction:
        return inspection.revision + 1
    return None


def shown_revision(inspection) -> int:
    """The revision whose signatures the case shows: the open one, else the latest issued."""
    return open_revision(inspection) or inspection.revision


@dataclass(frozen=True)
class SignerSlot:
    """One person who must sign the record, with what they have given so far."""

    key: str
    revision: int
    role: str
    name: str
    user_id: int | None
    cert_no: str
    position: str
    signature: Signature | None

    @property
    def may_refuse(self) -> bool:
        return self.role == REPRESENTATIVE

    @property
    def role_label(self) -> str:
        return str(SIGNER_ROLE_LABELS[self.role])

    @property
    def statement(self) -> str:
        return str(STATEMENTS[self.role])

    @property
    def anchor(self) -> str:
        """An HTML id for the slot's card."""
        return "signer-" + self.key.replace(":", "-")
