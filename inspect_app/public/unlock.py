"""The full edition of a record opens for a while after the verification code is entered.

A right code sets a short-lived cookie, signed with the app's secret, scoped to the path of that
one case's link and bound to its token and code: it opens nothing else, and nothing once the
code or the link changes. No server state, so no session that could expire mid-visit.
"""

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from inspect_app.inspections.models import Inspection

COOKIE = "record_unlock"
SALT = "public-record-unlock"


def lifetime() -> int:
    """Seconds the full edition stays open after a right code."""
    return int(current_app.config["PUBLIC_UNLOCK_SECONDS"])


def grant(response, inspection: Inspection, path: str, secure: bool) -> None:
    """Open the full edition on this browser, for this case's link (`path`) only."""
    response.set_cookie(
        COOKIE,
        _serializer().dumps(_fingerprint(inspection)),
        max_age=lifetime(),
        path=path,
        secure=secure,
        httponly=True,
        samesite="Strict",
    )


def is_unlocked(inspection: Inspection, cookies) -> bool:
    """Whether the request carries a fresh, genuine unlock for this very case."""
    value = cookies.get(COOKIE)
    if not value:
        return False
    try:
        fingerprint = _serializer().loads(value, max_age=lifetime())
    except BadSignature:  # also expired ones (SignatureExpired)
        return False
    return isinstance(fingerprint, str) and hmac.compare_digest(
        fingerprint, _fingerprint(inspection)
    )


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def _fingerprint(inspection: Inspection) -> str:
    """A digest of the case, its token and its code: the cookie never carries them in clear."""
    text = f"{inspection.id}:{inspection.public_token}:{inspection.verification_code}"
    return hashlib.sha256(text.encode()).hexdigest()
