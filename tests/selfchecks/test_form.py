"""The enterprise's form behind its link: drafts, submission, read-only, stale pages."""

from datetime import UTC, datetime, timedelta

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.selfchecks import services
from tests.pages import parse
from tests.selfchecks.helpers import (
    FIX,
    PROBLEM,
    audit_actions,
    error_links,
    form_data,
    fresh,
    sent,
)


def _url(self_check) -> str:
    return f"/s/{self_check.token}"


def test_link_opens_its_own_form_without_sign_in_and_out_of_search_engines(client, world):
    mine = sent(world.subject_a, world.supervisor_a)
    sent(world.subject_b, world.county_supervisor)
    response = client.get(_url(mine))
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]
    page = parse(response)
    assert page.select_one("meta[name=robots]")["content"].startswith("noindex")
    assert page.h1.get_text(strip=True) == "Unit in A"
    assert "Unit in B" not in page.get_text()
    assert page.select_one(".sck-deadline").get_text(strip=True) == mine.deadline.isoformat()
    assert len(page.select("fieldset.sck-item")) == 6
    assert not page.select("script")


def test_unknown_token_is_404_and_a_link_reaches_only_its_own_self_check(client, world):
    mine = sent(world.subject_a, world.supervisor_a)
    other = sent(world.subject_b, world.county_supervisor)
    assert client.get("/s/" + "x" * 32).status_code == 404
    assert client.get("/s/short").status_code == 404
    data = form_data(mine, action="save", subject_id=str(world.subject_b.id), id=str(other.id))
    assert client.post(_url(mine), data=data).status_code == 302
    assert fresh(mine).items[0].has_problem is False
    assert fresh(other).items[0].has_problem is None
    assert fresh(other).version == other.version


def test_draft_keeps_partial_answers_and_the_form_shows_them_again(client, client_request, world):
    self_check = sent(world.subject_a, world.supervisor_a)
    data = {
        "version": str(self_check.version),
        "action": "save",
        "item_1-answer": "no",
        "item_3-answer": "yes",
        "item_3-problem": PROBLEM,
        "responsible_name": "",
    }
    response = client.post(_url(self_check), data=data)
    assert response.status_code == 302 and response.headers["Location"] == _url(self_check)
    stored = fresh(self_check)
    assert stored.status == "draft" and stored.submitted_at is None
    assert [i.has_problem for i in stored.items] == [False, None, True, None, None, None]
    assert stored.items[2].problem == PROBLEM
    page = client_request.get(_url(self_check))
    assert page.find(id="item_1-answer-0").has_attr("checked")
    assert page.find(id="item_3-answer-1").has_attr("checked")
    assert page.find(id="item_3-problem").get_text().strip() == PROBLEM
    assert not page.find(id="item_2-answer-0").has_attr("checked")
    assert page.find(id="version")["value"] == str(stored.version)
    assert audit_actions(self_check)[-1] == ("save_self_check_draft", None)


def test_submit_checks_completeness_and_saves_nothing_of_an_incomplete_form(client, world):
    self_check = sent(world.subject_a, world.supervisor_a)
    data = form_data(self_check, responsible_name="", problems=(4,))
    data["item_2-answer"] = ""
    data["item_4-rectify_by"] = ""
    data["item_4-rectification"] = ""
    response = client.post(_url(self_check), data=data)
    assert response.status_code == 422
    page = parse(response)
    assert error_links(page) == [
        "#item_2-answer",
        "#item_4-rectification",
        "#item_4-rectify_by",
        "#responsible_name",
    ]
    assert page.find(id="item_4-problem").get_text().strip() == PROBLEM  # typed text kept
    stored = fresh(self_check)
    assert stored.status == "draft" and stored.version == self_check.version
    assert [i.has_problem for i in stored.items] == [None] * 6
    assert audit_actions(self_check) == [("send_self_check", world.supervisor_a.id)]


def test_submission_is_stored_then_read_only_and_a_later_post_changes_nothing(
    client, client_request, world
):
    self_check = sent(world.subject_a, world.supervisor_a)
    response = client.post(_url(self_check), data=form_data(self_check, problems=(2,)))
    assert response.status_code == 302
    stored = fresh(self_check)
    assert stored.status == "submitted" and stored.submitted_at is not None
    assert stored.responsible_name == "顾建国" and stored.filled_on == clock.today()
    assert (stored.items[1].problem, stored.items[1].rectification) == (PROBLEM, FIX)
    assert stored.items[1].rectified is True
    page = client_request.get(_url(self_check))
    assert not page.select("form.sck-form")
    assert page.select_one(".sck-submitted")
    assert page.select_one(".sck-responsible").get_text(strip=True) == "顾建国"

    again = form_data(stored, problems=(1, 2, 3), responsible_name="别人")
    response = client.post(_url(self_check), data=again)
    assert response.status_code == 409
    assert parse(response).select_one(".notice-error")
    later = fresh(self_check)
    assert later.version == stored.version and later.responsible_name == "顾建国"
    assert [i.has_problem for i in later.items] == [False, True, False, False, False, False]


def test_no_problem_items_keep_no_leftover_text_once_submitted(client, world):
    self_check = sent(world.subject_a, world.supervisor_a)
    data = form_data(self_check, **{"item_1-problem": "写了又改成无问题"})
    assert client.post(_url(self_check), data=data).status_code == 302
    assert fresh(self_check).items[0].problem == ""


def test_a_submission_after_the_deadline_is_accepted_and_marked_late(client, client_request, world):
    self_check = sent(world.subject_a, world.supervisor_a)
    self_check.deadline = clock.today() - timedelta(days=1)
    db.session.commit()
    page = client_request.get(_url(self_check))
    assert page.select_one(".sck-status-overdue")
    response = client.post(_url(self_check), data=form_data(fresh(self_check)))
    assert response.status_code == 302
    assert services.self_check_status(fresh(self_check)) == services.LATE
    assert client_request.get(_url(self_check)).select_one(".sck-status-late")


def test_late_is_judged_by_the_shanghai_calendar_day(app, world):
    deadline = clock.today()
    before_midnight = datetime.combine(deadline, datetime.min.time(), UTC) + timedelta(
        hours=15, minutes=59
    )  # 23:59 in Shanghai, still the deadline day
    after_midnight = before_midnight + timedelta(minutes=1)  # 00:00 the next day in Shanghai
    assert before_midnight.date() == after_midnight.date() == deadline  # the same UTC day
    on_time = services.status_of(deadline, before_midnight, None, deadline)
    late = services.status_of(deadline, after_midnight, None, deadline)
    assert (on_time, late) == (services.SUBMITTED, services.LATE)

    self_check = sent(world.subject_a, world.supervisor_a, deadline)
    answers = services.stored_answers(self_check)
    for number in range(1, 7):
        answers.items[number].has_problem = False
    answers.responsible_name = "顾建国"
    services.save_self_check(
        self_check, answers, self_check.version, submit=True, now=after_midnight
    )
    db.session.commit()
    assert services.self_check_status(fresh(self_check)) == services.LATE


def test_a_stale_page_gets_409_and_keeps_what_was_typed(client, world):
    self_check = sent(world.subject_a, world.supervisor_a)
    opened = self_check.version
    first = form_data(self_check, action="save", responsible_name="甲")
    assert client.post(_url(self_check), data=first).status_code == 302
    second = form_data(self_check, action="save", responsible_name="乙", problems=(5,))
    second["version"] = str(opened)
    response = client.post(_url(self_check), data=second)
    assert response.status_code == 409
    page = parse(response)
    assert page.select_one(".notice-error[role=alert]")
    assert page.find(id="responsible_name")["value"] == "乙"
    assert page.find(id="item_5-problem").get_text().strip() == PROBLEM
    stored = fresh(self_check)
    assert stored.responsible_name == "甲" and stored.items[4].has_problem is False
    assert page.find(id="version")["value"] == str(stored.version)
    retry = dict(second, version=str(stored.version))
    assert client.post(_url(self_check), data=retry).status_code == 302
    assert fresh(self_check).responsible_name == "乙"


def test_a_double_tap_of_the_same_draft_is_not_a_conflict(client, world):
    self_check = sent(world.subject_a, world.supervisor_a)
    data = form_data(self_check, action="save")
    assert client.post(_url(self_check), data=data).status_code == 302
    version = fresh(self_check).version
    assert client.post(_url(self_check), data=data).status_code == 302
    assert fresh(self_check).version == version


def test_a_double_tap_of_submit_keeps_one_submission(client, world):
    self_check = sent(world.subject_a, world.supervisor_a)
    data = form_data(self_check)
    assert client.post(_url(self_check), data=data).status_code == 302
    submitted_at = fresh(self_check).submitted_at
    assert client.post(_url(self_check), data=data).status_code == 409
    assert fresh(self_check).submitted_at == submitted_at
    submits = [a for a, _user in audit_actions(self_check) if a == "submit_self_check"]
    assert submits == ["submit_self_check"]


def test_text_lengths_are_limited_and_hostile_text_is_shown_as_text(client, client_request, world):
    self_check = sent(world.subject_a, world.supervisor_a)
    data = form_data(self_check, action="save", problems=(1,))
    data["item_1-problem"] = "x" * 1001
    response = client.post(_url(self_check), data=data)
    assert response.status_code == 422
    assert error_links(parse(response)) == ["#item_1-problem"]
    assert fresh(self_check).items[0].has_problem is None

    data["item_1-problem"] = '<script>alert("x")</script>'
    data["item_9-answer"] = "yes"
    data["item_2-answer"] = "maybe"
    response = client.post(_url(self_check), data=data)
    assert response.status_code == 422
    assert error_links(parse(response)) == ["#item_2-answer"]
    data["item_2-answer"] = "no"
    assert client.post(_url(self_check), data=data).status_code == 302
    page = client_request.get(_url(self_check))
    assert not page.select("script")
    assert page.find(id="item_1-problem").get_text().strip() == '<script>alert("x")</script>'


def test_a_filled_in_date_in_the_future_is_refused(client, world):
    self_check = sent(world.subject_a, world.supervisor_a)
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    response = client.post(_url(self_check), data=form_data(self_check, filled_on=tomorrow))
    assert response.status_code == 422
    assert error_links(parse(response)) == ["#filled_on"]
    assert fresh(self_check).submitted_at is None
