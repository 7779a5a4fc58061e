"""Findings and rectification orders."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Column,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db

finding_photo = Table(
    "finding_photo",
    db.metadata,
    Column("finding_id", ForeignKey("finding.id"), primary_key=True),
    Column("photo_id", ForeignKey("photo.id"), primary_key=True),
)

order_finding = Table(
    "order_finding",
    db.metadata,
    Column("order_id", ForeignKey("rectification_order.id"), primary_key=True),
    Column("finding_id", ForeignKey("finding.id"), primary_key=True),
)


class OrderStatus(StrEnum):
    OPEN = "open"
    RECTIFIED = "rectified"
    NOT_RECTIFIED = "not_rectified"


# The condition of the partial index ix_rectification_order_unrectified.
UNRECTIFIED = f"status != '{OrderStatus.RECTIFIED.value}'"


class Finding(db.Model):
    """A problem found on site, resting on a check item, a certificate check and/or photos."""

    __tablename__ = "finding"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    item_code: Mapped[str | None] = mapped_column(String(16))
    certificate_check_id: Mapped[int | None] = mapped_column(ForeignKey("certificate_check.id"))
    quiz_attempt_id: Mapped[int | None] = mapped_column(ForeignKey("quiz_attempt.id"))
    description: Mapped[str] = mapped_column(Text)
    client_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    photos: Mapped[list[Photo]] = relationship(secondary=finding_photo, order_by=Photo.id)
    orders: Mapped[list["RectificationOrder"]] = relationship(
        secondary=order_finding, back_populates="findings", order_by="RectificationOrder.id"
    )
    created_by: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}


class RectificationOrder(db.Model):
    """责令限期整改: a requirement and a deadline covering one or more findings."""

    __tablename__ = "rectification_order"
    __table_args__ = (
        # The dashboard's overdue orders: the open ones, earliest deadline first.
        Index("ix_rectification_order_status_deadline", "status", "deadline", "id"),
        # The inbox's orders of a user: only the orders not rectified (a few among all the
        # orders ever made), by status and deadline, with their case (see order_unrectified).
        Index(
            "ix_rectification_order_unrectified",
            "status",
            "deadline",
            "inspection_id",
            "id",
            sqlite_where=text(UNRECTIFIED),
            postgresql_where=text(UNRECTIFIED),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    requirement: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(16), default=OrderStatus.OPEN.value, index=True)
    client_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reinspected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reinspected_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reinspection_note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    findings: Mapped[list[Finding]] = relationship(
        secondary=order_finding, back_populates="orders", order_by=Finding.id
    )
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    reinspected_by: Mapped[User | None] = relationship(foreign_keys=[reinspected_by_id])
    responses: Mapped[list["OrderResponse"]] = relationship(
        back_populates="order", order_by="OrderResponse.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    def is_overdue_on(self, day: date) -> bool:
        """Still open after its deadline day."""
        return self.status == OrderStatus.OPEN and day > self.deadline


def order_unrectified() -> ColumnElement[bool]:
    """SQL: the order is not rectified, with the status written out (not a bound parameter),
    so that SQLite and PostgreSQL see that ix_rectification_order_unrectified holds it."""
    return RectificationOrder.status != literal_column(f"'{OrderStatus.RECTIFIED.value}'")


class OrderResponse(db.Model):
    """The enterprise's answer to a rectification order, sent from the public case page."""

    __tablename__ = "order_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("rectification_order.id"), index=True)
    note: Mapped[str] = mapped_column(Text)
    client_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    order: Mapped[RectificationOrder] = relationship(back_populates="responses")
    photos: Mapped[list[Photo]] = relationship(order_by=Photo.id)


class ExtensionStatus(StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"


class OrderExtension(db.Model):
    """The unit's request for more time on an order (from its public page), and the decision."""

    __tablename__ = "order_extension"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("rectification_order.id"), index=True)
    requested_deadline: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    previous_deadline: Mapped[date]  # the order's deadline when the request came in
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default=ExtensionStatus.PENDING.value)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    granted_deadline: Mapped[date | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")
    client_key: Mapped[str] = mapped_column(String(64), unique=True)
    version: Mapped[int] = mapped_column(default=1)

    order: Mapped[RectificationOrder] = relationship()
    decided_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
