"""Enforcement documents (执法文书) and their numbering.

A document freezes what it states (`content`) when it is made; its PDF is rendered once from
that content by the worker (documents.jobs) and kept with its SHA-256, like a record revision.
Documents the unit receives are also rendered in a public edition (names masked) and listed on
the case's public page.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db


class DocumentKind(StrEnum):
    """The documents of the process, in the order a case file (案卷) files them."""

    ORDER_NOTICE = "order_notice"  # 责令限期整改指令书
    EXTENSION_DECISION = "extension_decision"  # 延期整改审批 (the answer to an extension request)
    REINSPECTION_OPINION = "reinspection_opinion"  # 整改复查意见书
    SIMPLE_DECISION = "simple_decision"  # 当场处罚决定书 (simple procedure)
    FILING_APPROVAL = "filing_approval"  # 立案审批表
    PENALTY_NOTICE = "penalty_notice"  # 行政处罚告知书 (陈述申辩)
    STATEMENT_RECORD = "statement_record"  # 陈述申辩笔录
    HEARING_NOTICE = "hearing_notice"  # 听证告知书
    COLLECTIVE_DISCUSSION = "collective_discussion"  # 集体讨论记录 (major cases)
    DECISION = "decision"  # 行政处罚决定书
    SERVICE_RECEIPT = "service_receipt"  # 文书送达回执
    PAYMENT_REMINDER = "payment_reminder"  # 罚款催缴通知书
    REFERRAL = "referral"  # 案件移送书
    CLOSING_APPROVAL = "closing_approval"  # 结案审批表


class Document(db.Model):
    """One enforcement document of a case (and of one proceeding, for a penalty's documents)."""

    __tablename__ = "enforcement_document"
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    proceeding_id: Mapped[int | None] = mapped_column(ForeignKey("proceeding.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    # 文书编号, e.g. 洋口应急责改〔2026〕12号: unique within its region (towns of one name may
    # exist in two counties), so it is indexed, not a unique key.
    number: Mapped[str] = mapped_column(String(64), index=True)
    dated: Mapped[date]  # the date the document bears (China Standard Time)
    content: Mapped[dict] = mapped_column(JSON)  # everything it states, frozen
    public: Mapped[bool] = mapped_column(default=False)  # the unit receives it: on its page
    # The stored full edition: None until the worker has rendered it (documents.jobs).
    storage_key: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str | None] = mapped_column(String(64))
    size_bytes: Mapped[int | None]
    pages: Mapped[int | None]
    # Whether it prints the case's public link as a QR code, frozen when it is made (the worker
    # renders it later, perhaps once the case is issued); None: made before, as the case is.
    with_qr: Mapped[bool | None]
    public_storage_key: Mapped[str | None] = mapped_column(String(200))
    public_sha256: Mapped[str | None] = mapped_column(String(64))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by: Mapped[User] = relationship()

    @property
    def is_rendered(self) -> bool:
        """Both editions it has are stored (the worker has run)."""
        return bool(self.storage_key) and (not self.public or bool(self.public_storage_key))


class DocumentCounter(db.Model):
    """The last number used per region, year and kind of document."""

    __tablename__ = "document_counter"

    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
