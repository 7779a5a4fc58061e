"""Enforcement plans (执法计划), 双随机 draws, tasks (检查任务) and officers' conflicts."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.regions.models import Region
from inspect_app.subjects.models import Subject


class PlanStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class TaskSource(StrEnum):
    DRAW = "draw"
    TIP = "tip"
    MANUAL = "manual"


class EnforcementPlan(db.Model):
    """A region's plan for a campaign over a run of months: what must be covered, what sampled."""

    __tablename__ = "enforcement_plan"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'approved')", name="status"),
        CheckConstraint("sample_share BETWEEN 0 AND 100", name="sample_share"),
        CheckConstraint("first_month <= last_month", name="months"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    title: Mapped[str] = mapped_column(String(128))
    campaign: Mapped[str] = mapped_column(String(64))
    first_month: Mapped[date]  # first day of the plan's first month
    last_month: Mapped[date]  # first day of its last month
    # Kinds every subject of which is inspected (全覆盖), and kinds sampled (抽查).
    full_kinds: Mapped[list] = mapped_column(JSON, default=list)
    sample_kinds: Mapped[list] = mapped_column(JSON, default=list)
    sample_share: Mapped[int] = mapped_column(default=0)  # at least this percentage, 0–100
    all_high_risk: Mapped[bool] = mapped_column(default=True)  # every high-risk one sampled
    status: Mapped[str] = mapped_column(String(16), default=PlanStatus.DRAFT.value)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    region: Mapped[Region] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    amendments: Mapped[list["PlanAmendment"]] = relationship(
        back_populates="plan", order_by="PlanAmendment.id", cascade="all, delete-orphan"
    )
    draws: Mapped[list["Draw"]] = relationship(back_populates="plan", order_by="Draw.id")

    @property
    def is_approved(self) -> bool:
        return self.status == PlanStatus.APPROVED

    @property
    def kinds(self) -> list[str]:
        return [*self.full_kinds, *(k for k in self.sample_kinds if k not in self.full_kinds)]

    def months(self) -> list[date]:
        """First days of every month of the plan, in order."""
        months, month = [], self.first_month
        while month <= self.last_month:
            months.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return months

    def __str__(self) -> str:
        return self.title


class PlanAmendment(db.Model):
    """A change to an approved plan, with its reason and what changed (field: [old, new])."""

    __tablename__ = "plan_amendment"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("enforcement_plan.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    changes: Mapped[dict] = mapped_column(JSON)
    by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan: Mapped[EnforcementPlan] = relationship(back_populates="amendments")
    by: Mapped[User] = relationship()


class OfficerConflict(db.Model):
    """An officer related to a subject (kin, former employer…): excluded from its draws."""

    __tablename__ = "officer_conflict"
    __table_args__ = (UniqueConstraint("user_id", "subject_id", name="uq_officer_conflict"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    marked_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    subject: Mapped[Subject] = relationship()
    marked_by: Mapped[User] = relationship(foreign_keys=[marked_by_id])


class Draw(db.Model):
    """One 双随机 draw: the lists it drew from, their hashes, the seed and the result.

    `subjects` and `officers` are [id, name] pairs as they stood at the draw (names for the
    published record); `conflicts` [subject id, officer id] pairs; `result` a list of
    {"subject": id, "officers": [id, id]} in draw order.
    """

    __tablename__ = "draw"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("enforcement_plan.id"), index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    algorithm: Mapped[str] = mapped_column(String(32))
    seed: Mapped[str] = mapped_column(String(64))
    filters: Mapped[dict] = mapped_column(JSON)
    sample_size: Mapped[int]
    due_month: Mapped[date]
    subjects: Mapped[list] = mapped_column(JSON)
    mandatory: Mapped[list] = mapped_column(JSON)  # subject ids included without drawing
    officers: Mapped[list] = mapped_column(JSON)
    conflicts: Mapped[list] = mapped_column(JSON)
    subjects_sha256: Mapped[str] = mapped_column(String(64))
    officers_sha256: Mapped[str] = mapped_column(String(64))
    conflicts_sha256: Mapped[str] = mapped_column(String(64))
    result: Mapped[list] = mapped_column(JSON)
    result_sha256: Mapped[str] = mapped_column(String(64))
    drawn_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    drawn_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    plan: Mapped[EnforcementPlan] = relationship(back_populates="draws")
    region: Mapped[Region] = relationship()
    drawn_by: Mapped[User] = relationship()
    tasks: Mapped[list["Task"]] = relationship(back_populates="draw", order_by="Task.id")


task_officer = Table(
    "task_officer",
    db.metadata,
    Column("task_id", Integer, ForeignKey("task.id"), primary_key=True),
    Column("user_id", Integer, ForeignKey("user_account.id"), primary_key=True),
    Index("ix_task_officer_user_id", "user_id"),
)


class Task(db.Model):
    """An inspection to carry out (检查任务): a subject, two or more officers, a due month."""

    __tablename__ = "task"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'done', 'cancelled')", name="status"),
        CheckConstraint("source IN ('draw', 'tip', 'manual')", name="source"),
        Index("ix_task_region_due", "region_id", "due_month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("enforcement_plan.id"), index=True)
    draw_id: Mapped[int | None] = mapped_column(ForeignKey("draw.id"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    due_month: Mapped[date]  # first day of the month it is due in
    status: Mapped[str] = mapped_column(String(16), default=TaskStatus.OPEN.value, index=True)
    source: Mapped[str] = mapped_column(String(16))
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    region: Mapped[Region] = relationship()
    plan: Mapped[EnforcementPlan | None] = relationship()
    draw: Mapped[Draw | None] = relationship(back_populates="tasks")
    subject: Mapped[Subject] = relationship()
    inspection: Mapped[Inspection | None] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    officers: Mapped[list[User]] = relationship(secondary=task_officer, order_by=User.id)
    reassignments: Mapped[list["TaskReassignment"]] = relationship(
        back_populates="task", order_by="TaskReassignment.id", cascade="all, delete-orphan"
    )

    @property
    def officer_ids(self) -> list[int]:
        return [o.id for o in self.officers]

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    def is_overdue_on(self, month: date) -> bool:
        """Still open after its due month (`month`: the first day of the current month)."""
        return self.is_open and self.due_month < month


class TaskReassignment(db.Model):
    """A supervisor's change of a task's officers, with the reason."""

    __tablename__ = "task_reassignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"), index=True)
    from_ids: Mapped[list] = mapped_column(JSON)
    to_ids: Mapped[list] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    task: Mapped[Task] = relationship(back_populates="reassignments")
    by: Mapped[User] = relationship()
