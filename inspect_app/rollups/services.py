"""Monthly rollups: the case figures of the dashboard and 附件3, kept per region and local month.

A write that touches a case, a finding or a penalty marks the (region, month) slots it can move:
the months of the case's opening, issue and penalty decisions, before and after the change.
Just before the transaction commits, each marked slot is recomputed from the raw data by the
same definitions as the raw queries of `dashboard.queries` and `stats.queries` (the test
oracles) and replaced, so the rollups commit or roll back with the write itself.
`rebuild_rollups` recomputes every slot (after a bulk load or a restore).
"""

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import delete, event, func, insert, inspect, select
from sqlalchemy.orm import Session

from inspect_app.clock import (
    month_bounds,
    month_first_day,
    month_last_day,
    month_of,
    months_between,
    to_local,
)
from inspect_app.extensions import db
from inspect_app.findings.models import Finding
from inspect_app.inspections.models import Inspection
from inspect_app.penalties.counting import counted_penalty, decided_between
from inspect_app.penalties.models import Penalty
from inspect_app.rollups.models import MonthlyRollup
from inspect_app.subjects.models import Subject

PENDING = "dashboard_rollup_pending"  # in Session.info: {inspection id: {extra (region, month)}}
SEPARATOR = "|"

Slot = tuple[int, str]


def item_key(kind: str, item_code: str | None) -> str:
    return f"{kind}{SEPARATOR}{item_code or ''}"


def split_key(key: str) -> tuple[str, str | None]:
    kind, _, code = key.partition(SEPARATOR)
    return kind, code or None


def slot_rows(region_id: int, month: str, session: Session | None = None) -> list[dict]:
    """Every rollup row of one region and month, computed from the raw data."""
    session = session or db.session
    start, end = month_bounds(month)
    rows: list[tuple[str, str, int]] = []
    for measure, column in (("opened", Inspection.started_at), ("issued", Inspection.issued_at)):
        query = select(func.count()).where(
            Inspection.region_id == region_id, column >= start, column < end
        )
        rows.append((measure, "", session.scalar(query) or 0))
    findings = (
        select(Finding.item_code, Subject.kind, func.count(Finding.id))
        .add_columns(func.count(func.distinct(Inspection.id)))
        .join(Inspection, Inspection.id == Finding.inspection_id)
        .join(Subject, Subject.id == Inspection.subject_id)
        .where(
            Inspection.region_id == region_id,
            Inspection.issued_at >= start,
            Inspection.issued_at < end,
        )
        .group_by(Finding.item_code, Subject.kind)
    )
    for code, kind, count, cases in session.execute(findings):
        rows += [
            ("findings", item_key(kind, code), count),
            ("finding_cases", item_key(kind, code), cases),
        ]
    penalties = (
        select(Inspection.subject_id, func.count(Penalty.id), func.sum(Penalty.fine_yuan))
        .select_from(Penalty)
        .join(Inspection, Inspection.id == Penalty.inspection_id)
        .where(
            Inspection.region_id == region_id,
            decided_between(month_first_day(month), month_last_day(month)),
            counted_penalty(),
        )
        .group_by(Inspection.subject_id)
    )
    counted = yuan = 0
    for subject_id, count, fines in session.execute(penalties):
        rows += [("unit", str(subject_id), count), ("fined", str(subject_id), int(fines or 0))]
        counted, yuan = counted + count, yuan + int(fines or 0)
    rows += [("penalties", "", counted), ("yuan", "", yuan)]
    return [
        {"region_id": region_id, "month": month, "measure": m, "key": k, "value": v}
        for m, k, v in rows
        if v
    ]


def refresh_slots(slots: set[Slot], session: Session) -> None:
    """Replace the rollup rows of these slots by their recomputed values."""
    for region_id, month in sorted(slots):
        session.execute(
            delete(MonthlyRollup).where(
                MonthlyRollup.region_id == region_id, MonthlyRollup.month == month
            )
        )
        if rows := slot_rows(region_id, month, session):
            session.execute(insert(MonthlyRollup), rows)


def rebuild_rollups(session: Session | None = None) -> int:
    """Recompute every slot from the raw data, from the first month with data to the last.

    Returns the number of rollup rows written. The caller commits.
    """
    session = session or db.session
    session.execute(delete(MonthlyRollup))
    bounds = [
        session.execute(select(func.min(c), func.max(c))).one()
        for c in (Inspection.started_at, Inspection.issued_at, Penalty.decision_date)
    ]
    days = [_local_day(value) for pair in bounds for value in pair if value is not None]
    if not days:
        return 0
    months = months_between(month_of(min(days)), month_of(max(days)))
    regions = session.scalars(select(Inspection.region_id).distinct()).all()
    written = 0
    for region_id in regions:
        for month in months:
            if rows := slot_rows(region_id, month, session):
                session.execute(insert(MonthlyRollup), rows)
                written += len(rows)
    return written


def _local_day(value: date | datetime) -> date:
    return to_local(value).date() if isinstance(value, datetime) else value


def _month(moment: datetime | None) -> str | None:
    return month_of(to_local(moment).date()) if moment is not None else None


# The columns the rollups read: a change to any other column (a checklist autosave bumps the
# case's version, a finding's text is edited) moves no figure and recomputes nothing.
COUNTED_COLUMNS = {
    Inspection: ("region_id", "subject_id", "started_at", "issued_at", "status"),
    Finding: ("inspection_id", "item_code"),
    Penalty: ("inspection_id", "decision_date", "revoked_at", "fine_yuan", "measures"),
}


def _moves_a_figure(obj, session: Session) -> bool:
    columns = COUNTED_COLUMNS.get(type(obj))
    if columns is None:
        return False
    if obj in session.new or obj in session.deleted:
        return True
    attributes = inspect(obj).attrs
    return any(attributes[name].history.has_changes() for name in columns)


def _note_flush(session: Session, _context) -> None:
    """Mark the cases whose writes may move a rollup, with the slots their old values held."""
    pending: dict[int, set[Slot]] = session.info.setdefault(PENDING, defaultdict(set))
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not _moves_a_figure(obj, session):
            continue
        if isinstance(obj, Inspection):
            _note_case(pending, obj)
        elif isinstance(obj, Finding | Penalty):
            for inspection_id in _values(obj, "inspection_id"):
                extra = pending[inspection_id]
                if isinstance(obj, Penalty):
                    extra |= {(None, month_of(day)) for day in _values(obj, "decision_date")}


def _note_case(pending: dict[int, set[Slot]], case: Inspection) -> None:
    extra = pending[case.id]
    for region_id in _values(case, "region_id"):
        for attribute in ("started_at", "issued_at"):
            for moment in _values(case, attribute):
                extra.add((region_id, _month(moment)))


def _values(obj, attribute: str) -> list:
    """The attribute's current value and any value it had before this flush."""
    history = inspect(obj).attrs[attribute].history
    found = [*history.added, *history.unchanged, *history.deleted]
    return [v for v in found if v is not None]


def _refresh_before_commit(session: Session) -> None:
    # Commit calls its listeners before it flushes: flush first, so that a change nobody has
    # flushed yet is noted too.
    session.flush()
    if not session.info.get(PENDING):
        return
    pending = session.info.pop(PENDING)
    refresh_slots(_slots_of(pending, session), session)


def _slots_of(pending: dict[int, set[Slot]], session: Session) -> set[Slot]:
    """The slots of the marked cases: their current months plus the months noted before."""
    ids = [i for i in pending if i is not None]
    region_of: dict[int, int] = {}
    slots: set[Slot] = set()
    cases = select(Inspection.id, Inspection.region_id, Inspection.started_at, Inspection.issued_at)
    for case_id, region_id, started, issued in session.execute(cases.where(Inspection.id.in_(ids))):
        region_of[case_id] = region_id
        slots |= {(region_id, m) for m in (_month(started), _month(issued)) if m}
    decided = select(Penalty.inspection_id, Penalty.decision_date).where(
        Penalty.inspection_id.in_(ids), Penalty.decision_date.is_not(None)
    )
    for case_id, day in session.execute(decided):
        slots.add((region_of[case_id], month_of(day)))
    for case_id, extra in pending.items():
        for region_id, month in extra:
            region_id = region_id if region_id is not None else region_of.get(case_id)
            if region_id is not None and month:
                slots.add((region_id, month))
    return slots


def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(PENDING, None)


def _load_the_old_value(_target, _value, _old, _initiator) -> None:
    """Nothing: listening with active_history is what makes the ORM load the value a write
    replaces when the object was expired (after a commit), so the old slot is refreshed too."""


def keep_rollups_current() -> None:
    """Listen to every session of the app, and to the counted columns (once per process)."""
    for model, names in COUNTED_COLUMNS.items():
        for name in names:
            column = getattr(model, name)
            if not event.contains(column, "set", _load_the_old_value):
                event.listen(column, "set", _load_the_old_value, active_history=True)
    for name, listener in (
        ("after_flush", _note_flush),
        ("before_commit", _refresh_before_commit),
        ("after_transaction_end", _forget),
    ):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
