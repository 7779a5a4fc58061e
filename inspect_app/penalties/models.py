"""Penalties."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.catalogs import CatalogError, LegalBasis, legal_basis
from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db


def find_basis(code: str | None) -> LegalBasis | None:
    """The legal-basis catalog entry for a code, or None."""
    try:
        return legal_basis(code or "")
    except CatalogError:
        return None


class Party(StrEnum):
    UNIT = "unit"
    PERSON = "person"


class Procedure(StrEnum):
    GENERAL = "general"
    SIMPLE = "simple"  # 当场处罚, Administrative Penalty Law Art. 51


class Penalty(db.Model):
    """行政处罚 and other measures against the unit or a named person."""

    __tablename__ = "penalty"
    __table_args__ = (
        CheckConstraint("party IN ('unit', 'person')", name="party"),
        CheckConstraint("fine_yuan >= 0", name="fine"),
        CheckConstraint("procedure IN ('general', 'simple')", name="procedure"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    party: Mapped[str] = mapped_column(String(8))
    person_name: Mapped[str | None] = mapped_column(String(64))
    violation: Mapped[str] = mapped_column(Text)
    basis_code: Mapped[str] = mapped_column(String(32))
    # Copied from the catalog at decision time, so a later catalog edit never rewrites a record.
    basis_law: Mapped[str] = mapped_column(String(128), default="")
    basis_article: Mapped[str] = mapped_column(String(64), default="")
    fine_yuan: Mapped[int] = mapped_column(default=0)
    procedure: Mapped[str] = mapped_column(String(8), default=Procedure.GENERAL.value)
    decision_no: Mapped[str] = mapped_column(String(64), default="")
    decision_date: Mapped[date | None] = mapped_column(index=True)
    measures: Mapped[list] = mapped_column(JSON, default=list)
    # A general-procedure penalty is the decision of a proceeding; a simple one stands alone.
    proceeding_id: Mapped[int | None] = mapped_column(
        ForeignKey("proceeding.id"), index=True, unique=True
    )
    # The decision form it was served with (当场处罚决定书 or 行政处罚决定书).
    document_id: Mapped[int | None] = mapped_column(ForeignKey("enforcement_document.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    client_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    inspection: Mapped["Inspection"] = relationship()  # noqa: F821  (resolved by the registry)
    created_by: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_simple(self) -> bool:
        return self.procedure == Procedure.SIMPLE

    @property
    def basis(self) -> LegalBasis | None:
        """The catalog entry, or None if the deployment's catalog no longer has the code."""
        return find_basis(self.basis_code)

    @property
    def counted_fine(self) -> int:
        """The fine that counts in totals: nothing once revoked."""
        return 0 if self.is_revoked else self.fine_yuan
