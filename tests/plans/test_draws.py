"""Draws from a plan: object list, recusal, tasks, the re-run check and the published PDF."""

import subprocess

import pytest
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.plans import drawing, services
from inspect_app.plans.models import Task
from inspect_app.plans.planning import PlanError
from tests.plans.helpers import make_plan, make_town, this_month


@pytest.fixture
def town(world):
    return make_town(world)


def draw(town, world, seed="seed-1", size=2, **filters):
    made = drawing.make_draw(
        town.plan, world.supervisor_a, drawing.Filters(**filters), size, this_month(), seed
    )
    db.session.commit()
    return made


def test_a_draw_covers_in_full_all_high_risk_and_samples_the_rest(town, world):
    made = draw(town, world, size=2)
    drawn = [row["subject"] for row in made.result]
    must = [s.id for s in town.training + town.exam_sites + town.high_risk]
    assert sorted(drawn[: len(must)]) == sorted(must)
    assert len(drawn) == len(must) + 2
    assert set(drawn[len(must) :]) <= {s.id for s in town.ordinary}


def test_each_task_has_a_subject_two_officers_of_the_town_and_the_due_month(town, world):
    made = draw(town, world)
    tasks = db.session.scalars(select(Task).where(Task.draw_id == made.id)).all()
    assert len(tasks) == len(made.result)
    town_officers = {o.id for o in town.officers}
    for task in tasks:
        assert len(task.officer_ids) == 2 and set(task.officer_ids) <= town_officers
        assert task.due_month == this_month() and task.status == "open"
        assert task.source == "draw" and task.plan_id == town.plan.id


def test_recusal_keeps_a_related_officer_off_the_subject(town, world):
    related, subject = town.officers[0], town.high_risk[0]
    services.mark_conflict(related, subject, "配偶在该单位任职", world.supervisor_a)
    db.session.commit()
    made = draw(town, world)
    task = db.session.scalar(select(Task).where(Task.draw_id == made.id, Task.subject == subject))
    assert related.id not in task.officer_ids
    assert [subject.id, related.id] in made.conflicts


def test_the_same_seed_and_lists_give_the_same_draw_again(town, world):
    first = draw(town, world, seed="fixed")
    check = drawing.recheck_draw(first)
    assert check.ok and check.result_sha256 == first.result_sha256


def test_a_tampered_record_fails_the_re_run(town, world):
    made = draw(town, world, seed="fixed")
    made.result = list(reversed(made.result))
    made.result_sha256 = "0" * 64
    assert not drawing.recheck_draw(made).result_matches
    made.subjects = made.subjects[1:]
    assert not drawing.recheck_draw(made).lists_match


def test_subjects_already_tasked_are_not_drawn_twice(town, world):
    first = draw(town, world, seed="a")
    second = draw(town, world, seed="b", size=1)
    once = {r["subject"] for r in first.result}
    assert not once & {r["subject"] for r in second.result}


def test_filters_narrow_the_object_list(town, world):
    pool = drawing.build_pool(town.plan, drawing.Filters(kinds=("production_unit",)))
    assert {s.kind for s in pool.subjects} == {"production_unit"}
    pool = drawing.build_pool(town.plan, drawing.Filters(high_risk_only=True))
    assert {s.id for s in pool.subjects} == {s.id for s in town.high_risk}
    pool = drawing.build_pool(town.plan, drawing.Filters(industry="hazardous_chemicals"))
    assert {s.id for s in pool.subjects} == {s.id for s in town.high_risk}


def test_not_inspected_in_n_months_leaves_out_subjects_with_a_recent_record(town, world):
    from tests.public.helpers import issued_case

    case = issued_case(world, orders=0)  # of world.subject_a
    pool = drawing.build_pool(town.plan, drawing.Filters(not_inspected_months=6))
    assert case.inspection.subject_id not in {s.id for s in pool.subjects}
    pool = drawing.build_pool(town.plan, drawing.Filters())
    assert case.inspection.subject_id in {s.id for s in pool.subjects}


def test_the_suggested_sample_reaches_the_share(town, world):
    # 14 production units, 20 %: 3 required; the 2 high-risk ones count towards it.
    assert drawing.build_pool(town.plan, drawing.Filters()).suggested_size == 1


def test_a_draft_plan_cannot_be_drawn_from(world, town):
    plan = make_plan(world, approve=False)
    with pytest.raises(PlanError):
        drawing.make_draw(plan, world.supervisor_a, drawing.Filters(), 1, this_month())


def test_a_due_month_outside_the_plan_is_refused(world, town):
    with pytest.raises(PlanError):
        drawing.make_draw(
            town.plan, world.supervisor_a, drawing.Filters(), 1, this_month().replace(year=1999)
        )


def test_the_published_pdf_names_subjects_and_officers_and_nothing_personal(
    town, world, client, login, tmp_path
):
    made = draw(town, world)
    login(world.supervisor_a)
    response = client.get(f"/draws/{made.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / "draw.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert made.seed in text and made.subjects_sha256[:16] in text
    for officer in town.officers:
        assert officer.display_name in text
        assert officer.cert_no not in text
    for subject in town.high_risk:
        assert subject.name in text and subject.uscc not in text
