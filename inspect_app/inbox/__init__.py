"""The in-app inbox of each user, and reminders sent from it by e-mail or SMS."""

from flask import Flask, g
from flask_login import current_user

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

    @app.context_processor
    def _inbox():
        from inspect_app.inbox.services import UNREAD_SHOWN

        return {"inbox_unread": _unread_once, "inbox_unread_shown": UNREAD_SHOWN}


def _unread_once() -> int:
    """The header's count of unread entries, computed once per request."""
    from inspect_app.inbox.services import unread_count

    if not current_user.is_authenticated:
        return 0
    if "inbox_unread" not in g:
        g.inbox_unread = unread_count(current_user)
    return g.inbox_unread
