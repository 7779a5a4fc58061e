"""Penalties."""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.database import UTCDateTime, utcnow
from inspect_app.extensions import db


class Penalty(db.Model):
    """行政处罚 and other measures against the unit or a named person."""

    __tablename__ = "penalty"
    __table_args__ = (
        CheckConstraint("party IN ('unit', 'person')", name="party"),
        CheckConstraint("fine_yuan >= 0", name="fine"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    party: Mapped[str] = mapped_column(String(8))
    person_name: Mapped[str | None] = mapped_column(String(64))
    violation: Mapped[str] = mapped_column(Text)
    basis_code: Mapped[str] = mapped_column(String(32))
    fine_yuan: Mapped[int] = mapped_column(default=0)
    decision_no: Mapped[str] = mapped_column(String(64), default="")
    decision_date: Mapped[date | None] = mapped_column(index=True)
    measures: Mapped[list] = mapped_column(JSON, default=list)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    client_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    created_by: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}
