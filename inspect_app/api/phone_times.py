"""Times the phone sends with a write made offline (when an answer was given, a photo taken, a
signature drawn): kept instead of the server's now, within what can be true."""

from datetime import datetime, timedelta

from apiflask.fields import DateTime
from flask_babel import lazy_gettext as _l

from inspect_app import clock
from inspect_app.api.problems import Problem

SKEW = timedelta(minutes=5)  # a phone's clock may run this far ahead; later is refused
IN_THE_FUTURE = _l("This time is later than now. Check the phone's clock and send again.")
BEFORE_OPENING = _l("This time is before the case was opened. Check the phone's clock.")


def PhoneTime(description: str) -> DateTime:
    """An optional field for the moment something was done on the phone."""
    text = description + " ISO 8601 (without an offset: local time). Default: now."
    return DateTime(load_default=None, allow_none=True, metadata={"description": text})


def aware(value: datetime) -> datetime:
    return clock.from_local(value) if value.tzinfo is None else value


def not_in_future(value: datetime, field: str) -> datetime:
    """The time, no later than now (a clock a little ahead is brought back to now)."""
    value, now = aware(value), clock.utcnow()
    if value > now + SKEW:
        raise refused(field, IN_THE_FUTURE)
    return min(value, now)


def phone_time(value: datetime | None, inspection, field: str) -> datetime | None:
    """A phone time for a part of the case: not in the future, not before the case opened."""
    if value is None:
        return None
    value = not_in_future(value, field)
    if value < inspection.started_at:
        raise refused(field, BEFORE_OPENING)
    return value


def refused(field: str, message) -> Problem:
    return Problem(422, "validation", str(message), errors={field: [str(message)]})
