"""The daily reminder run: each inbox entry goes out once per channel to each user who gave an
address for it. A failed send is logged (without the address) and tried again the next run."""

import logging
import smtplib
from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.extensions import db
from inspect_app.inbox.channels import Channel, Message, enabled_channels
from inspect_app.inbox.entries import Entry
from inspect_app.inbox.models import ReminderContact, ReminderDelivery
from inspect_app.inbox.services import inbox_entries

log = logging.getLogger(__name__)


@dataclass
class RunReport:
    messages: int = 0
    reminders: int = 0
    failures: int = 0


def send_reminders() -> RunReport:
    """Send every entry not yet sent, one message per user and channel; commits as it goes."""
    report = RunReport()
    channels = enabled_channels()
    query = select(User, ReminderContact).join(ReminderContact, ReminderContact.user_id == User.id)
    for user, contact in db.session.execute(query.where(User.active.is_(True)).order_by(User.id)):
        entries = inbox_entries(user)
        for channel in channels:
            address = channel.address(contact)
            if address and entries:
                _send(user, channel, address, entries, report)
    return report


def _send(user, channel: Channel, address: str, entries: list[Entry], report: RunReport) -> None:
    sent = set(
        db.session.scalars(
            select(ReminderDelivery.key).where(
                ReminderDelivery.user_id == user.id, ReminderDelivery.channel == channel.name
            )
        )
    )
    new = [entry for entry in entries if entry.key not in sent]
    if not new:
        return
    try:
        channel.send(address, compose(new))
    except (OSError, smtplib.SMTPException) as error:
        log.warning(
            "reminder to user %s by %s failed: %s", user.id, channel.name, type(error).__name__
        )
        report.failures += 1
        return
    db.session.add_all(
        ReminderDelivery(user_id=user.id, key=e.key, channel=channel.name) for e in new
    )
    db.session.commit()
    report.messages += 1
    report.reminders += len(new)


def compose(entries: list[Entry]) -> Message:
    """The message for these entries: each with its link; the short form names nothing."""
    inbox = url_for("inbox.index", _external=True)
    lines = [
        f"· {e.label}: {e.text}\n  {url_for(e.endpoint, _external=True, **e.values)}"
        for e in entries
    ]
    count = len(entries)
    subject = _("New reminders: %(num)d", num=count)
    body = "\n".join([_("New in your inbox:"), "", *lines, "", _("Inbox: %(url)s", url=inbox)])
    short = _("%(subject)s. Inbox: %(url)s", subject=subject, url=inbox)
    return Message(subject=subject, body=body, short=short)


def base_url() -> str:
    """Where staff open the app (links in reminders)."""
    cfg = current_app.config
    return cfg["APP_BASE_URL"] or cfg["PUBLIC_BASE_URL"]
