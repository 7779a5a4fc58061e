"""Reports as filed by a town: monthly statistics (附件3) and the self-check summary (附件2)."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db
from inspect_app.regions.models import Region


class MonthlyReport(db.Model):
    """A town's 附件3 for one month, filed (报送) to the county with the figures it showed."""

    __tablename__ = "monthly_report"
    __table_args__ = (UniqueConstraint("region_id", "month", name="uq_monthly_report_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM, Asia/Shanghai calendar month
    filled_by_name: Mapped[str] = mapped_column(String(64))  # 填报人
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    figures: Mapped[dict] = mapped_column(JSON, default=dict)

    region: Mapped[Region] = relationship()
    filed_by: Mapped[User] = relationship()


class SelfCheckSummaryFiling(db.Model):
    """A town's 附件2 for a campaign's self-check phase, filed (报送) to the county."""

    __tablename__ = "form2_filing"
    __table_args__ = (UniqueConstraint("region_id", "campaign", name="uq_form2_filing_campaign"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    campaign: Mapped[str] = mapped_column(String(64))
    first_day: Mapped[date] = mapped_column(Date)  # the self-check phase filed, local days
    last_day: Mapped[date] = mapped_column(Date)
    filled_by_name: Mapped[str] = mapped_column(String(64))  # 填报人
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    figures: Mapped[dict] = mapped_column(JSON, default=dict)

    region: Mapped[Region] = relationship()
    filed_by: Mapped[User] = relationship()
    amendments: Mapped[list["SelfCheckSummaryAmendment"]] = relationship(
        back_populates="filing", order_by="SelfCheckSummaryAmendment.id"
    )


class SelfCheckSummaryAmendment(db.Model):
    """An amendment (更正) of a filed 附件2: why, by whom, and what had been filed before."""

    __tablename__ = "form2_amendment"

    id: Mapped[int] = mapped_column(primary_key=True)
    filing_id: Mapped[int] = mapped_column(ForeignKey("form2_filing.id"), index=True)
    reason: Mapped[str] = mapped_column(String(500))
    amended_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    amended_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    filled_by_name: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict] = mapped_column(JSON, default=dict)  # filed_at, filled_by, figures

    filing: Mapped[SelfCheckSummaryFiling] = relationship(back_populates="amendments")
    amended_by: Mapped[User] = relationship()
