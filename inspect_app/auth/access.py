"""Per-request access helpers for views."""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, g
from flask_login import current_user

from inspect_app.auth.services import can_edit_subjects, visible_region_ids


def scope_ids() -> list[int]:
    """Region ids the current user may see, computed once per request."""
    if "scope_ids" not in g:
        g.scope_ids = visible_region_ids(current_user)
    return g.scope_ids


def roles_required(*roles: str) -> Callable:
    """Only these roles may use the view (403 otherwise)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def require_role(*roles: str) -> None:
    """403 unless the current user has one of these roles (call after the scope check)."""
    if not current_user.has_role(*roles):
        abort(403)


def require_subject_editor() -> None:
    if not can_edit_subjects(current_user):
        abort(403)


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths may be redirected to."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
