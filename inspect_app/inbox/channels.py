"""Channels that carry reminders out of the app: e-mail through SMTP, and SMS through a gateway.

Which channels run is configuration (REMINDER_CHANNELS). E-mail runs only when MAIL_SERVER is set:
the deployment's own mail server, so no address or text reaches a third party it did not choose.

SMS: a provider plugs in by writing a class with one method,

    class MyGateway:
        def __init__(self, config): ...          # the app's config: keys, endpoint
        def send_sms(self, number: str, text: str) -> None: ...   # raise OSError on failure

and naming it in SMS_GATEWAY = "package.module:MyGateway" with "sms" in REMINDER_CHANNELS. The
built-in LoggingSmsGateway only writes a log line (the number masked, the text's length), so
nothing leaves the server until a real gateway is configured. The SMS text carries no names: only
how many reminders wait and the inbox's address.
"""

import importlib
import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from flask import current_app

from inspect_app.redaction import mask_phone

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    subject: str
    body: str  # the full text (e-mail)
    short: str  # one line, no names (SMS)


class Channel(Protocol):
    name: str

    def address(self, contact) -> str: ...

    def send(self, address: str, message: Message) -> None: ...


class EmailChannel:
    name = "email"

    def __init__(self, config) -> None:
        self.config = config

    def address(self, contact) -> str:
        return contact.email

    def send(self, address: str, message: Message) -> None:
        cfg = self.config
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = cfg["MAIL_FROM"], address, message.subject
        mail.set_content(message.body)
        smtp_class = smtplib.SMTP_SSL if cfg["MAIL_USE_SSL"] else smtplib.SMTP
        with smtp_class(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["MAIL_TIMEOUT"]) as smtp:
            if cfg["MAIL_USE_TLS"]:
                smtp.starttls()
            if cfg["MAIL_USERNAME"]:
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
            smtp.send_message(mail)


class SmsGateway(Protocol):
    def send_sms(self, number: str, text: str) -> None: ...


class LoggingSmsGateway:
    """Sends nothing: logs that a message would go out (number masked, no text)."""

    def __init__(self, config) -> None:
        self.config = config

    def send_sms(self, number: str, text: str) -> None:
        log.info(
            "sms not sent (logging gateway): to %s, %d characters", mask_phone(number), len(text)
        )


class SmsChannel:
    name = "sms"

    def __init__(self, config) -> None:
        self.gateway: SmsGateway = load_gateway(config["SMS_GATEWAY"])(config)

    def address(self, contact) -> str:
        return contact.mobile

    def send(self, address: str, message: Message) -> None:
        self.gateway.send_sms(address, message.short)


def load_gateway(path: str):
    """The gateway class named "package.module:Class"."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def enabled_channels() -> list[Channel]:
    """The configured channels that can run (e-mail needs a mail server)."""
    cfg = current_app.config
    channels: list[Channel] = []
    for name in cfg["REMINDER_CHANNELS"]:
        if name == "email" and cfg["MAIL_SERVER"]:
            channels.append(EmailChannel(cfg))
        elif name == "sms":
            channels.append(SmsChannel(cfg))
    return channels
