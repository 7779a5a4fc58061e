"""The proceeding from filing to decision through its services: statuses, deadlines, documents."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from inspect_app import clock
from inspect_app.documents.models import Document
from inspect_app.extensions import db
from inspect_app.proceedings.models import ProceedingStatus
from inspect_app.proceedings.services import StepRefused
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
