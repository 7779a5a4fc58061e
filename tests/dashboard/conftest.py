"""A fixed data set for the dashboard, with its figures counted by hand in the docstring.

Times are UTC; Shanghai is UTC+8. Town A (supervisor_a), period 2026-09 … 2026-11:

case   subject   opened (local)      issued (local)       findings        penalties (yuan)
A1     unit A    09-10 10:00         09-10 13:00          PU-4, PU-6      10000
A2     school A  10-31 22:00         10-31 23:59          TI-2            5000, 3000 revoked
A3     unit A    11-01 00:10         11-01 00:30          PU-4, (none)    20000 unit, 2000 person
A4     unit A    11-05 10:00         draft                PU-4            7000 (draft: not counted)
B1     unit B    10-10 10:00         10-10 13:00          PU-4 ×3         50000      (town B)
world.inspection_b: a draft in town B opened 11-19 10:00.

A3 is issued on 1 November local time but on 31 October in UTC; A2 at 23:59 on 31 October.
Each penalty is decided on the local day its case was issued (A4's, on a draft, is undecided).
Orders (today 2026-11-21): A1 open, deadline 09-30 (52 days overdue); A1 rectified, 10-15;
A3 open, 11-20 (1 day overdue); A3 open, due today (not overdue); A4 open, 11-10 (draft: left
out); B1 open, 10-20 (32 days overdue, town B). Typical: A1, B1, and the draft A4.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from inspect_app.clock import local_day
from inspect_app.extensions import db
from inspect_app.findings.models import Finding, RectificationOrder
from inspect_app.inspections.models import Inspection
from inspect_app.penalties.models import Penalty
from tests import factories

TODAY = date(2026, 11, 21)


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Cases:
    a1: Inspection
    a2: Inspection
    a3: Inspection
    a4: Inspection
    b1: Inspection
    overdue_a1: RectificationOrder
    overdue_a3: RectificationOrder
    overdue_b1: RectificationOrder


def _case(world, subject, started, issued=None, number=None, typical=False) -> Inspection:
    case = factories.make_inspection(world, subject, started_at=started)
    if issued is not None:
        case.status, case.issued_at, case.case_number = "issued", issued, number
    case.typical = typical
    return case


def _finding(case, code, user) -> None:
    db.session.add(
        Finding(
            inspection_id=case.id,
            item_code=code,
            description=f"{code or 'other'} not met",
            client_key=factories.valid_uscc(),
            created_by_id=user.id,
        )
    )


def _penalty(case, yuan, user, party="unit", revoked=False, decided=None, measures=()):
    """A penalty decided (by default) on the local day its case was issued; none on a draft."""
    if decided is None and case.issued_at is not None:
        decided = local_day(case.issued_at)
    penalty = Penalty(
        inspection_id=case.id,
        party=party,
        person_name="Person" if party == "person" else None,
        violation="violation",
        basis_code="SAFL-97-4",
        fine_yuan=yuan,
        revoked_at=utc(11, 1, 2) if revoked else None,
        decision_date=decided,
        measures=list(measures),
        client_key=factories.valid_uscc(),
        created_by_id=user.id,
    )
    db.session.add(penalty)
    return penalty


def _order(case, deadline, user, status="open") -> RectificationOrder:
    order = RectificationOrder(
        inspection_id=case.id,
        requirement=f"Rectify by {deadline}",
        deadline=deadline,
        status=status,
        client_key=factories.valid_uscc(),
        created_by_id=user.id,
    )
    db.session.add(order)
    return order


@pytest.fixture
def data(world) -> Cases:
    school = factories.make_subject(world.town_a, kind="training_institution", name="School A")
    user = world.inspector_a
    a1 = _case(world, world.subject_a, utc(9, 10, 2), utc(9, 10, 5), "TA-2026-0001", True)
    a2 = _case(world, school, utc(10, 31, 14), utc(10, 31, 15, 59), "TA-2026-0002")
    a3 = _case(world, world.subject_a, utc(10, 31, 16, 10), utc(10, 31, 16, 30), "TA-2026-0003")
    a4 = _case(world, world.subject_a, utc(11, 5, 2), typical=True)
    b1 = _case(world, world.subject_b, utc(10, 10, 2), utc(10, 10, 5), "TB-2026-0001", True)
    world.inspection_b.started_at = utc(11, 19, 2)  # the world's draft in B, a November case
    for case, codes in ((a1, ["PU-4", "PU-6"]), (a2, ["TI-2"]), (a3, ["PU-4", None]),
                        (a4, ["PU-4"]), (b1, ["PU-4"] * 3)):  # fmt: skip
        for code in codes:
            _finding(case, code, user)
    for case, yuan, party, revoked in ((a1, 10000, "unit", False), (a2, 5000, "unit", False),
                                       (a2, 3000, "unit", True), (a3, 20000, "unit", False),
                                       (a3, 2000, "person", False), (a4, 7000, "unit", False),
                                       (b1, 50000, "unit", False)):  # fmt: skip
        _penalty(case, yuan, user, party, revoked)
    overdue_a1 = _order(a1, date(2026, 9, 30), user)
    _order(a1, date(2026, 10, 15), user, "rectified")
    overdue_a3 = _order(a3, date(2026, 11, 20), user)
    _order(a3, TODAY, user)
    _order(a4, date(2026, 11, 10), user)
    overdue_b1 = _order(b1, date(2026, 10, 20), user)
    db.session.commit()
    return Cases(a1, a2, a3, a4, b1, overdue_a1, overdue_a3, overdue_b1)


@pytest.fixture
def fixed_today(clock):
    """The page's today (and so its default period and overdue days) is 2026-11-21."""
    clock.set_today(TODAY)
    return TODAY


@pytest.fixture
def english(client):
    client.set_cookie("lang", "en")
    return client
