"""Demo penalty proceedings, walked step by step through the services the pages use.

Each step happens on its own day after the inspection; a step whose day has not come yet is not
taken, so a recent case stops part-way (notified, decided, served) and an older one is closed.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.demo.clockwork import on_the_day
from inspect_app.evidence.models import Photo, PhotoKind
from inspect_app.extensions import db
from inspect_app.findings.models import Finding
from inspect_app.inspections.models import Inspection
from inspect_app.proceedings import execution, services, statements
from inspect_app.proceedings.decisions import decide_proceeding
from inspect_app.proceedings.models import Proceeding

REVIEW = "经法制审核，违法事实清楚，证据确凿，适用依据正确，程序合法，处罚适当。"


@dataclass(frozen=True)
class Walk:
    """How far a demo proceeding goes, and what the unit says on the way."""

    basis: str
    fine: int  # the intended fine in the notice
    measures: tuple[str, ...] = ("order_correction",)
    statement: str = ""  # the unit's statement from its public page
    decided_fine: int | None = None  # the fine decided (after the statement), if different
    suspension_days: int = 0  # an exam site's qualification suspended for this many days
    paid: bool = True


# Days after the inspection each step is taken on.
OPENED, FILED, NOTIFIED, STATED, DECIDED, PAID, CLOSED = 1, 2, 3, 4, 7, 14, 16


def walk_proceeding(case: Inspection, lead: User, supervisor: User, walk: Walk) -> Proceeding:
    """Open, file, notify, (hear the unit,) decide, serve, pay and close — as far as today."""
    start = case.started_at
    with on_the_day(_at(start, OPENED, 9)):
        proceeding = _open(case, lead, walk)
    for day, hour, step in _steps(walk):
        moment = _at(start, day, hour)
        if moment > clock.utcnow():
            break
        with on_the_day(moment):
            step(case, proceeding, lead, supervisor, walk)
    return proceeding


def _steps(walk: Walk) -> Iterator[tuple[int, int, object]]:
    yield FILED, 10, _file
    yield NOTIFIED, 10, _notify
    if walk.statement:
        yield STATED, 15, _state
    if walk.suspension_days:
        yield DECIDED - 1, 14, _discuss
    yield DECIDED, 10, _decide
    yield DECIDED, 16, _serve
    if walk.paid and (walk.decided_fine if walk.decided_fine is not None else walk.fine):
        yield PAID, 11, _pay
    if walk.paid:
        yield CLOSED, 10, _close


def _at(start: datetime, days: int, hour: int) -> datetime:
    local = clock.to_local(start).replace(hour=hour, minute=0, second=0, microsecond=0)
    return (local + timedelta(days=days)).astimezone(start.tzinfo)


def _open(case: Inspection, lead: User, walk: Walk) -> Proceeding:
    findings = db.session.scalars(select(Finding.id).where(Finding.inspection_id == case.id))
    return services.open_proceeding(
        case,
        lead,
        finding_ids=list(findings),
        party="unit",
        person_name=None,
        facts="",
        basis_code=walk.basis,
        fine_yuan=walk.fine,
        measures=list(walk.measures),
        photo_ids=_evidence(case),
        client_key=f"demo-proceeding-{case.id}",
    )


def _evidence(case: Inspection) -> list[int]:
    """The case's own photos (not the unit's answers), sign-in sheets included: staff only."""
    query = select(Photo.id).where(Photo.evidence_of(case.id), Photo.kind != PhotoKind.OTHER)
    return list(db.session.scalars(query.order_by(Photo.id)))


def _file(case, proceeding, lead, supervisor, walk) -> None:
    services.approve_filing(
        proceeding, supervisor, opinion="同意立案调查", version=proceeding.version
    )


def _notify(case, proceeding, lead, supervisor, walk) -> None:
    services.issue_notice(proceeding, lead, version=proceeding.version)


def _state(case, proceeding, lead, supervisor, walk) -> None:
    """The unit answers from its phone, with the code printed on its paper record."""
    statements.send_statement(
        case,
        proceeding,
        code=case.verification_code,
        text=walk.statement,
        hearing=False,
        client_key=f"demo-statement-{proceeding.id}",
        address="demo",
    )


def _discuss(case, proceeding, lead, supervisor, walk) -> None:
    statements.record_discussion(
        proceeding,
        supervisor,
        discussed_on=clock.today(),
        members="陈杰（主持）、周敏、张伟、李娜",
        conclusion="违法事实清楚，同意暂停考点考试资格，责令限期整改。",
        version=proceeding.version,
    )


def _decide(case, proceeding, lead, supervisor, walk) -> None:
    today = clock.today()
    fine = walk.decided_fine if walk.decided_fine is not None else walk.fine
    days = walk.suspension_days
    decide_proceeding(
        proceeding,
        lead,
        fine_yuan=fine,
        measures=list(walk.measures),
        decided_on=today,
        review=REVIEW,
        suspension_starts_on=today + timedelta(days=1) if days else None,
        suspension_ends_on=today + timedelta(days=days) if days else None,
        version=proceeding.version,
    )


def _serve(case, proceeding, lead, supervisor, walk) -> None:
    execution.serve_decision(
        proceeding,
        lead,
        served_on=clock.today(),
        method="direct",
        recipient=case.representative_name,
        version=proceeding.version,
    )


def _pay(case, proceeding, lead, supervisor, walk) -> None:
    execution.record_payment(
        proceeding,
        lead,
        paid_on=clock.today() - timedelta(days=1),
        amount=execution.fine_of(proceeding),
        version=proceeding.version,
    )


def _close(case, proceeding, lead, supervisor, walk) -> None:
    execution.close_proceeding(
        proceeding,
        supervisor,
        ground="executed",
        opinion="处罚决定已执行完毕，同意结案。",
        version=proceeding.version,
    )


def decided_on(proceeding: Proceeding) -> date | None:
    return proceeding.penalty.decision_date if proceeding.penalty else None
