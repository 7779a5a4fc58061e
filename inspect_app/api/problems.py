"""RFC 9457 problem details (application/problem+json) for every API error."""

from apiflask import HTTPError
from flask import Response, json, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from inspect_app.errors import MESSAGES

# Statuses the pages never answer with, so their messages live here.
API_MESSAGES = {
    409: (_l("Changed meanwhile"), _l("This conflicts with the current state. Reload it first.")),
    422: (_l("Not accepted"), _l("This request cannot be carried out as sent.")),
}
MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "/api/v1/problems/"


class Problem(HTTPError):
    """An API error with a problem type and extension members (errors, current…)."""

    def __init__(self, status: int, kind: str, detail: str, **extensions) -> None:
        super().__init__(status, message=detail, extra_data={"kind": kind, **extensions})


def problem_response(
    status: int, detail: str | None = None, kind: str | None = None, **extensions
) -> Response:
    title, default = {**MESSAGES, **API_MESSAGES}.get(status, MESSAGES[500])
    body = {
        "type": TYPE_BASE + kind if kind else "about:blank",
        "title": str(title),
        "status": status,
        "detail": str(detail or default),
        "instance": request.path,
        **extensions,
    }
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=MEDIA_TYPE)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def render_http_error(status: int, message: str | None = None) -> Response:
    """For the app's error handlers: a plain HTTP error on an API path."""
    return problem_response(status, message)


def handle_api_error(error: HTTPError) -> Response:
    """apiflask's error processor: validation errors, auth errors and our Problems."""
    extra = dict(error.extra_data or {})
    kind = extra.pop("kind", None)
    if error.status_code == 422 and isinstance(error.detail, dict) and error.detail:
        extra["errors"] = _field_errors(error.detail)
        kind = kind or "validation"
        detail = _("Some fields are not valid. Correct them and send again.")
    else:
        detail = error.message if kind else None
    response = problem_response(error.status_code, detail, kind, **extra)
    for name, value in (error.headers or {}).items():
        response.headers.setdefault(name, value)
    return response


def _field_errors(detail: dict) -> dict:
    """{location: {field: [messages]}} flattened to {field: [messages]} as plain strings."""
    flat: dict = {}
    for location, errors in detail.items():
        if isinstance(errors, dict):
            flat.update(_strings(errors))
        else:
            flat[location] = _strings(errors)
    return flat


def _strings(value):
    """Messages as lists of strings (marshmallow leaves a lazy message unwrapped)."""
    if isinstance(value, dict):
        return {str(k): _strings(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [str(v) if not isinstance(v, dict | list) else _strings(v) for v in value]
    return [str(value)]
