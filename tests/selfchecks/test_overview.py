"""The town's overview of self-checks, and inspectors entering a form on a unit's behalf."""

from datetime import timedelta

from sqlalchemy import event, select

from inspect_app import clock
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.selfchecks.models import SelfCheck
from tests.factories import make_subject
from tests.selfchecks.helpers import audit_actions, count_self_checks, form_data, fresh, sent


def _statuses(page) -> dict[str, str]:
    return {
        li.select_one("strong").get_text(): li.select_one(".status")["class"][1]
        for li in page.select(".sck-unit")
    }


def _town_a_of_every_status(world) -> dict:
    units = {name: make_subject(world.town_a, name=name) for name in "CDEFG"}
    db.session.commit()
    user = world.supervisor_a
    submitted = sent(units["C"], user)
    submitted.status, submitted.submitted_at = "submitted", utcnow()
    late = sent(units["D"], user)
    late.deadline = clock.today() - timedelta(days=3)
    late.status, late.submitted_at = "submitted", utcnow()
    overdue = sent(units["E"], user)
    overdue.deadline = clock.today() - timedelta(days=1)
    revoked = sent(units["F"], user)
    revoked.revoked_at = utcnow()
    sent(units["G"], user)
    db.session.commit()
    return units


def test_overview_shows_every_unit_of_the_town_with_its_status_and_counts(
    client_request, world, login
):
    _town_a_of_every_status(world)
    make_subject(world.town_a, kind="training_institution", name="School")
    db.session.commit()
    login(world.supervisor_a)
    page = client_request.get("/selfchecks")
    assert _statuses(page) == {
        "C": "sck-status-submitted",
        "D": "sck-status-late",
        "E": "sck-status-overdue",
        "F": "sck-status-revoked",
        "G": "sck-status-sent",
        "Unit in A": "sck-status-not_sent",
        "School": "sck-status-not_sent",
    }
    assert page.select_one(".sck-count-submitted").get_text() == "2"
    assert page.select_one(".sck-count-not-submitted").get_text() == "5"
    units = client_request.get("/selfchecks?kind=production_unit")
    assert "School" not in _statuses(units) and len(_statuses(units)) == 6
    schools = client_request.get("/selfchecks?kind=training_institution")
    assert list(_statuses(schools)) == ["School"]
    assert page.select_one(".sck-count-late").get_text() == "1"
    filtered = client_request.get("/selfchecks?status=overdue")
    assert list(_statuses(filtered)) == ["E"]


def test_overview_is_one_query_however_many_units(client, world, login, app):
    _town_a_of_every_status(world)
    login(world.supervisor_a)
    statements = []

    def count(*args):
        if "self_check" in args[2]:
            statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        client.get("/selfchecks")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1


def test_county_supervisor_sees_every_town_and_filters_by_town(client_request, world, login):
    login(world.county_supervisor)
    page = client_request.get("/selfchecks")
    assert set(_statuses(page)) == {"Unit in A", "Unit in B"}
    options = [o.get_text() for o in page.select("#town option")][1:]
    assert options == ["County", "Town A", "Town B"]
    page = client_request.get(f"/selfchecks?town={world.town_b.id}")
    assert list(_statuses(page)) == ["Unit in B"]


def test_town_users_see_only_their_town(client, client_request, world, login):
    login(world.inspector_a)
    page = client_request.get("/selfchecks")
    assert list(_statuses(page)) == ["Unit in A"]
    assert not page.select("#town")
    assert not page.select(".sck-bulk")
    assert client.get(f"/selfchecks?town={world.town_b.id}").status_code == 404


def test_inspector_enters_a_paper_form_creating_the_self_check(
    client, client_request, world, login
):
    login(world.inspector_a)
    url = f"/selfchecks/units/{world.subject_a.id}/fill"
    page = client_request.get(url)
    assert page.find(id="filled_on")["value"] == clock.today().isoformat()
    assert count_self_checks() == 0  # opening the page creates nothing
    data = form_data(_NoRow(), problems=(6,))
    data.pop("version")
    response = client.post(url, data=data)
    assert response.status_code == 302
    (self_check,) = _all_self_checks()
    assert self_check.entered_by_id == world.inspector_a.id
    assert self_check.status == "submitted" and self_check.items[5].has_problem is True
    assert audit_actions(self_check) == [
        ("open_self_check_on_behalf", world.inspector_a.id),
        ("submit_self_check", world.inspector_a.id),
    ]
    page = client_request.get("/selfchecks")
    assert page.select_one(f"#unit-{world.subject_a.id} .sck-entered")
    unit = client_request.get(f"/selfchecks/units/{world.subject_a.id}")
    verdicts = [p["class"][1] for p in unit.select(".sck-answer-item .sck-verdict")]
    assert verdicts == ["sck-verdict-ok"] * 5 + ["sck-verdict-problem"]
    assert unit.select_one(".sck-entered-by").get_text() == world.inspector_a.display_name
    assert client.post(url, data=data).status_code == 409
    assert count_self_checks() == 1


def test_a_double_tap_of_an_inspectors_new_draft_keeps_one_row(client, world, login):
    login(world.inspector_a)
    url = f"/selfchecks/units/{world.subject_a.id}/fill"
    data = form_data(_NoRow(), action="save")
    data.pop("version")
    assert client.post(url, data=data).status_code == 302
    assert client.post(url, data=data).status_code == 302
    assert count_self_checks() == 1


def test_inspector_completes_a_draft_the_unit_started(client, client_request, world, login):
    self_check = sent(world.subject_a, world.supervisor_a)
    client.post(f"/s/{self_check.token}", data=form_data(self_check, action="save"))
    login(world.inspector_a)
    url = f"/selfchecks/units/{world.subject_a.id}/fill"
    page = client_request.get(url)
    assert page.find(id="responsible_name")["value"] == "顾建国"
    data = form_data(fresh(self_check), responsible_name="顾建国（纸质表）")
    assert client.post(url, data=data).status_code == 302
    stored = fresh(self_check)
    assert stored.is_submitted and stored.entered_by_id == world.inspector_a.id
    assert audit_actions(self_check)[1:] == [
        ("save_self_check_draft", None),
        ("submit_self_check", world.inspector_a.id),
    ]


def test_inspector_of_another_town_cannot_enter_a_form(client, world, login):
    login(world.inspector_b)
    url = f"/selfchecks/units/{world.subject_a.id}/fill"
    assert client.get(url).status_code == 404
    assert client.post(url, data=form_data(_NoRow())).status_code == 404
    assert count_self_checks() == 0


class _NoRow:
    version = 0


def _all_self_checks():
    db.session.expire_all()
    return list(db.session.scalars(select(SelfCheck)))
