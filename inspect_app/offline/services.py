"""Device tokens: the bearer token a phone replays its outbox with, issued to a signed-in page
and revoked when that phone signs out."""

from datetime import timedelta

from sqlalchemy import select

from inspect_app.api.models import ApiToken
from inspect_app.api.services import create_token, revoke_token
from inspect_app.auth.models import User
from inspect_app.extensions import db

PURPOSE = "offline"
LIFETIME = timedelta(days=30)
TOKEN_NAME = "offline device"
LOGOUT_FIELD = "device_token_id"


def issue_device_token(user: User) -> tuple[ApiToken, str]:
    """A new device token for the user's phone, valid for LIFETIME; the plain token once."""
    token, plain = create_token(user, TOKEN_NAME, purpose=PURPOSE, lifetime=LIFETIME)
    db.session.flush()
    return token, plain


def revoke_device_token(user: User, token_id: int) -> bool:
    """End the user's own device token with this id; another user's (or an API token) stays."""
    query = select(ApiToken).where(
        ApiToken.id == token_id, ApiToken.user_id == user.id, ApiToken.purpose == PURPOSE
    )
    token = db.session.scalar(query)
    if token is None or token.revoked_at is not None:
        return False
    revoke_token(token, user)
    return True
