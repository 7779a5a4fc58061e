"""Monthly enforcement statistics (附件3) as filed by a reporting unit."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
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
