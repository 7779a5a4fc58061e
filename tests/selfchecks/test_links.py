"""Sending links one by one and in bulk, withdrawing and re-sending them; who may do what."""

import re
from datetime import timedelta

from sqlalchemy import select

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.selfchecks import services
from inspect_app.selfchecks.models import SelfCheck
from tests.factories import make_subject
from tests.pages import parse
from tests.selfchecks.helpers import audit_actions, count_self_checks, form_data, fresh, sent


def _deadline(days: int = 14) -> str:
    return (clock.today() + timedelta(days=days)).isoformat()


def test_supervisor_sends_a_link_and_sees_it_with_its_qr_code(client, client_request, world, login):
    login(world.supervisor_a)
    unit = f"/selfchecks/units/{world.subject_a.id}"
    form = client_request.get(unit).select_one("form.sck-send-form")
    assert form.find(id="deadline")["value"] == _deadline()
    response = client.post(f"{unit}/send", data={"deadline": _deadline(10)})
    assert response.status_code == 302
    self_check = services.find_self_check(world.subject_a.id)
    assert len(self_check.token) >= 32 and self_check.deadline.isoformat() == _deadline(10)
    assert (self_check.region_id, self_check.sent_by_id) == (world.town_a.id, world.supervisor_a.id)
    assert [i.number for i in self_check.items] == [1, 2, 3, 4, 5, 6]
    page = client_request.get(unit)
    assert page.select_one(".sck-url").get_text() == f"https://inspect.test/s/{self_check.token}"
    assert page.select_one(".sck-link img")["src"].startswith("data:image/svg+xml;base64,")
    assert audit_actions(self_check) == [("send_self_check", world.supervisor_a.id)]


def test_a_double_tap_on_send_keeps_one_row_and_one_link(client, world, login):
    login(world.supervisor_a)
    url = f"/selfchecks/units/{world.subject_a.id}/send"
    assert client.post(url, data={"deadline": _deadline()}).status_code == 302
    token = services.find_self_check(world.subject_a.id).token
    assert client.post(url, data={"deadline": _deadline(3)}).status_code == 302
    assert count_self_checks() == 1
    assert services.find_self_check(world.subject_a.id).token == token


def test_a_deadline_in_the_past_is_refused(client, world, login):
    login(world.supervisor_a)
    url = f"/selfchecks/units/{world.subject_a.id}/send"
    response = client.post(url, data={"deadline": _deadline(-1)})
    assert response.status_code == 422
    assert [a["href"] for a in parse(response).select(".error-summary a")] == ["#deadline"]
    assert count_self_checks() == 0


def test_inspectors_may_not_send_and_other_towns_are_out_of_reach(
    client, client_request, world, login
):
    login(world.inspector_a)
    unit = f"/selfchecks/units/{world.subject_a.id}"
    assert client.get(unit).status_code == 200
    assert not client_request.get(unit).select("form.sck-send-form")
    assert client.post(f"{unit}/send", data={"deadline": _deadline()}).status_code == 403
    bulk = {"region_id": world.town_a.id, "deadline": _deadline()}
    assert client.post("/selfchecks/send-all", data=bulk).status_code == 403
    assert client.get(f"/selfchecks/regions/{world.town_a.id}/links").status_code == 403
    assert count_self_checks() == 0


def test_a_supervisor_of_another_town_gets_404(client, world, login):
    login(world.supervisor_a)
    other = f"/selfchecks/units/{world.subject_b.id}"
    assert client.get(other).status_code == 404
    assert client.post(f"{other}/send", data={"deadline": _deadline()}).status_code == 404
    bulk = {"region_id": world.town_b.id, "deadline": _deadline()}
    assert client.post("/selfchecks/send-all", data=bulk).status_code == 404
    assert client.get(f"/selfchecks/regions/{world.town_b.id}/links").status_code == 404
    assert count_self_checks() == 0


def test_an_institution_gets_a_self_check_with_its_own_items(client, world, login):
    school = make_subject(world.town_a, kind="training_institution", name="School")
    db.session.commit()
    login(world.supervisor_a)
    url = f"/selfchecks/units/{school.id}/send"
    assert client.post(url, data={"deadline": _deadline()}).status_code == 302
    assert count_self_checks() == 1
    found = db.session.scalar(select(SelfCheck).where(SelfCheck.subject_id == school.id))
    assert found.kind == "training_institution" and [i.number for i in found.items] == [1, 2, 3, 4]


def test_bulk_send_counts_created_and_skipped_and_a_second_run_creates_nothing(
    client, world, login
):
    for n in range(3):
        make_subject(world.town_a, name=f"A unit {n}")
    make_subject(world.town_a, kind="exam_site", name="Exam site")
    db.session.commit()
    sent(world.subject_a, world.supervisor_a)
    login(world.county_supervisor)
    data = {"region_id": world.county.id, "deadline": _deadline()}
    assert _bulk_counts(client, data) == ["4", "1"]  # 3 more in A and subject_b; A skipped
    assert count_self_checks() == 5
    assert _bulk_counts(client, data) == ["0", "5"]
    assert count_self_checks() == 5


def _bulk_counts(client, data) -> list[str]:
    """The numbers (created, skipped) in the message after a bulk send."""
    response = client.post("/selfchecks/send-all", data=data, follow_redirects=True)
    return re.findall(r"\d+", parse(response).select_one(".notice-success").get_text())


def test_bulk_send_of_a_town_stays_in_that_town(client, world, login):
    login(world.county_supervisor)
    data = {"region_id": world.town_b.id, "deadline": _deadline()}
    assert client.post("/selfchecks/send-all", data=data).status_code == 302
    assert services.find_self_check(world.subject_b.id) is not None
    assert services.find_self_check(world.subject_a.id) is None


def test_withdrawn_link_answers_410_and_only_the_new_link_works_after_resending(
    client, client_request, world, login
):
    self_check = sent(world.subject_a, world.supervisor_a)
    old = f"/s/{self_check.token}"
    client.post(old, data=form_data(self_check, action="save", problems=(3,)))
    login(world.supervisor_a)
    unit = f"/selfchecks/units/{world.subject_a.id}"
    data = {"reason": "发错了联系人", "version": fresh(self_check).version}
    assert client.post(f"{unit}/revoke", data=data).status_code == 302
    gone = client.get(old)
    assert gone.status_code == 410
    assert gone.headers["Referrer-Policy"] == "no-referrer"
    assert "发错了联系人" not in gone.get_data(as_text=True)
    assert client.post(old, data=form_data(fresh(self_check), action="save")).status_code == 410
    assert fresh(self_check).items[2].has_problem is True
    assert client_request.get(unit).select_one(".sck-status-revoked")

    data = {"deadline": _deadline(7), "version": fresh(self_check).version}
    assert client.post(f"{unit}/resend", data=data).status_code == 302
    renewed = fresh(self_check)
    assert f"/s/{renewed.token}" != old and not renewed.is_revoked
    assert renewed.deadline.isoformat() == _deadline(7)
    assert client.get(old).status_code == 404
    page = client_request.get(f"/s/{renewed.token}")
    assert page.find(id="item_3-problem").get_text().strip() != ""  # the answers were kept
    actions = [a for a, _u in audit_actions(self_check)]
    assert actions[-2:] == ["revoke_self_check", "resend_self_check"]


def test_withdrawing_needs_a_reason_and_a_current_page(client, world, login):
    self_check = sent(world.subject_a, world.supervisor_a)
    login(world.supervisor_a)
    url = f"/selfchecks/units/{world.subject_a.id}/revoke"
    response = client.post(url, data={"reason": "  ", "version": self_check.version})
    assert response.status_code == 422
    assert not fresh(self_check).is_revoked
    response = client.post(url, data={"reason": "错发", "version": self_check.version - 1 or 99})
    assert response.status_code == 409
    assert not fresh(self_check).is_revoked


def test_printable_page_lists_the_open_links_of_the_region(client, client_request, world, login):
    first = sent(world.subject_a, world.supervisor_a)
    done = make_subject(world.town_a, name="Done unit")
    db.session.commit()
    finished = sent(done, world.supervisor_a)
    client.post(f"/s/{finished.token}", data=form_data(finished))
    login(world.supervisor_a)
    page = client_request.get(f"/selfchecks/regions/{world.town_a.id}/links")
    cards = page.select(".sck-card")
    assert [c.select_one(".sck-card-name").get_text() for c in cards] == ["Unit in A"]
    assert cards[0].select_one(".sck-url").get_text() == f"https://inspect.test/s/{first.token}"
    assert cards[0].select_one("img")["src"].startswith("data:image/svg+xml")


def test_an_overdue_link_gets_a_new_deadline_and_keeps_its_token(
    client, client_request, world, login
):
    self_check = sent(world.subject_a, world.supervisor_a)
    self_check.deadline = clock.today() - timedelta(days=2)
    db.session.commit()
    token = self_check.token
    login(world.supervisor_a)
    unit = f"/selfchecks/units/{world.subject_a.id}"
    assert client_request.get(unit).select_one(".sck-deadline-form") is not None

    stale = {"deadline-deadline": _deadline(5), "deadline-version": self_check.version + 7}
    assert client.post(f"{unit}/deadline", data=stale).status_code == 409
    past = {"deadline-deadline": _deadline(-1), "deadline-version": fresh(self_check).version}
    assert client.post(f"{unit}/deadline", data=past).status_code == 422
    assert fresh(self_check).deadline < clock.today()

    data = {"deadline-deadline": _deadline(5), "deadline-version": fresh(self_check).version}
    assert client.post(f"{unit}/deadline", data=data).status_code == 302
    moved = fresh(self_check)
    assert (moved.token, moved.deadline.isoformat()) == (token, _deadline(5))
    assert services.self_check_status(moved) == "sent"
    assert audit_actions(self_check)[-1][0] == "change_self_check_deadline"


def test_a_submitted_self_check_keeps_its_deadline(client, client_request, world, login):
    self_check = sent(world.subject_a, world.supervisor_a)
    client.post(f"/s/{self_check.token}", data=form_data(self_check))
    login(world.supervisor_a)
    unit = f"/selfchecks/units/{world.subject_a.id}"
    assert client_request.get(unit).select_one(".sck-deadline-form") is None
    data = {"deadline-deadline": _deadline(30), "deadline-version": fresh(self_check).version}
    assert client.post(f"{unit}/deadline", data=data).status_code == 409
    assert fresh(self_check).deadline.isoformat() == _deadline(14)


def test_inspectors_may_not_change_a_deadline(client, world, login):
    self_check = sent(world.subject_a, world.supervisor_a)
    login(world.inspector_a)
    data = {"deadline-deadline": _deadline(30), "deadline-version": self_check.version}
    response = client.post(f"/selfchecks/units/{world.subject_a.id}/deadline", data=data)
    assert response.status_code == 403
    assert fresh(self_check).deadline.isoformat() == _deadline(14)
