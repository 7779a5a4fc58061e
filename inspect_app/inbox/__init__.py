"""The in-app inbox of each user, and reminders sent from it by e-mail or SMS."""

from flask import Flask, g, request, session
from flask_login import current_user

from inspect_app import clock

DEFAULTS = {
    "REMINDER_CHANNELS": ("email",),  # of "email", "sms"
    "APP_BASE_URL": "",  # where staff open the app, for reminder links (else PUBLIC_BASE_URL)
    "MAIL_SERVER": "",  # no mail server: no e-mail is sent
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_FROM": "inspect@localhost",
    "MAIL_TIMEOUT": 30,
    "SMS_GATEWAY": "inspect_app.inbox.channels:LoggingSmsGateway",
}


def init_app(app: Flask) -> None:
    """Settings with their defaults, the header's unread count and the reminders command."""
    from inspect_app.inbox.cli import reminders_cli

    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    app.cli.add_command(reminders_cli)
    app.before_request(_forget_count_on_write)

    @app.context_processor
    def _inbox():
        from inspect_app.inbox.services import UNREAD_SHOWN

        return {"inbox_unread": _unread_once, "inbox_unread_shown": UNREAD_SHOWN}


# How long the header's count is kept in the browser's signed session cookie. Every page shows
# the count, and counting reads every source (a dozen indexed lookups; more for a county's
# users): kept, most pages send none of them. The user's own changes show at once (any write
# forgets the count, and the inbox page always counts); other people's within this time.
COUNT_KEPT_SECONDS = 60
_KEPT = "inbox_unread"


def _unread_once() -> int:
    """The header's count of unread entries: kept for COUNT_KEPT_SECONDS, the same day, the
    same user; else counted (once per request)."""
    from inspect_app.inbox.services import unread_count

    if not current_user.is_authenticated:
        return 0
    if "inbox_unread" not in g:
        now, day = int(clock.utcnow().timestamp()), clock.today().isoformat()
        kept = _kept_count(now, day)
        if kept is None:
            kept = unread_count(current_user)
            session[_KEPT] = [current_user.id, day, now, kept]
        g.inbox_unread = kept
    return g.inbox_unread


def _kept_count(now: int, day: str) -> int | None:
    kept = session.get(_KEPT)
    if request.blueprint == "inbox" or not isinstance(kept, list) or len(kept) != 4:
        return None
    user_id, kept_day, counted_at, count = kept
    fresh = 0 <= now - counted_at < COUNT_KEPT_SECONDS
    return count if fresh and user_id == current_user.id and kept_day == day else None


# Writes that feed no inbox source (tasks, orders and their answers, statements, extensions,
# reports, tips) keep the count. A checklist autosave is the commonest write on site: forgetting
# on each would make the next page count again.
COUNT_KEEPING_WRITES = frozenset({"inspections.answer"})


def _forget_count_on_write() -> None:
    """A write may read or close an entry: the next page counts again."""
    if request.method in ("GET", "HEAD", "OPTIONS") or request.endpoint in COUNT_KEEPING_WRITES:
        return
    if _KEPT in session:
        session.pop(_KEPT)
