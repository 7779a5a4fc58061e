"""Plan, draw, task and coverage pages: scope, roles, amendments kept, tasks opening cases."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.plans import drawing, services
from inspect_app.plans.models import EnforcementPlan, PlanAmendment, Task
from tests import factories
from tests.plans.helpers import make_plan, make_town, this_month


@pytest.fixture
def town(world):
    return make_town(world)


def plan_form(**changes):
    month = this_month().strftime("%Y-%m")
    data = {
        "title": "洋口镇执法计划",
        "campaign": "training-formality-2021",
        "first_month": month,
        "last_month": month,
        "full_kinds": ["training_institution", "exam_site"],
        "sample_kinds": ["production_unit"],
        "sample_share": "5",
        "all_high_risk": "y",
    }
    data.update(changes)
    return data


def test_a_town_never_sees_another_towns_plans(client_request, login, world, town):
    plan_b = make_plan(world, region=world.town_b, title="Plan of B")
    login(world.supervisor_a)
    page = client_request.get("/plans/")
    assert [a.get_text(strip=True) for a in page.select(".list-item strong")] == ["Plan"]
    client_request.get(f"/plans/{plan_b.id}", status=404)
    client_request.get(f"/coverage/?region={world.town_b.id}")  # falls back to own town
    page = client_request.get("/coverage/")
    assert "Plan of B" not in page.get_text()


def test_the_county_supervisor_sees_both_towns_side_by_side(client_request, login, world, town):
    make_plan(world, region=world.town_b, title="Plan of B")
    factories.make_subject(world.town_b, kind="exam_site", name="B exam site")
    db.session.commit()
    login(world.county_supervisor)
    page = client_request.get("/coverage/")
    rows = [th.get_text(strip=True) for th in page.select("#coverage-table tbody th")]
    assert rows == ["Town A", "Town B"]
    assert page.select_one("svg.chart") is not None
    gaps = {s.get_text(strip=True) for s in page.select("#gaps strong")}
    assert gaps == {"TI 0", "TI 1", "Exam site", "B exam site"}


def test_an_inspector_may_not_create_a_plan(client_request, login, world):
    login(world.inspector_a)
    client_request.post("/plans/new", data=plan_form(region_id=world.town_a.id), status=403)


def test_a_supervisor_creates_a_plan(client_request, login, world):
    login(world.supervisor_a)
    client_request.post("/plans/new", data=plan_form(region_id=world.town_a.id), status=302)
    plan = db.session.scalar(select(EnforcementPlan))
    assert plan.region_id == world.town_a.id and plan.status == "draft"
    assert plan.full_kinds == ["exam_site", "training_institution"]


def test_a_bad_plan_is_refused_with_a_message_and_nothing_saved(client_request, login, world):
    login(world.supervisor_a)
    later = (this_month() + timedelta(days=40)).strftime("%Y-%m")
    bad = plan_form(region_id=world.town_a.id, first_month=later, sample_share="150")
    page = client_request.post("/plans/new", data=bad, status=422)
    assert page.select_one(".error-summary") is not None
    assert db.session.scalar(select(EnforcementPlan)) is None


def test_an_approved_plan_is_amended_only_with_a_reason_which_is_kept(
    client_request, login, world, town
):
    login(world.supervisor_a)
    url = f"/plans/{town.plan.id}/edit"
    first = town.plan.first_month.strftime("%Y-%m")
    last = town.plan.last_month.strftime("%Y-%m")
    data = plan_form(first_month=first, last_month=last, sample_share="10", title="Plan")
    client_request.post(url, data=data, status=422)
    assert db.session.scalar(select(PlanAmendment)) is None
    client_request.post(url, data={**data, "reason": "县局要求提高抽查比例"}, status=302)
    amendment = db.session.scalar(select(PlanAmendment))
    assert amendment.reason == "县局要求提高抽查比例"
    assert amendment.changes == {"sample_share": [20, 10]}
    page = client_request.get(f"/plans/{town.plan.id}")
    assert "县局要求提高抽查比例" in page.get_text()


def test_a_supervisor_draws_from_the_page_and_the_record_re_runs(
    client_request, login, world, town
):
    login(world.supervisor_a)
    url = f"/plans/{town.plan.id}/draws/new"
    page = client_request.get(url)
    assert page.select_one("#sample_size")["value"] == "1"
    data = {"sample_size": "1", "due_month": this_month().isoformat(), "seed": "公开摇号-1"}
    client_request.post(url, data={**data, "action": "draw"}, status=302)
    draw = db.session.scalar(select(Task)).draw
    assert draw.seed == "公开摇号-1" and len(draw.result) == 6
    page = client_request.get(f"/draws/{draw.id}?check=1")
    assert "notice-success" in page.select_one("#recheck")["class"]


def test_an_inspector_may_not_draw_or_reassign(client_request, login, world, town):
    login(world.inspector_a)
    client_request.get(f"/plans/{town.plan.id}/draws/new", status=403)
    task = services.create_task(
        world.town_a, world.subject_a, town.officers[:2], this_month(), "manual", world.admin
    )
    db.session.commit()
    data = {"officer_ids": [o.id for o in town.officers[1:]], "reason": "x"}
    client_request.post(f"/tasks/{task.id}/reassign", data=data, status=403)


def test_a_supervisor_reassigns_with_a_reason(client_request, login, world, town):
    task = services.create_task(
        world.town_a, world.subject_a, town.officers[:2], this_month(), "manual", world.admin
    )
    db.session.commit()
    login(world.supervisor_a)
    ids = [o.id for o in town.officers[1:]]
    client_request.post(f"/tasks/{task.id}/reassign", data={"officer_ids": ids}, status=422)
    client_request.post(
        f"/tasks/{task.id}/reassign", data={"officer_ids": ids[:1], "reason": "病假"}, status=422
    )
    client_request.post(
        f"/tasks/{task.id}/reassign", data={"officer_ids": ids, "reason": "病假"}, status=302
    )
    db.session.refresh(task)
    assert task.officer_ids == sorted(ids)
    assert task.reassignments[0].reason == "病假"
    assert task.reassignments[0].from_ids == sorted(o.id for o in town.officers[:2])


def test_the_inspector_home_lists_tasks_by_due_date(client_request, login, world, town):
    late = services.create_task(
        world.town_a, town.training[0], town.officers[:2], this_month(), "manual", world.admin
    )
    soon = services.create_task(
        world.town_a,
        town.exam_sites[0],
        town.officers[:2],
        this_month() - timedelta(days=1),
        "manual",
        world.admin,
    )
    db.session.commit()
    login(world.inspector_a)
    page = client_request.get("/")
    names = [s.get_text(strip=True) for s in page.select("#my-tasks + .task-list strong")]
    assert names == [soon.subject.name, late.subject.name]


def test_starting_a_task_opens_the_case_with_its_officers_filled_in(
    client_request, login, world, town
):
    task = services.create_task(
        world.town_a, world.subject_a, town.officers[:2], this_month(), "manual", world.admin
    )
    db.session.commit()
    login(world.inspector_a)
    page = client_request.get(f"/tasks/{task.id}/start")
    ticked = {int(box["value"]) for box in page.select("input[name=inspector_ids][checked]")}
    assert ticked == set(task.officer_ids)
    form = {
        "started_at": clock.local_minute().strftime("%Y-%m-%dT%H:%M"),
        "place": "现场",
        "inspector_ids": task.officer_ids,
        "representative_name": "顾建国",
        "representative_position": "主要负责人",
    }
    client_request.post(f"/tasks/{task.id}/start", data=form, status=302)
    db.session.refresh(task)
    inspection = db.session.get(Inspection, task.inspection_id)
    assert sorted(i.user_id for i in inspection.inspectors) == task.officer_ids
    assert task.status == "open"


def test_issuing_the_record_through_the_case_core_completes_the_task(world, town, app):
    from inspect_app.issuing.services import issue_record
    from tests.public import helpers

    original = helpers.issue_record
    captured = {}

    def issue_and_link(case, user):
        captured["task"] = services.create_task(
            world.town_a, case.subject, town.officers[:2], this_month(), "manual", world.admin
        )
        services.link_case(captured["task"], case, world.admin)
        return issue_record(case, user)

    helpers.issue_record = issue_and_link
    try:
        helpers.issued_case(world, orders=0)
    finally:
        helpers.issue_record = original
    assert captured["task"].status == "done"


def test_another_towns_task_is_not_found(client_request, login, world, town):
    other = services.create_task(
        world.town_b,
        world.subject_b,
        [world.inspector_b, world.inspection_b.inspectors[1].user],
        this_month(),
        "manual",
        world.admin,
    )
    db.session.commit()
    login(world.inspector_a)
    client_request.get(f"/tasks/{other.id}", status=404)
    client_request.get(f"/tasks/{other.id}/start", status=404)


def test_officers_marked_related_are_listed_and_kept_out(client_request, login, world, town):
    login(world.supervisor_a)
    data = {"officer_id": town.officers[0].id, "subject_id": town.high_risk[0].id}
    client_request.post("/conflicts/", data=data, status=422)
    client_request.post("/conflicts/", data={**data, "reason": "曾在该单位任职"}, status=302)
    pool = drawing.build_pool(town.plan, drawing.Filters())
    assert (town.high_risk[0].id, town.officers[0].id) in pool.conflicts
