"""Error pages in the app's style; never a stack trace."""

from collections.abc import Callable

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("Not allowed"), _l("Your account may not do this.")),
    401: (_l("Signed out"), _l("Please sign in to continue.")),
    404: (_l("Not found"), _l("This page does not exist, or it is outside your area.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    410: (_l("No longer available"), _l("This link has been withdrawn.")),
    413: (
        _l("Too large"),
        _l("What you sent is larger than allowed. Send a smaller file, or fewer at once."),
    ),
    429: (_l("Too many tries"), _l("Please wait a while and try again.")),
    500: (_l("Something went wrong"), _l("The error has been logged. Please try again.")),
    503: (
        _l("File storage unreachable"),
        _l(
            "The file storage cannot be reached right now; nothing was saved. "
            "Please try again in a few minutes."
        ),
    ),
    507: (_l("Storage full"), _l("The server's storage is full; your data was not saved.")),
}


class NotFound(Exception):
    """A record that does not exist or lies outside the user's scope: the request answers 404.

    Queries and services raise it instead of aborting, so they hold no request machinery."""


class CaseError(ValueError):
    """A change that cannot be made (to a case or the register); `message` is for the user."""

    message = _l("This change cannot be made.")

    def __init__(self, message=None) -> None:
        super().__init__(str(message or self.message))
        if message is not None:
            self.message = message


class StaleEdit(CaseError):
    message = _l(
        "Someone else changed this after you opened it. Your change was not saved: "
        "reload to see the latest version, then make your change again."
    )


def render_errors_under(app: Flask, prefix: str, renderer: Callable) -> None:
    """Errors on URLs under this prefix are rendered by `renderer(code, message)` (the JSON
    API's problem details)."""
    app.extensions.setdefault("error_renderers", {})[prefix] = renderer


def wants_json() -> bool:
    """Requests made by the page's scripts get JSON errors, not HTML pages."""
    return request.is_json or request.accept_mimetypes.best == "application/json"


def render_error(code: int, message: str | None = None):
    from flask import current_app

    from inspect_app.database import revive_session

    revive_session()

    for prefix, renderer in current_app.extensions.get("error_renderers", {}).items():
        if request.path.startswith(prefix):
            return renderer(code, message)
    title, default = MESSAGES.get(code, MESSAGES[500])
    if wants_json():
        return jsonify(ok=False, error=str(message or default)), code
    page = render_template("errors/error.html", code=code, title=title, message=message or default)
    return page, code


def _http_error(error: HTTPException):
    return render_error(error.code or 500)


def _not_found(_error: NotFound):
    return render_error(404)


def _csrf_error(_error: CSRFError):
    message = _l("This form has expired or was sent twice. Reload the page and try again.")
    return render_error(400, str(message))


def _unexpected(error: Exception):
    from flask import current_app

    from inspect_app.diskfull import handle_disk_full, handle_storage_down, is_disk_full
    from inspect_app.extensions import db
    from inspect_app.storage import StorageUnavailable

    if is_disk_full(error):
        handle_disk_full(error)
        return render_error(507)
    if isinstance(error, StorageUnavailable):
        handle_storage_down(error)
        return render_error(503)
    current_app.logger.exception("Unhandled error", exc_info=error)
    db.session.rollback()  # a failed flush leaves the session dead for the page and the hooks
    return render_error(500)


def init_app(app: Flask) -> None:
    """Route every error to one template."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(NotFound, _not_found)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
