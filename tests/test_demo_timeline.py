"""The demo tells its story on the days it happened, all in the past of the clock it is given."""

from sqlalchemy import select

from inspect_app import clock
from inspect_app.audit.models import AuditEntry
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.penalties.models import Penalty


def test_every_demo_moment_is_past_and_in_order(demo_app):
    now = clock.utcnow()
    issued = list(db.session.scalars(select(Inspection).where(Inspection.issued_at.is_not(None))))
    assert len(issued) >= 10
    for case in issued:
        first = case.revisions[0]
        assert case.started_at < case.issued_at == first.created_at < now, case.case_number
        assert case.case_number.split("-")[1] == str(clock.to_local(case.issued_at).year)
        times = [r.created_at for r in case.revisions]
        assert times == sorted(times) and times[-1] < now
    for penalty in db.session.scalars(select(Penalty)):
        started = clock.local_day(penalty.inspection.started_at)
        assert started <= penalty.decision_date <= clock.today()
    assert max(db.session.scalars(select(AuditEntry.at))) <= now


def test_a_penalty_decided_after_the_visit_leaves_the_record_alone(demo_app):
    later = [p for p in db.session.scalars(select(Penalty)) if p.procedure == "general"]
    assert later
    for penalty in later:  # decided in its own procedure, not a correction of the record
        case = penalty.inspection
        assert not any(penalty.decision_no in _numbers(r.snapshot) for r in case.revisions)
        assert not case.pending_correction


def _numbers(snapshot: dict) -> set[str]:
    return {p["decision_no"] for p in snapshot["penalties"]}
