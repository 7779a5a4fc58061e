"""Each user's inbox: entries read from the features' own data, scoped to the user, with an
unread count in the header that opening an entry lowers."""

from datetime import timedelta

import pytest

from inspect_app import clock as app_clock
from inspect_app.extensions import db
from inspect_app.findings.models import OrderResponse
from inspect_app.inbox.services import inbox_entries
from inspect_app.stats.services import due_date
from inspect_app.tips import services as tip_services
from tests.factories import make_inspection
from tests.inbox.helpers import assign_task
from tests.pages import parse
from tests.public.helpers import issued_case
from tests.tips.helpers import make_tip, send_public_tip


def kinds(user) -> list[str]:
    return [entry.kind for entry in inbox_entries(user)]


def test_a_task_assigned_reaches_each_officer_and_no_one_else(world):
    task, second = assign_task(world)
    assert kinds(world.inspector_a) == ["task"]
    assert kinds(second) == ["task"]
    assert kinds(world.inspector_b) == []
    task.status = "done"
    db.session.commit()
    assert kinds(world.inspector_a) == []


def test_the_header_counts_unread_and_opening_reads(client, world, login):
    task, _ = assign_task(world)
    login(world.inspector_a)
    count = parse(client.get("/")).select_one(".nav-inbox .nav-count")
    assert count.get_text(strip=True) == "1"
    page = parse(client.get("/inbox/"))
    key = page.select_one(".inbox-entry")["data-key"]
    assert key == f"task:{task.id}"
    response = client.post("/inbox/open", data={"key": key})
    assert response.status_code == 302
    assert parse(client.get("/")).select_one(".nav-inbox .nav-count") is None
    assert parse(client.get("/inbox/")).select_one(".inbox-unread") is None


def test_an_answer_and_a_passed_deadline_reach_the_case_inspectors(world, clock):
    case = issued_case(world)
    order = case.orders[0]
    db.session.add(OrderResponse(order_id=order.id, note="已整改", client_key="r1"))
    db.session.commit()
    assert kinds(world.inspector_a) == ["answer"]
    assert kinds(world.inspector_b) == []
    clock.set_today(order.deadline + timedelta(days=1))
    assert sorted(kinds(world.inspector_a)) == ["answer", "overdue"]


def test_the_monthly_report_due_and_late(world, clock):
    month = app_clock.current_month()
    due = due_date(month)
    clock.set_today(due - timedelta(days=4))
    assert "report_due" not in kinds(world.supervisor_a)
    clock.set_today(due - timedelta(days=3))
    entries = [e for e in inbox_entries(world.supervisor_a) if e.kind == "report_due"]
    assert [e.key for e in entries] == [f"report_due:{world.town_a.id}:{month}"]
    county = {e.key for e in inbox_entries(world.county_supervisor) if e.kind == "report_due"}
    assert county == {f"report_due:{t.id}:{month}" for t in (world.town_a, world.town_b)}
    assert "report_due" not in kinds(world.inspector_a)
    clock.set_today(due_date(app_clock.shift_month(month, 1)) - timedelta(days=20))
    late = [e.key for e in inbox_entries(world.supervisor_a) if e.kind == "report_late"]
    assert late == [f"report_late:{world.town_a.id}:{month}"]


def test_a_tip_near_its_limit_reaches_its_town_only(world, clock):
    tip = make_tip(world.town_a, world.inspector_a, received_on=clock.today())
    assert "tip" not in kinds(world.inspector_a)
    clock.set_today(tip.received_on + timedelta(days=11))
    assert "tip" in kinds(world.inspector_a)
    assert "tip" in kinds(world.supervisor_a)
    assert "tip" in kinds(world.county_supervisor)
    assert "tip" not in kinds(world.inspector_b)
    near = next(e for e in inbox_entries(world.inspector_a) if e.kind == "tip")
    clock.set_today(tip.received_on + timedelta(days=16))
    late = next(e for e in inbox_entries(world.inspector_a) if e.kind == "tip")
    assert near.key != late.key and late.urgent


def test_opening_an_entry_not_in_the_inbox_goes_back(client, world, login):
    login(world.inspector_a)
    response = client.post("/inbox/open", data={"key": "task:999"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/inbox/")


@pytest.mark.parametrize("mobile", ["123", "1381234567x"])
def test_reminder_settings_refuse_a_bad_number(client, world, login, mobile):
    login(world.inspector_a)
    response = client.post("/inbox/settings", data={"email": "", "mobile": mobile})
    assert response.status_code == 200
    assert parse(response).find(class_="error-summary") is not None


def test_a_public_tip_reaches_its_towns_supervisors_then_asks_for_its_outcome(client, world, clock):
    code = parse(send_public_tip(client, world.town_a, clock)).find(id="query-code").get_text()
    tip = tip_services.tip_by_code(code)
    new = [e for e in inbox_entries(world.supervisor_a) if e.kind == "tip_new"]
    assert [e.key for e in new] == [f"tip:{tip.id}:received"]
    assert tip.about and tip.about in new[0].text
    assert "tip_new" in kinds(world.county_supervisor)
    assert "tip_new" not in kinds(world.inspector_a)  # the town's supervisors put it to a check
    case = make_inspection(world)
    tip_services.verify_by_case(tip, case, world.supervisor_a)
    db.session.commit()
    assert not {"tip_new", "tip_checked"} & set(kinds(world.supervisor_a))  # the case is a draft
    case.status = "issued"
    db.session.commit()
    checked = [e for e in inbox_entries(world.supervisor_a) if e.kind == "tip_checked"]
    assert [e.key for e in checked] == [f"tip:{tip.id}:checked"]
    tip_services.record_outcome(tip, "unsubstantiated", "未发现无证上岗", world.supervisor_a)
    db.session.commit()
    assert not {"tip_new", "tip_checked"} & set(kinds(world.supervisor_a))
