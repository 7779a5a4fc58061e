"""`flask reminders send`: each reminder goes out once per channel, received by a real SMTP
server (aiosmtpd); the SMS gateway is pluggable and the built-in one sends nothing."""

import logging
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.inbox.models import ReminderDelivery
from inspect_app.inbox.services import save_contact
from tests.inbox.helpers import assign_task
from tests.tips.helpers import CONTACT, make_tip


class Collector:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, parsed))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def smtp(smtp_port):
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield collector
    controller.stop()


@pytest.fixture
def app_config(smtp_port):
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_port, "MAIL_FROM": "office@town.test"}


def send(app):
    return app.test_cli_runner().invoke(args=["reminders", "send"])


def deliveries() -> int:
    return db.session.scalar(select(func.count()).select_from(ReminderDelivery))


def test_each_reminder_is_emailed_once(app, world, smtp):
    assign_task(world)
    save_contact(world.inspector_a, "zhang@town.test", "")
    db.session.commit()
    result = send(app)
    assert result.exit_code == 0, result.output
    assert "sent 1 reminders in 1 messages" in result.output
    ((rcpt, mail),) = smtp.messages
    assert rcpt == ["zhang@town.test"] and mail["From"] == "office@town.test"
    body = mail.get_body().get_content()
    assert world.subject_a.name in body
    assert "https://inspect.test/inbox/" in body
    assert send(app).exit_code == 0
    assert len(smtp.messages) == 1  # nothing new: nothing sent
    assign_task(world, subject=world.subject_a)
    send(app)
    assert len(smtp.messages) == 2
    assert smtp.messages[1][1].get_body().get_content().count("· ") == 1  # only the new one
    assert deliveries() == 2


def test_users_without_an_address_get_the_inbox_only(app, world, smtp):
    assign_task(world)
    assert send(app).exit_code == 0
    assert smtp.messages == [] and deliveries() == 0


def test_a_failed_send_is_tried_again_next_run(app, world, smtp_port):
    assign_task(world)
    save_contact(world.inspector_a, "zhang@town.test", "")
    db.session.commit()
    result = send(app)  # no server listens yet
    assert result.exit_code == 1 and "1 failed" in result.output
    assert deliveries() == 0
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        assert send(app).exit_code == 0
    finally:
        controller.stop()
    assert len(collector.messages) == 1 and deliveries() == 1


@pytest.mark.parametrize("app_config", [{"MAIL_SERVER": ""}])
def test_no_mail_server_no_email(app, world, app_config):
    assign_task(world)
    save_contact(world.inspector_a, "zhang@town.test", "")
    db.session.commit()
    assert "sent 0 reminders" in send(app).output


@pytest.mark.parametrize("app_config", [{"REMINDER_CHANNELS": ("sms",)}])
def test_the_logging_sms_gateway_sends_nothing_and_logs_no_number(app, world, caplog, app_config):
    make_tip(world.town_a, world.inspector_a)  # an informant's contact exists in the database
    assign_task(world)
    save_contact(world.inspector_a, "", "13800001234")
    db.session.commit()
    with caplog.at_level(logging.INFO, logger="inspect_app.inbox.channels"):
        assert send(app).exit_code == 0
    logged = caplog.text
    assert "sms not sent" in logged and "138****1234" in logged
    assert "13800001234" not in logged and CONTACT not in logged
    assert deliveries() == 1


class RecordingGateway:
    sent: list = []

    def __init__(self, config) -> None:
        pass

    def send_sms(self, number: str, text: str) -> None:
        RecordingGateway.sent.append((number, text))


@pytest.mark.parametrize(
    "app_config",
    [{"REMINDER_CHANNELS": ("sms",), "SMS_GATEWAY": f"{__name__}:RecordingGateway"}],
)
def test_a_provider_plugs_in_and_the_text_names_no_one(app, world, app_config):
    RecordingGateway.sent.clear()
    assign_task(world)
    save_contact(world.inspector_a, "", "13800001234")
    db.session.commit()
    send(app)
    ((number, text),) = RecordingGateway.sent
    assert number == "13800001234"
    assert world.subject_a.name not in text and "https://inspect.test/inbox/" in text
