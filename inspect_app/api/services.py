"""Creating, finding and revoking API tokens."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from inspect_app.api.models import ApiToken
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.extensions import db

TOKEN_PREFIX = "ia1_"
USED_GRANULARITY = timedelta(minutes=10)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    user: User,
    name: str,
    by: User | None = None,
    *,
    purpose: str = "api",
    lifetime: timedelta | None = None,
) -> tuple[ApiToken, str]:
    """A new token for the user; the plain token is returned once and never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_sha256=_digest(plain), prefix=plain[:10])
    token.purpose = purpose
    token.expires_at = utcnow() + lifetime if lifetime is not None else None
    db.session.add(token)
    record_audit(by or user, "api_token.create", token, name=name, owner=user.username)
    return token, plain


def revoke_token(token: ApiToken, by: User) -> None:
    """End a token; requests carrying it answer 401 from now on."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record_audit(by, "api_token.revoke", token, name=token.name)


def user_for_token(plain: str) -> User | None:
    """The active user a live token belongs to, else None (and mark the token as used)."""
    if not plain.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_sha256 == _digest(plain)))
    if token is None or not token.is_active or not token.user.active:
        return None
    _mark_used(token)
    return token.user


def _mark_used(token: ApiToken) -> None:
    """Note the last use, at most every few minutes, so reads do not write on every request."""
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > USED_GRANULARITY:
        token.last_used_at = now
        db.session.commit()


def tokens_of(user: User) -> list[ApiToken]:
    """The user's API tokens; a phone's offline device tokens are managed by the phone."""
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.purpose == "api")
        .order_by(ApiToken.id.desc())
    )
    return list(db.session.scalars(query))
