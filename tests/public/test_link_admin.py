"""Supervisors withdraw and reopen the public link; the case list on the command line."""

from datetime import timedelta

from inspect_app.audit.models import AuditEntry
from inspect_app.extensions import db
from tests.factories import inspection_start, make_inspection, make_region, make_subject
from tests.public.helpers import issued_case


def _revoke(client, case, reason="记录有误，待更正后重新公开"):
    url = f"/inspections/{case.inspection.id}/public-link/revoke"
    return client.post(url, data={"reason": reason, "version": case.inspection.version})


def test_supervisor_withdraws_the_link_and_reopens_the_same_one(
    client, client_request, case, world, login
):
    login(world.supervisor_a)
    box = client_request.get(f"/inspections/{case.inspection.id}").select_one("#public-link")
    assert box.select_one("a.hash")["href"] == case.inspection.public_url
    assert box.select_one("form.public-revoke")
    assert _revoke(client, case).status_code == 302
    db.session.refresh(case.inspection)
    assert case.inspection.public_revoked_reason == "记录有误，待更正后重新公开"
    gone = client.get(case.url)
    assert gone.status_code == 410
    assert "记录有误" not in gone.get_data(as_text=True)
    entry = db.session.query(AuditEntry).filter_by(action="revoke_public_link").one()
    assert entry.user_id == world.supervisor_a.id

    token = case.inspection.public_token
    restore = f"/inspections/{case.inspection.id}/public-link/restore"
    assert client.post(restore, data={"version": case.inspection.version}).status_code == 302
    db.session.refresh(case.inspection)
    assert case.inspection.public_token == token and not case.inspection.public_link_revoked
    assert client.get(case.url).status_code == 200


def test_withdrawing_needs_a_reason(client, case, world, login):
    login(world.supervisor_a)
    _revoke(client, case, reason="  ")
    db.session.refresh(case.inspection)
    assert not case.inspection.public_link_revoked
    assert client.get(case.url).status_code == 200


def test_inspectors_cannot_withdraw_and_see_no_form(client, client_request, case, world, login):
    login(world.inspector_a)
    box = client_request.get(f"/inspections/{case.inspection.id}").select_one("#public-link")
    assert box is not None and not box.select("form")
    assert _revoke(client, case).status_code == 403
    db.session.refresh(case.inspection)
    assert not case.inspection.public_link_revoked


def test_cases_list_prints_tab_separated_lines_by_start_time(app, world):
    make_inspection(world)
    issued = issued_case(world)
    town_c = make_region("TC", "Town C")
    early = inspection_start() - timedelta(days=2)
    make_inspection(world, subject=make_subject(town_c, name="Unit\tin  C"), started_at=early)
    db.session.commit()
    runner = app.test_cli_runner()
    number, url = issued.inspection.case_number, issued.inspection.public_url
    rectifying = f"{number}\tUnit in A\trectifying\t{url}"

    lines = runner.invoke(args=["cases", "list"]).output.splitlines()
    assert lines == [
        "\tUnit in C\tdraft\t",  # two days before, first; the tab in the name cannot split it
        "\tUnit in B\tdraft\t",  # the day before
        "\tUnit in A\tdraft\t",
        rectifying,
    ]
    county = runner.invoke(args=["cases", "list", "--region", "C1"]).output.splitlines()
    assert county == lines[1:]  # the county and its towns, not the separate Town C
    town = runner.invoke(args=["cases", "list", "--region", "TA"]).output.splitlines()
    assert town == lines[2:]
    only = runner.invoke(args=["cases", "list", "--status", "rectifying"]).output
    assert only.splitlines() == [rectifying]
    assert runner.invoke(args=["cases", "list", "--region", "NOPE"]).exit_code != 0
    assert runner.invoke(args=["cases", "list", "--status", "nonsense"]).exit_code != 0
