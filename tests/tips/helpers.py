"""Helpers of the tip tests: the public form as a browser fills it, and tips in a given state."""

from datetime import date, timedelta

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.tips import services
from inspect_app.tips.models import TipChannel
from tests.pages import parse

CONTACT = "13912345678"


def public_form_token(client, address: str = "203.0.113.5") -> str:
    page = parse(client.get("/tip-off/", environ_base={"REMOTE_ADDR": address}))
    return page.find("input", {"name": "token"})["value"]


def public_fields(region, token: str, **overrides) -> dict:
    fields = {
        "region_id": str(region.id),
        "subject_name": "某培训机构",
        "allegation": "培训签到表代签，学员没有参加培训就拿到了证书。",
        "contact": CONTACT,
        "token": token,
        "website": "",
    }
    fields.update(overrides)
    return fields


def send_public_tip(client, region, clock_fixture, address="203.0.113.5", **overrides):
    """Fetch the form, wait as a person would, send it."""
    token = public_form_token(client, address)
    clock_fixture.shift(timedelta(seconds=20))
    data = public_fields(region, token, **overrides)
    return client.post("/tip-off/", data=data, environ_base={"REMOTE_ADDR": address})


def make_tip(region, by, subject=None, received_on: date | None = None, contact=CONTACT):
    values = {
        "channel": TipChannel.HOTLINE.value,
        "received_on": received_on or clock.today(),
        "subject": subject,
        "subject_name": "" if subject else "未登记的单位",
        "allegation": "特种作业人员无证上岗",
        "contact": contact,
    }
    tip = services.register_tip(region, values, by)
    db.session.commit()
    return tip
