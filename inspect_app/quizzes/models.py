"""Question bank, quiz templates, quiz attempts and oral questions."""

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db
from inspect_app.subjects.models import Person

GAP_FLAG = 30  # recorded score − on-site score from which the records may be false


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"


class Question(db.Model):
    """A bank question. Options are a list of strings labelled A, B, C…; the answer is the set
    of correct labels ("B", "ACD"; for true/false "T" or "F")."""

    __tablename__ = "question"
    __table_args__ = (
        CheckConstraint("kind IN ('single', 'multiple', 'true_false')", name="kind"),
        # The bank list's order by code under a topic (the unique code index serves no topic).
        Index("ix_question_topic_code", "topic", "code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str] = mapped_column(String(32))
    positions: Mapped[list] = mapped_column(JSON, default=list)  # empty: suits everyone
    text: Mapped[str] = mapped_column(Text)
    options: Mapped[list] = mapped_column(JSON, default=list)
    answer: Mapped[str] = mapped_column(String(8))
    explanation: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200), default="")  # the rule it rests on
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuizTemplate(db.Model):
    """How a paper is drawn: questions per topic, pass mark, optional time limit."""

    __tablename__ = "quiz_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    position: Mapped[str | None] = mapped_column(String(32))  # default template for a position
    topic_counts: Mapped[dict] = mapped_column(JSON, default=dict)  # {topic: how many}
    pass_mark: Mapped[int] = mapped_column(default=60)  # percent
    time_limit_minutes: Mapped[int | None]
    is_default: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuizAttempt(db.Model):
    """One worker's paper in one case: the drawn questions (by seed), answers and score."""

    __tablename__ = "quiz_attempt"
    __table_args__ = (UniqueConstraint("inspection_id", "paper_key", name="uq_quiz_attempt_paper"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    worker_name: Mapped[str] = mapped_column(String(64))
    template_id: Mapped[int] = mapped_column(ForeignKey("quiz_template.id"))
    seed: Mapped[int]
    question_ids: Mapped[list] = mapped_column(JSON)
    paper_key: Mapped[str] = mapped_column(String(64))  # sorted question ids: no two alike
    answers: Mapped[dict] = mapped_column(JSON, default=dict)  # {question id: "AC"}
    score: Mapped[int | None]  # percent, once finished
    passed: Mapped[bool | None]
    recorded_score: Mapped[int | None]  # the enterprise's own exam score for this worker
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    worker_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    worker_token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    client_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # double taps
    version: Mapped[int] = mapped_column(default=1)

    person: Mapped[Person | None] = relationship()
    template: Mapped[QuizTemplate] = relationship()
    created_by: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def deadline(self) -> datetime | None:
        """When the time limit runs out, if the template has one."""
        minutes = self.template.time_limit_minutes
        return self.started_at + timedelta(minutes=minutes) if minutes else None

    @property
    def time_taken(self) -> timedelta | None:
        return self.finished_at - self.started_at if self.finished_at else None

    @property
    def gap(self) -> int | None:
        """The enterprise's recorded score minus the on-site score (positive: recorded higher)."""
        if self.recorded_score is None or self.score is None:
            return None
        return self.recorded_score - self.score

    @property
    def gap_flagged(self) -> bool:
        return self.gap is not None and self.gap >= GAP_FLAG


class OralQuestion(db.Model):
    """现场问答: a question asked on site and how the worker answered."""

    __tablename__ = "oral_question"
    __table_args__ = (CheckConstraint("verdict IN ('correct', 'partly', 'wrong')", name="verdict"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    worker_name: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("question.id"))
    text: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text, default="")
    client_key: Mapped[str] = mapped_column(String(64), unique=True)
    asked_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person: Mapped[Person | None] = relationship()


class WorkerModePin(db.Model):
    """The 4-digit PIN an inspector may set for a case, to take the phone back from a worker
    who answered a quiz on it (otherwise the inspector's password). Kept hashed."""

    __tablename__ = "worker_mode_pin"

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), primary_key=True)
    pin_hash: Mapped[str] = mapped_column(String(256))
    set_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
