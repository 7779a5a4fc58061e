"""The worker's own phone: a link (QR code) that serves one attempt for 30 minutes."""

import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app import ratelimit
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.quizzes.models import QuizAttempt
from inspect_app.quizzes.services import AttemptFinished, QuizRefused, answer_question

LINK_LIFETIME = timedelta(minutes=30)
WORKER_ANSWERS = ("quiz_answer", 120, timedelta(minutes=30))  # per link: light, not a lock


class Throttled(QuizRefused):
    message = _l("Too many answers were sent from this link. Please wait a few minutes.")


def answer_from_link(attempt: QuizAttempt, qid: int, labels) -> None:
    """A worker's answer on their own phone, counted against the link's light rate limit."""
    bucket, limit, window = WORKER_ANSWERS
    if ratelimit.is_limited(bucket, attempt.worker_token or "", limit, window):
        raise Throttled()
    ratelimit.record_event(bucket, attempt.worker_token or "")
    answer_question(attempt, qid, labels)


def issue_worker_link(attempt: QuizAttempt, user: User, now: datetime | None = None) -> str:
    """A link for this attempt only, valid 30 minutes (the current one is kept while valid)."""
    now = now or utcnow()
    if attempt.is_finished:
        raise AttemptFinished()
    if not attempt.worker_token or attempt.worker_token_expires_at <= now:
        attempt.worker_token = secrets.token_urlsafe(24)
        attempt.worker_token_expires_at = now + LINK_LIFETIME
        expires = attempt.worker_token_expires_at
        record_audit(
            user,
            "issue_quiz_link",
            attempt,
            db.session.get(Inspection, attempt.inspection_id),
            expires_at=expires,
        )
    return worker_url(attempt)


def worker_url(attempt: QuizAttempt) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/q/" + attempt.worker_token


def find_token_attempt(token: str) -> QuizAttempt | None:
    """The attempt a link token belongs to, whatever its state."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(QuizAttempt).where(QuizAttempt.worker_token == token))


def link_is_live(attempt: QuizAttempt, now: datetime | None = None) -> bool:
    expires = attempt.worker_token_expires_at
    return expires is not None and (now or utcnow()) < expires


def attempt_for_token(token: str, now: datetime | None = None) -> QuizAttempt | None:
    """The attempt the link serves: None if unknown, expired or finished."""
    attempt = find_token_attempt(token)
    if attempt is None or attempt.is_finished or not link_is_live(attempt, now):
        return None
    return attempt
