"""Worker mode: the inspector hands the phone to a worker for a quiz and takes it back with the
case's 4-digit PIN or the inspector's own password. Wrong tries are rate-limited in the database:
after PIN_LIMIT the PIN stops working (the password still does), after ALL_LIMIT both do."""

import re
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from inspect_app import ratelimit
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError
from inspect_app.inspections.models import Inspection
from inspect_app.quizzes.models import QuizAttempt, WorkerModePin

BUCKET = "worker_mode"
WINDOW = timedelta(minutes=15)
PIN_LIMIT = 5
ALL_LIMIT = 10
PIN_PATTERN = re.compile(r"[0-9]{4}")


class WrongSecret(CaseError):
    message = _l("Wrong PIN or password. The phone stays in worker mode.")


class PinLocked(CaseError):
    message = _l(
        "Too many wrong tries: the PIN is locked for 15 minutes. Enter your password instead."
    )


class LockedOut(CaseError):
    message = _l("Too many wrong tries. Wait 15 minutes, then try again.")


def case_pin(inspection: Inspection) -> WorkerModePin | None:
    return db.session.get(WorkerModePin, inspection.id)


def set_case_pin(inspection: Inspection, user: User, pin: str) -> WorkerModePin:
    """Keep the case's PIN, hashed (replacing an earlier one)."""
    if not PIN_PATTERN.fullmatch(pin or ""):
        raise CaseError(_l("A PIN is 4 digits."))
    row = case_pin(inspection) or WorkerModePin(inspection_id=inspection.id)
    method = current_app.config["PASSWORD_HASH_METHOD"]
    row.pin_hash = generate_password_hash(pin, method=method)
    row.set_by_id, row.set_at = user.id, utcnow()
    db.session.add(row)
    record_audit(user, "set_worker_mode_pin", row, inspection)
    return row


def hand_over(attempt: QuizAttempt, user: User) -> None:
    """Note in the audit log that the phone went to the worker."""
    inspection = db.session.get(Inspection, attempt.inspection_id)
    record_audit(user, "enter_worker_mode", attempt, inspection, worker=attempt.worker_name)


def take_back(attempt: QuizAttempt, user: User, secret: str) -> str:
    """Check the PIN or password under the rate limit; returns which one matched. Wrong tries
    are counted (flushed: the caller commits even when refused)."""
    key = str(user.id)
    tries = ratelimit.count_events(BUCKET, key, WINDOW)
    if tries >= ALL_LIMIT:
        raise LockedOut()
    inspection = db.session.get(Inspection, attempt.inspection_id)
    pin = case_pin(inspection)
    by = _matching(pin, user, secret or "", pin_allowed=tries < PIN_LIMIT)
    if by is None:
        ratelimit.record_event(BUCKET, key)
        if tries + 1 >= ALL_LIMIT:
            raise LockedOut()
        raise PinLocked() if pin is not None and tries + 1 >= PIN_LIMIT else WrongSecret()
    ratelimit.clear_events(BUCKET, key)
    record_audit(user, "leave_worker_mode", attempt, inspection, by=by)
    return by


def _matching(pin: WorkerModePin | None, user: User, secret: str, pin_allowed: bool):
    pin_fits = pin is not None and pin_allowed and PIN_PATTERN.fullmatch(secret)
    if pin_fits and check_password_hash(pin.pin_hash, secret):
        return "pin"
    return "password" if user.check_password(secret) else None
