"""Authentication, throttling and scope rules."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from inspect_app import ratelimit
from inspect_app.auth.models import Role, User
from inspect_app.auth.sessions import end_session_by_token, start_session
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.regions.models import Region
from inspect_app.regions.services import subtree_ids

# Progressive delays instead of lockouts: a stranger's wrong guesses can make an inspector wait
# half a minute at most, never keep them out before an inspection.
PER_ACCOUNT = ratelimit.Delay("login_name", 3, timedelta(seconds=30), timedelta(minutes=15))
PER_ADDRESS = ratelimit.Delay("login_addr", 10, timedelta(minutes=2), timedelta(minutes=15))
_dummy_hashes: dict[str, str] = {}


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    wait_seconds: int = 0


def find_user(username: str) -> User | None:
    """The account with this username, case-insensitively."""
    return db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))


def seconds_to_wait(username: str, address: str) -> int:
    """How long this username and this address must still wait before another try."""
    return max(
        ratelimit.seconds_to_wait(PER_ACCOUNT, username.lower()),
        ratelimit.seconds_to_wait(PER_ADDRESS, address or "-"),
    )


def sign_in(username: str, password: str, address: str, agent: str = "") -> SignInResult:
    """Check a password unless a delay is due; count a failure, or open a session."""
    wait = seconds_to_wait(username, address)
    if wait:
        return SignInResult(None, wait_seconds=wait)
    user = find_user(username)
    if not _password_matches(user, password) or not user.active:
        ratelimit.record_event(PER_ACCOUNT.bucket, username.lower())
        ratelimit.record_event(PER_ADDRESS.bucket, address or "-")
        return SignInResult(None)
    ratelimit.clear_events(PER_ACCOUNT.bucket, username.lower()[:128])
    user.last_login_at = utcnow()
    start_session(user, address, agent)
    return SignInResult(user)


def _password_matches(user: User | None, password: str) -> bool:
    """Unknown usernames are checked against a dummy hash, so timing does not tell them apart."""
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return False
    return user.check_password(password)


def _dummy_hash() -> str:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash(secrets.token_hex(16), method=method)
    return _dummy_hashes[method]


def sign_out(user) -> None:
    """End the signed-in session on the server (the cookie's token no longer opens anything)."""
    if user.is_authenticated:
        end_session_by_token(user.get_id())


def visible_region_ids(user: User) -> list[int]:
    """Inspectors see their own region; supervisors and admins their whole subtree."""
    if user.role == Role.INSPECTOR:
        return [user.region_id]
    return subtree_ids(user.region_id)


def can_edit_subjects(user: User) -> bool:
    """Inspectors keep subject registers; admins may correct them; supervisors only read."""
    return user.role in (Role.INSPECTOR, Role.ADMIN)


def assignable_regions(user: User) -> list[Region]:
    """Regions a user may file subjects or accounts under."""
    ids = visible_region_ids(user)
    return list(db.session.scalars(select(Region).where(Region.id.in_(ids)).order_by(Region.code)))


def create_user(
    username: str,
    password: str,
    role: str,
    region: Region,
    display_name: str | None = None,
    cert_no: str | None = None,
) -> User:
    """Add an account with a hashed password."""
    user = User(
        username=username,
        display_name=display_name or username,
        role=Role(role).value,
        region=region,
        cert_no=cert_no or None,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def update_user(user: User, **fields) -> User:
    """Change an account; deactivating it ends its sessions at once."""
    password = fields.pop("password", None)
    for name, value in fields.items():
        setattr(user, name, value)
    if password:
        user.set_password(password)
    if not user.active:
        user.end_sessions()
    db.session.flush()
    return user
