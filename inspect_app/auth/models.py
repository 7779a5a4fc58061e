"""Users and their signed-in sessions."""

import secrets
from datetime import datetime
from enum import StrEnum

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from inspect_app.clock import utcnow
from inspect_app.database import UTCDateTime
from inspect_app.extensions import db
from inspect_app.regions.models import Region


class Role(StrEnum):
    INSPECTOR = "inspector"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


def _new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("role IN ('inspector', 'supervisor', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    cert_no: Mapped[str | None] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(16))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=_new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    region: Mapped[Region] = relationship()
    sessions: Mapped[list["UserSession"]] = relationship(back_populates="user")

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """Flask-Login keeps the signed-in session's own token (set by the loader or at sign-in).

        Never the user id: a cookie names one server-side session, which logout ends.
        """
        return getattr(self, "session_key", None) or ""

    def set_password(self, password: str) -> None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        self.password_hash = generate_password_hash(password, method=method)
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        """End every signed-in browser session of this user (password change, deactivation)."""
        self.session_token = _new_session_token()
        now = utcnow()
        for item in self.sessions:
            if item.ended_at is None:
                item.ended_at = now

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def __str__(self) -> str:
        return self.display_name


class UserSession(db.Model):
    """One signed-in browser: the cookie holds a token whose hash is kept here.

    Ended at logout, by its user or an admin; refused after the idle or absolute lifetime.
    """

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    address: Mapped[str] = mapped_column(String(64), default="")
    agent: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # While a worker answers a quiz on this browser (quizzes/worker_mode.py). Kept here, not in
    # the cookie, so a slow response that carries an older cookie cannot undo it.
    worker_inspection_id: Mapped[int | None]
    worker_attempt_id: Mapped[int | None]

    user: Mapped[User] = relationship(back_populates="sessions")

    def expires_at(self) -> datetime:
        """The earlier of the idle and the absolute limit."""
        cfg = current_app.config
        idle = self.last_seen_at + cfg["PERMANENT_SESSION_LIFETIME"]
        return min(idle, self.created_at + cfg["SESSION_ABSOLUTE_LIFETIME"])

    def is_live(self, now: datetime) -> bool:
        return self.ended_at is None and now < self.expires_at()
