"""`flask --app wsgi reminders send`: the daily reminder run (from cron or a systemd timer)."""

import click
from flask import current_app
from flask.cli import AppGroup

from inspect_app.inbox.reminders import base_url, send_reminders

reminders_cli = AppGroup("reminders", help="Send inbox reminders by e-mail or SMS.")


@reminders_cli.command("send")
def send() -> None:
    """Send each user's new inbox entries once, through every configured channel."""
    with current_app.test_request_context(base_url=base_url()):
        report = send_reminders()
    click.echo(
        f"sent {report.reminders} reminders in {report.messages} messages; "
        f"{report.failures} failed (tried again next run)"
    )
    if report.failures:
        raise SystemExit(1)
