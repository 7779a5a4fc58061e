"""A generated summary report draft: the Word document and the PDF of its figures, stored."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db
from inspect_app.regions.models import Region


class SummaryDraft(db.Model):
    """A draft of a region's written summary (书面总结报告) for a campaign, as generated."""

    __tablename__ = "summary_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    campaign: Mapped[str] = mapped_column(String(64))
    first_month: Mapped[str] = mapped_column(String(7))  # YYYY-MM, the period counted
    last_month: Mapped[str] = mapped_column(String(7))
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    generated_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    docx_key: Mapped[str] = mapped_column(String(255))
    pdf_key: Mapped[str] = mapped_column(String(255))

    region: Mapped[Region] = relationship()
    generated_by: Mapped[User] = relationship()
