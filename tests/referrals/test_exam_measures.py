"""Exam-site measures: recorded from an exam-site case, shown on the subject, in force or not."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.proceedings.models import ExamMeasure
from tests.pages import parse


def day(offset: int) -> str:
    return (clock.today() + timedelta(days=offset)).isoformat()


def measure_form(**fields) -> dict:
    data = {
        "kind": "suspension",
        "decision_no": "如应急罚〔2026〕7号",
        "decided_on": day(-10),
        "starts_on": day(-9),
        "ends_on": day(80),
        "reason": "考试过程中替考，监考失职。",
        "client_key": "m-1",
    }
    data.update(fields)
    return data


def record(client, case, **fields):
    return client.post(f"/inspections/{case.id}/exam-measures/new", data=measure_form(**fields))


def measures() -> int:
    return db.session.scalar(select(func.count()).select_from(ExamMeasure))


def test_a_measure_is_recorded_once_and_shown_in_force(client, world, login, exam_case):
    login(world.inspector_a)
    assert record(client, exam_case).status_code == 302
    assert record(client, exam_case).status_code == 302  # double tap: the same decision
    assert measures() == 1
    page = parse(client.get(f"/subjects/{exam_case.subject_id}"))
    block = page.select_one("#exam-measures")
    assert "如应急罚〔2026〕7号" in block.get_text()
    assert block.select_one(".exam-measure-in-force") is not None
    assert block.select_one("#exam-status.flag") is not None
    listing = parse(client.get("/subjects/?kind=exam_site"))
    assert listing.select_one(".exam-badge") is not None


def test_the_same_number_with_other_dates_is_refused(client, world, login, exam_case):
    login(world.inspector_a)
    assert record(client, exam_case).status_code == 302
    assert record(client, exam_case, decided_on=day(-3), starts_on=day(-3)).status_code == 422
    assert measures() == 1


def test_a_suspension_over_is_shown_but_not_in_force(client, world, login, exam_case):
    login(world.inspector_a)
    over = {"decided_on": day(-100), "starts_on": day(-100), "ends_on": day(-1)}
    assert record(client, exam_case, **over).status_code == 302
    block = parse(client.get(f"/subjects/{exam_case.subject_id}")).select_one("#exam-measures")
    assert block.select_one(".exam-measure") is not None
    assert block.select_one(".exam-measure-in-force") is None
    assert block.select_one("#exam-status.flag") is None
    assert parse(client.get("/subjects/?kind=exam_site")).select_one(".exam-badge") is None


def test_in_force_follows_the_frozen_day(client, world, login, exam_case, clock):
    login(world.inspector_a)
    assert record(client, exam_case, starts_on=day(-9), ends_on=day(5)).status_code == 302
    url = f"/subjects/{exam_case.subject_id}"
    assert parse(client.get(url)).select_one(".exam-measure-in-force") is not None
    clock.set_today(clock.today() + timedelta(days=6))
    assert parse(client.get(url)).select_one(".exam-measure-in-force") is None


def test_a_revocation_has_no_end_and_stays_in_force(client, world, login, exam_case):
    login(world.inspector_a)
    assert record(client, exam_case, kind="revocation", ends_on="").status_code == 302
    measure = db.session.scalar(select(ExamMeasure))
    assert (measure.kind, measure.ends_on) == ("revocation", None)
    badge = parse(client.get("/subjects/?kind=exam_site")).select_one(".exam-badge")
    assert badge is not None


@pytest.mark.parametrize(
    "fields",
    [
        {"ends_on": ""},  # a suspension needs its last day
        {"kind": "revocation"},  # a revocation has none
        {"decided_on": day(1), "starts_on": day(1)},  # decided in the future
        {"starts_on": day(-11)},  # in force before it was decided
        {"ends_on": day(-20)},  # ends before it starts
        {"decision_no": ""},
    ],
)
def test_bad_measures_are_refused(client, world, login, exam_case, fields):
    login(world.inspector_a)
    response = record(client, exam_case, **fields)
    assert response.status_code == 422
    assert parse(response).select_one(".error-summary") is not None
    assert measures() == 0


def test_only_exam_sites_get_measures(client, world, login, case):
    login(world.inspector_a)
    assert record(client, case).status_code == 422
    assert measures() == 0
    assert parse(client.get(f"/subjects/{case.subject_id}")).select_one("#exam-measures") is None
