"""Monthly rollups of the case figures (dashboard, 附件3), kept current in the writing
transaction. The table keeps the name it had when only the dashboard read it."""

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from inspect_app.extensions import db


class MonthlyRollup(db.Model):
    """One figure of one region in one local month (YYYY-MM, Asia/Shanghai).

    Measures: `opened`, `issued` (cases), `penalties`, `yuan` (counted penalties), `unit`
    (key: a penalized subject's id; value: its counted penalties), `fined` (the same key; value:
    the yuan of those penalties, when more than 0), `findings` and
    `finding_cases` (key: subject kind and check item code, "kind|code").
    """

    __tablename__ = "dashboard_rollup"
    # Besides the key (by region): the units of each month, read in (month, key) order.
    __table_args__ = (
        Index("ix_dashboard_rollup_measure_month", "measure", "month", "key", "region_id"),
    )

    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    measure: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True, default="")
    value: Mapped[int] = mapped_column(BigInteger)
