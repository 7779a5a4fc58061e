"""Staff handle tips: register, verify by a task or a case, record the outcome, answer; each
town sees its own tips only; the informant's contact stays out of the audit log."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from inspect_app.audit.models import AuditEntry
from inspect_app.extensions import db
from inspect_app.plans.models import Task
from inspect_app.tips import services
from inspect_app.tips.models import Tip
from tests.factories import make_inspection, make_user
from tests.pages import parse
from tests.tips.helpers import CONTACT, make_tip


def test_an_inspector_registers_a_tip_from_the_hotline(client, world, login, clock):
    login(world.inspector_a)
    data = {
        "channel": "hotline_12350",
        "received_on": (clock.today() - timedelta(days=2)).isoformat(),
        "region_id": str(world.town_a.id),
        "subject_id": str(world.subject_a.id),
        "subject_name": "",
        "allegation": "三级安全教育记录造假",
        "contact": CONTACT,
    }
    response = client.post("/tips/new", data=data)
    assert response.status_code == 302
    tip = db.session.scalar(select(Tip))
    assert (tip.channel, tip.subject_id, tip.contact) == (
        "hotline_12350",
        world.subject_a.id,
        CONTACT,
    )
    assert tip.received_on == clock.today() - timedelta(days=2)
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "register_tip"))
    assert audit.details["has_contact"] is True
    assert CONTACT not in str(audit.details)


def test_a_tip_needs_a_unit_and_a_past_date(client, world, login, clock):
    login(world.inspector_a)
    data = {
        "channel": "letter",
        "received_on": (clock.today() + timedelta(days=1)).isoformat(),
        "region_id": str(world.town_a.id),
        "subject_id": "0",
        "subject_name": "",
        "allegation": "x",
    }
    response = client.post("/tips/new", data=data)
    assert response.status_code == 422
    assert db.session.scalar(select(Tip)) is None
    assert parse(response).find(class_="error-summary") is not None


def test_each_town_sees_its_own_tips(client, world, login):
    tip = make_tip(world.town_a, world.inspector_a, world.subject_a)
    login(world.inspector_b)
    assert client.get(f"/tips/{tip.id}").status_code == 404
    listed = parse(client.get("/tips/")).select(".tip-list li")
    assert listed == []
    assert client.post(f"/tips/{tip.id}/outcome", data={}).status_code == 404


def test_the_county_supervisor_sees_every_town(client, world, login):
    make_tip(world.town_a, world.inspector_a, world.subject_a)
    make_tip(world.town_b, world.inspector_b, world.subject_b)
    login(world.county_supervisor)
    assert len(parse(client.get("/tips/")).select(".tip-list li")) == 2


def test_a_task_verifies_the_tip(client, world, login, clock):
    tip = make_tip(world.town_a, world.inspector_a)  # a unit not in the register
    second = make_user(world.town_a, "inspector")
    db.session.commit()
    login(world.inspector_a)
    data = {
        "subject_id": str(world.subject_a.id),
        "officer_ids": [str(world.inspector_a.id), str(second.id)],
        "due_month": clock.today().strftime("%Y-%m"),
    }
    assert client.post(f"/tips/{tip.id}/task", data=data).status_code == 302
    db.session.refresh(tip)
    task = db.session.get(Task, tip.verified_by_task_id)
    assert (task.source, task.subject_id) == ("tip", world.subject_a.id)
    assert sorted(task.officer_ids) == sorted([world.inspector_a.id, second.id])
    assert (tip.status, tip.subject_id) == ("verifying", world.subject_a.id)


def test_a_task_needs_two_officers(client, world, login, clock):
    tip = make_tip(world.town_a, world.inspector_a, world.subject_a)
    login(world.inspector_a)
    data = {
        "subject_id": str(world.subject_a.id),
        "officer_ids": [str(world.inspector_a.id)],
        "due_month": clock.today().strftime("%Y-%m"),
    }
    assert client.post(f"/tips/{tip.id}/task", data=data).status_code == 422
    assert db.session.scalar(select(Task)) is None
    assert db.session.get(Tip, tip.id).status == "received"


def test_a_case_verifies_the_tip_then_outcome_and_answer(client, world, login):
    tip = make_tip(world.town_a, world.inspector_a, world.subject_a)
    case = make_inspection(world)
    login(world.inspector_a)
    assert client.post(f"/tips/{tip.id}/case", data={"inspection_id": case.id}).status_code == 302
    assert client.post(f"/tips/{tip.id}/answer", data={"note": "x"}).status_code == 422
    outcome = {"outcome": "partly", "note": "部分属实"}
    assert client.post(f"/tips/{tip.id}/outcome", data=outcome).status_code == 302
    tip = db.session.get(Tip, tip.id)
    assert (tip.status, tip.outcome, tip.verified_by_case_id) == ("closed", "partly", case.id)
    assert tip.awaits_answer
    assert client.post(f"/tips/{tip.id}/answer", data={"note": "电话告知"}).status_code == 302
    assert db.session.get(Tip, tip.id).answered_at is not None


def test_a_case_of_another_town_cannot_verify(world):
    tip = make_tip(world.town_a, world.inspector_a)
    with pytest.raises(services.TipError):
        services.verify_by_case(tip, world.inspection_b, world.inspector_a)
    assert tip.status == "received"


def test_a_tip_without_contact_awaits_no_answer(world):
    tip = make_tip(world.town_a, world.inspector_a, world.subject_a, contact="")
    services.verify_by_case(tip, make_inspection(world), world.inspector_a)
    services.record_outcome(tip, "unsubstantiated", "查无此事", world.inspector_a)
    assert not tip.awaits_answer
    with pytest.raises(services.TipError):
        services.mark_answered(tip, "", world.inspector_a)


def test_staff_pages_show_the_contact_to_staff(client, world, login):
    tip = make_tip(world.town_a, world.inspector_a, world.subject_a)
    login(world.supervisor_a)
    page = parse(client.get(f"/tips/{tip.id}"))
    assert CONTACT in page.find("main").get_text()
