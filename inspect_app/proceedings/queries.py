"""Reading proceedings: a case's list, one of them, its steps, what the public page shows."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app import clock
from inspect_app.documents.models import Document
from inspect_app.documents.services import proceeding_documents
from inspect_app.errors import NotFound
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.proceedings.models import Proceeding
from inspect_app.proceedings.models import ProceedingStatus as S
from inspect_app.proceedings.statements import hearing_open, statement_open

# Statuses whose notice the unit has received: shown on the public page.
PUBLIC_STATUSES = (S.NOTIFIED, S.DECIDED, S.SERVED, S.CLOSED)


def case_proceedings(inspection: Inspection) -> list[Proceeding]:
    query = select(Proceeding).where(Proceeding.inspection_id == inspection.id)
    return list(db.session.scalars(query.order_by(Proceeding.id)))


def get_proceeding(inspection: Inspection, proceeding_id: int) -> Proceeding:
    """A proceeding of this case, else NotFound."""
    proceeding = db.session.get(Proceeding, proceeding_id)
    if proceeding is None or proceeding.inspection_id != inspection.id:
        raise NotFound
    return proceeding


@dataclass(frozen=True)
class Step:
    """One line of the proceeding's step list."""

    key: str
    label: str
    state: str  # done | next | waiting | skipped | refused
    on: date | None = None


STEP_LABELS = {
    "filing": _l("Filing approved by a supervisor"),
    "notice": _l("Notice of the intended penalty"),
    "statement": _l("Statement and defence"),
    "hearing": _l("Hearing"),
    "discussion": _l("Collective discussion"),
    "decision": _l("Decision"),
}


def steps(proceeding: Proceeding, today: date | None = None) -> list[Step]:
    """Filing to decision, each done, next, waiting (a period runs) or skipped."""
    today = today or clock.today()
    states = {
        "filing": _filing_state(proceeding),
        "notice": _done_or_next(proceeding.notified_on, proceeding.status == S.FILED),
        "statement": _statement_state(proceeding, today),
        "hearing": _hearing_state(proceeding, today),
        "discussion": _discussion_state(proceeding),
        "decision": _decision_state(proceeding, today),
    }
    days = {
        "filing": proceeding.filed_on,
        "notice": proceeding.notified_on,
        "hearing": proceeding.hearing_held_on,
        "discussion": proceeding.discussed_on,
        "decision": proceeding.penalty.decision_date if proceeding.penalty else None,
    }
    return [Step(k, str(STEP_LABELS[k]), state, days.get(k)) for k, state in states.items()]


def _filing_state(proceeding: Proceeding) -> str:
    if proceeding.status == S.REFUSED:
        return "refused"
    return "next" if proceeding.status == S.REQUESTED else "done"


def _done_or_next(done: object, is_next: bool) -> str:
    if done:
        return "done"
    return "next" if is_next else "waiting"


def _statement_state(proceeding: Proceeding, today: date) -> str:
    if proceeding.statements:
        return "done"
    if proceeding.notified_on is None:
        return "waiting"
    return "next" if statement_open(proceeding, today) else "skipped"


def _hearing_state(proceeding: Proceeding, today: date) -> str:
    if proceeding.hearing_held_on:
        return "done"
    if proceeding.hearing_requested:
        return "next" if proceeding.status == S.NOTIFIED else "skipped"
    if proceeding.notified_on is None:
        return "waiting"
    return "waiting" if hearing_open(proceeding, today) else "skipped"


def _discussion_state(proceeding: Proceeding) -> str:
    if proceeding.discussed_on:
        return "done"
    if proceeding.notified_on is not None and not proceeding.major:
        return "skipped"
    return "next" if proceeding.status == S.NOTIFIED else "waiting"


def _decision_state(proceeding: Proceeding, today: date) -> str:
    if proceeding.penalty is not None:
        return "done"
    return "next" if proceeding.status == S.NOTIFIED else "waiting"


@dataclass(frozen=True)
class PublicProceeding:
    """A proceeding as the unit sees it: no names of inspectors, the person's name masked."""

    proceeding: Proceeding
    documents: list[Document]
    statement_open: bool
    hearing_open: bool


def public_proceedings(inspection: Inspection) -> list[PublicProceeding]:
    """The proceedings whose notice the unit received, with their public documents."""
    shown = [p for p in case_proceedings(inspection) if p.status in PUBLIC_STATUSES]
    return [
        PublicProceeding(
            p,
            [d for d in proceeding_documents(p.id) if d.public],
            statement_open(p),
            hearing_open(p),
        )
        for p in shown
    ]


def public_proceeding(inspection: Inspection, proceeding_id: int) -> PublicProceeding | None:
    return next(
        (p for p in public_proceedings(inspection) if p.proceeding.id == proceeding_id), None
    )
