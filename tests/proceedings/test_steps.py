"""The proceeding from filing to decision through its services: statuses, deadlines, documents."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from inspect_app import clock
from inspect_app.documents.models import Document
from inspect_app.extensions import db
from inspect_app.penalties.models import Penalty
from inspect_app.proceedings import statements
from inspect_app.proceedings.models import ExamMeasure, ProceedingStatus
from inspect_app.proceedings.services import StepRefused
from tests import factories
from tests.proceedings.conftest import after_statement_period


def kinds(proceeding) -> list[str]:
    query = select(Document.kind).where(Document.proceeding_id == proceeding.id)
    return sorted(db.session.scalars(query.order_by(Document.id)))


def test_filing_gives_the_proceeding_the_number_of_its_approval_form(steps):
    p = steps.file()
    assert p.status == ProceedingStatus.FILED and p.filed_on == clock.today()
    document = db.session.scalar(select(Document).where(Document.proceeding_id == p.id))
    assert document.kind == "filing_approval" and p.number == document.number
    assert "立" in p.number


def test_notice_sets_the_deadlines_and_a_hearing_notice_when_the_fine_reaches_the_floor(steps):
    p = steps.notify(fine_yuan=50000)
    today = clock.today()
    assert p.status == ProceedingStatus.NOTIFIED and p.notified_on == today
    assert p.statement_due == today + timedelta(days=3)
    assert p.hearing_offered and p.hearing_due == today + timedelta(days=5)
    assert not p.major
    assert kinds(p) == ["filing_approval", "hearing_notice", "penalty_notice"]


def test_decision_after_the_statement_period_creates_the_penalty(steps, clock):
    p = steps.notify()
    after_statement_period(clock, p)
    penalty = steps.decide(p, fine_yuan=20000)
    decision = db.session.get(Document, penalty.document_id)
    assert decision.kind == "decision" and penalty.decision_no == decision.number
    assert penalty.proceeding_id == p.id and penalty.procedure == "general"
    assert penalty.fine_yuan == 20000 and penalty.decision_date == clock.today()
    assert p.status == ProceedingStatus.DECIDED


def test_decision_within_the_statement_period_is_refused_unless_the_party_stated(steps):
    p = steps.notify()
    with pytest.raises(StepRefused) as refused:
        steps.decide(p)
    assert "decided_on" in refused.value.errors
    steps.paper_statement(p)
    assert steps.decide(p).decision_no
    assert kinds(p).count("statement_record") == 1


def _decided_on_error(steps, p, **values) -> str:
    with pytest.raises(StepRefused) as refused:
        steps.decide(p, **values)
    return next(iter(refused.value.errors.values()))


def test_a_requested_hearing_is_held_before_the_decision(steps, world, clock):
    p = steps.notify(fine_yuan=60000)
    steps.paper_statement(p, hearing=True)
    assert p.hearing_requested
    after_statement_period(clock, p)
    assert "hearing" in _decided_on_error(steps, p)
    held = clock.today() - timedelta(days=1)
    steps._run(
        lambda: statements.record_hearing(
            p, world.inspector_a, held_on=held, summary="当事人到场陈述。", version=None
        )
    )
    assert steps.decide(p).decision_date == clock.today()


def test_a_major_case_is_discussed_collectively_before_the_decision(steps, world, clock):
    p = steps.notify(basis_code="SAFL-97-OVERDUE", fine_yuan=150000, measures=["suspension"])
    assert p.major and p.hearing_offered
    after_statement_period(clock, p)
    assert "collective discussion" in _decided_on_error(steps, p)
    steps.discuss(p)
    assert steps.decide(p).fine_yuan == 150000
    assert "collective_discussion" in kinds(p)


def test_decided_fine_must_stay_within_the_range_and_the_date_not_in_the_future(steps, clock):
    p = steps.notify()
    after_statement_period(clock, p)
    with pytest.raises(StepRefused) as refused:
        steps.decide(p, fine_yuan=100001)
    assert "100,000" in refused.value.errors["fine_yuan"]
    tomorrow = clock.today() + timedelta(days=1)
    assert "future" in _decided_on_error(steps, p, decided_on=tomorrow)
    assert db.session.scalar(select(Penalty)) is None


def test_exam_site_suspension_is_recorded_with_its_days(app, world, steps, clock):
    from tests.proceedings.conftest import issued_with_photos

    site = factories.make_subject(world.town_a, kind="exam_site", name="考试点")
    steps.case = issued_with_photos(world, site)
    p = steps.notify(
        basis_code="N274-EXAM", fine_yuan=0, measures=["exam_qualification_suspension"]
    )
    after_statement_period(clock, p)
    steps.discuss(p)
    today = clock.today()
    assert "suspension" in _decided_on_error(steps, p)
    steps.decide(p, suspension_starts_on=today, suspension_ends_on=today + timedelta(days=89))
    measure = db.session.scalar(select(ExamMeasure))
    assert measure.kind == "suspension" and measure.subject_id == site.id
    assert (measure.starts_on, measure.ends_on) == (today, today + timedelta(days=89))
    assert measure.decision_no == p.penalty.decision_no and measure.decided_on == today


def test_evidence_is_only_the_cases_own_photos_and_only_while_filed(steps, world):
    from inspect_app.proceedings import services
    from tests.proceedings.conftest import issued_with_photos

    other = issued_with_photos(world)
    p = steps.file()
    with pytest.raises(StepRefused):
        steps._run(
            lambda: services.add_evidence(
                p, world.inspector_a, photo_ids=[other.photos[0].id], version=None
            )
        )
    steps.notify(p)
    with pytest.raises(services.WrongStep):
        steps._run(
            lambda: services.add_evidence(
                p, world.inspector_a, photo_ids=[steps.case.photos[1].id], version=None
            )
        )
    assert [photo.id for photo in p.evidence] == [steps.case.photos[0].id]
