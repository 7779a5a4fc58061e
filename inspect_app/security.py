"""Request guards: sign-in by default, an explicit public list, and response headers."""

from collections.abc import Callable

from flask import Flask, current_app, jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from inspect_app.extensions import login_manager

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'; worker-src 'self'; manifest-src 'self'"
)


def public(view: Callable) -> Callable:
    """Mark a view as reachable without signing in."""
    view.is_public = True
    return view


def is_public_endpoint(app: Flask, endpoint: str | None) -> bool:
    if endpoint is None or endpoint == "static":
        return True
    return getattr(app.view_functions.get(endpoint), "is_public", False)


def _require_login():
    if is_public_endpoint(current_app, request.endpoint):
        return None
    if not current_user.is_authenticated:
        from inspect_app.errors import render_error, wants_json
        from inspect_app.sessions import STATELESS_PREFIX

        if request.path.startswith(STATELESS_PREFIX):
            return render_error(401)
        if wants_json():
            return jsonify(ok=False, error=str(_l("Please sign in to continue."))), 401
        return login_manager.unauthorized()
    return None


def _headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.endpoint != "static" and _signed_in():  # a static file never loads the user
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _signed_in() -> bool:
    """Whether a user is signed in; a session left dead by a failed write is rolled back
    first, so this hook never turns an answer into a second error."""
    from inspect_app.database import revive_session

    revive_session()
    return bool(current_user.is_authenticated)


def init_app(app: Flask) -> None:
    """Guard every request and harden every response."""
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    app.before_request(_require_login)
    app.after_request(_headers)
