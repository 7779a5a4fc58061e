"""Certificate spot checks."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.database import UTCDateTime, utcnow
from inspect_app.extensions import db
from inspect_app.subjects.models import Certificate, Person


class CertificateCheck(db.Model):
    """One person's certificate checked on site: shown, matching, status, platform check."""

    __tablename__ = "certificate_check"
    __table_args__ = (
        UniqueConstraint("inspection_id", "person_id", name="uq_certificate_check_person"),
        CheckConstraint("result IN ('pass', 'fail')", name="result"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id"))
    shown: Mapped[bool]
    number_matches: Mapped[bool | None]
    status: Mapped[str | None] = mapped_column(String(16))
    platform_verified: Mapped[bool] = mapped_column(default=False)
    result: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text, default="")
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    person: Mapped[Person] = relationship()
    certificate: Mapped[Certificate | None] = relationship()
    checked_by: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}
