"""Server-side sign-in sessions: started at sign-in, checked on each request, ended at logout."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import g
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from inspect_app.auth.models import User, UserSession
from inspect_app.clock import utcnow
from inspect_app.extensions import db

TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is coarse, so reads seldom write


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, address: str, agent: str) -> str:
    """Open a session for a user who has just signed in; the token goes into the cookie."""
    token = secrets.token_urlsafe(32)
    item = UserSession(user=user, token_hash=hash_token(token), address=address[:64])
    item.agent = agent[:200]
    db.session.add(item)
    user.session_key = token
    db.session.flush()
    return token


def find_live_session(token: str) -> UserSession | None:
    """The live session this token names, its last use noted; None once ended or expired.
    Read with its user and the user's region (every page's footer names it) in one statement:
    every signed-in request starts here."""
    query = (
        select(UserSession)
        .options(joinedload(UserSession.user).joinedload(User.region))
        .where(UserSession.token_hash == hash_token(token))
    )
    item = db.session.scalar(query)
    now = utcnow()
    if item is None or not item.is_live(now) or not item.user.active:
        return None
    if now - item.last_seen_at >= TOUCH_EVERY:
        item.last_seen_at = now
        db.session.commit()
    return item


def current_session() -> UserSession | None:
    """The live session the request's cookie named (noted when the user was loaded), if any."""
    return g.get("user_session")


def load_session_user(token: str) -> User | None:
    """Flask-Login's loader: the cookie names a server-side session, which must be live; the
    session is noted for the request (worker mode is kept on it)."""
    item = find_live_session(token)
    if item is None:
        return None
    item.user.session_key = token
    g.user_session = item
    return item.user


def end_session(item: UserSession) -> None:
    if item.ended_at is None:
        item.ended_at = utcnow()
    db.session.flush()


def end_session_by_token(token: str | None) -> None:
    """Logout: the cookie's session ends on the server, so a copy of the cookie is worthless."""
    if not token:
        return
    item = db.session.scalar(select(UserSession).where(UserSession.token_hash == hash_token(token)))
    if item is not None:
        end_session(item)


def live_sessions_of(user: User) -> list[UserSession]:
    """The user's sessions still in force, most recently used first."""
    query = (
        select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    now = utcnow()
    return [item for item in db.session.scalars(query) if item.is_live(now)]


def end_other_sessions(user: User, keep_token: str | None) -> int:
    """End every live session of the user but the one holding keep_token; how many ended."""
    keep = hash_token(keep_token) if keep_token else None
    ended = [s for s in live_sessions_of(user) if s.token_hash != keep]
    for item in ended:
        end_session(item)
    return len(ended)


_SYSTEMS = ("iPhone", "iPad", "Android", "HarmonyOS", "Windows", "Macintosh", "Linux")
_BROWSERS = ("MicroMessenger", "Edg", "Firefox", "Chrome", "Safari")


def describe_agent(agent: str) -> str:
    """A short 'system · browser' label from a User-Agent header ('' when it names neither)."""
    system = next((name for name in _SYSTEMS if name in agent), "")
    browser = next((name for name in _BROWSERS if name in agent), "")
    labels = {"MicroMessenger": "WeChat", "Edg": "Edge", "Macintosh": "Mac"}
    return " · ".join(labels.get(n, n) for n in (system, browser) if n)


def session_of(user: User, session_id: int) -> UserSession | None:
    """One of the user's live sessions by id (None if it is not theirs or no longer live)."""
    item = db.session.get(UserSession, session_id)
    if item is None or item.user_id != user.id or not item.is_live(utcnow()):
        return None
    return item


@dataclass(frozen=True)
class SessionRow:
    """What a sessions page shows of one live session."""

    id: int
    device: str
    agent: str
    address: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    is_current: bool


def session_rows(user: User, current_token: str | None) -> list[SessionRow]:
    """The user's live sessions for display; `current_token` marks the viewer's own."""
    current = hash_token(current_token) if current_token else None
    return [
        SessionRow(
            item.id,
            describe_agent(item.agent),
            item.agent,
            item.address,
            item.created_at,
            item.last_seen_at,
            item.expires_at(),
            item.token_hash == current,
        )
        for item in live_sessions_of(user)
    ]
