"""One JSON line per request on the `inspect_app.requests` logger, with a request id.

A line holds the time (UTC), the request id, the user's id (when a user was signed in; static
files load none), the method, the route's template (`/inspections/<int:inspection_id>`, never
the address itself: links carry tokens and query strings carry searched names), the status and
the duration in milliseconds. No address, name or query string is ever logged.

The id is the client's or proxy's `X-Request-ID` when it looks like one, else a new random one;
every answer carries it back in `X-Request-ID`, so a user's report can be matched to its line.
"""

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, g, request

from inspect_app import clock

log = logging.getLogger("inspect_app.requests")

HEADER = "X-Request-ID"
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:+/=-]{1,128}")


def request_id() -> str:
    """This request's id (set at its start)."""
    return g.get("request_id") or ""


def _start() -> None:
    g.request_started = time.perf_counter()
    offered = request.headers.get(HEADER, "")
    g.request_id = offered if _ACCEPTED_ID.fullmatch(offered) else uuid.uuid4().hex


def _finish(response):
    if "request_started" not in g:  # a request refused before the app's hooks ran
        _start()
    response.headers[HEADER] = g.request_id
    if log.isEnabledFor(logging.INFO):
        log.info(json.dumps(_line(response.status_code), separators=(",", ":")))
    return response


def _line(status: int) -> dict:
    user = g.get("_login_user")  # only a user already loaded: logging never looks one up
    rule = request.url_rule
    elapsed = (time.perf_counter() - g.request_started) * 1000
    return {
        "time": clock.utcnow().isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "request_id": g.request_id,
        "user_id": getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None,
        "method": request.method,
        "route": rule.rule if rule is not None else None,
        "status": status,
        "duration_ms": round(elapsed, 1),
    }


def _attach_handler(app: Flask) -> None:
    """Print the lines on standard output, unless told not to (LOG_REQUESTS = 0) or testing
    (tests read the records themselves)."""
    if app.testing or log.handlers:
        return
    if not int(app.config.get("LOG_REQUESTS", 1)):
        log.setLevel(logging.WARNING)
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def init_app(app: Flask) -> None:
    """Register first, so that the line is written after every other hook (compression too)."""
    _attach_handler(app)
    app.before_request(_start)
    app.after_request(_finish)
