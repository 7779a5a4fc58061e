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


def test_a_penalty_decided_after_the_visit_is_a_revision_of_the_record(demo_app):
    for penalty in db.session.scalars(select(Penalty)):
        case = penalty.inspection
        decided_in = next(r for r in case.revisions if penalty.decision_no in _numbers(r.snapshot))
        assert decided_in.number > 1 and decided_in.reason == "作出行政处罚决定"
        assert decided_in.created_at > case.issued_at


def _numbers(snapshot: dict) -> set[str]:
    return {p["decision_no"] for p in snapshot["penalties"]}
