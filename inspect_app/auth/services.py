"""Authentication, throttling and scope rules."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, func, select

from inspect_app.auth.models import LoginFailure, Role, User
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.regions.models import Region
from inspect_app.regions.services import subtree_ids


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    throttled: bool = False


def find_user(username: str) -> User | None:
    """The account with this username, case-insensitively."""
    return db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))


def load_user_by_token(token: str) -> User | None:
    """Flask-Login's loader: the session holds the user's session token."""
    user = db.session.scalar(select(User).where(User.session_token == token))
    return user if user is not None and user.active else None


def is_throttled(username: str, address: str) -> bool:
    """True when recent failures for this username or this address reach their limit."""
    cfg = current_app.config
    since = utcnow() - cfg["LOGIN_THROTTLE_WINDOW"]
    count = select(func.count()).select_from(LoginFailure).where(LoginFailure.at >= since)
    by_name = db.session.scalar(count.where(LoginFailure.username == username.lower()))
    by_address = db.session.scalar(count.where(LoginFailure.address == address))
    return by_name >= cfg["LOGIN_THROTTLE_PER_USERNAME"] or (
        by_address >= cfg["LOGIN_THROTTLE_PER_ADDRESS"]
    )


def sign_in(username: str, password: str, address: str) -> SignInResult:
    """Check a password under the throttle; record the failure or clear the slate."""
    if is_throttled(username, address):
        return SignInResult(None, throttled=True)
    user = find_user(username)
    if user is None or not user.active or not user.check_password(password):
        db.session.add(LoginFailure(username=username.lower()[:64], address=address[:64]))
        db.session.flush()
        return SignInResult(None)
    db.session.execute(delete(LoginFailure).where(LoginFailure.username == username.lower()))
    user.last_login_at = utcnow()
    db.session.flush()
    return SignInResult(user)


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
