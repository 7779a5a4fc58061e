"""Flood protection of the public tip-off form, without a third-party CAPTCHA.

Four checks, each cheap for a person and costly for a script:
- a signed form token: issued with the page, it carries when it was issued and a nonce; a form sent
  sooner than TIP_FORM_MIN_SECONDS after or later than TIP_FORM_MAX_AGE, or a token used twice, is
  refused;
- a honeypot field people never see (hidden) and scripts tend to fill;
- a limit per address per day, and a limit over all addresses per hour (a flood from many
  addresses still meets the second).
Counts live in the database (rate_event), so every worker process shares them.
"""

import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer

from inspect_app import clock
from inspect_app.ratelimit import count_events, is_limited, record_event

SALT = "public-tip-form"
ADDRESS_BUCKET, ALL_BUCKET, NONCE_BUCKET, QUERY_BUCKET = "tip-addr", "tip-all", "tip-nonce", "tip-q"
DAY, HOUR = timedelta(days=1), timedelta(hours=1)


class Refused(Exception):
    """The form was not accepted; nothing of it is kept."""

    def __init__(self, message, status: int) -> None:
        super().__init__(str(message))
        self.message, self.status = message, status


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue_form_token() -> str:
    """A token for one form: when it was issued and a nonce, signed."""
    issued = int(clock.utcnow().timestamp())
    return _serializer().dumps({"t": issued, "n": secrets.token_urlsafe(12)})


def check_form(token: str, honeypot: str, address: str) -> None:
    """Refuse a form that a script sent; count it against its address when accepted."""
    payload = _payload(token)
    age = clock.utcnow().timestamp() - payload["t"]
    if honeypot.strip() or age < current_app.config["TIP_FORM_MIN_SECONDS"]:
        raise Refused(
            _l("The form was sent too quickly. Please read it through and send it again."), 400
        )
    if age > current_app.config["TIP_FORM_MAX_AGE"].total_seconds():
        raise Refused(_l("The form has expired. Please send it again."), 400)
    if count_events(NONCE_BUCKET, payload["n"], current_app.config["TIP_FORM_MAX_AGE"]):
        raise Refused(_l("This form has already been sent."), 409)
    _throttle(address)
    record_event(NONCE_BUCKET, payload["n"])
    record_event(ADDRESS_BUCKET, address)
    record_event(ALL_BUCKET, "all")


def _payload(token: str) -> dict:
    try:
        payload = _serializer().loads(token or "")
    except BadSignature:
        payload = None
    if not isinstance(payload, dict) or not isinstance(payload.get("t"), int):
        raise Refused(_l("The form has expired. Please send it again."), 400)
    return payload


def _throttle(address: str) -> None:
    cfg = current_app.config
    if is_limited(ADDRESS_BUCKET, address, cfg["TIP_PUBLIC_PER_ADDRESS"], DAY):
        raise Refused(_l("Too many tip-offs from this connection today. Please call 12350."), 429)
    if is_limited(ALL_BUCKET, "all", cfg["TIP_PUBLIC_PER_HOUR"], HOUR):
        raise Refused(
            _l("Too many tip-offs are arriving just now. Please try again later or call 12350."),
            429,
        )


def check_query(address: str) -> None:
    """Count one progress look-up; refuse when this address asked too often this hour."""
    if is_limited(QUERY_BUCKET, address, current_app.config["TIP_QUERY_PER_ADDRESS"], HOUR):
        raise Refused(
            _l("Too many look-ups from this connection. Please try again in an hour."), 429
        )
    record_event(QUERY_BUCKET, address)
