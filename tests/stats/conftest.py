"""A fixed data set for the report forms, with its hand-counted figures in the tests.

Form 3, October 2026 (Asia/Shanghai): town A has a unit penalized twice in the month (unit and
person penalties), a case issued at 23:59 on 31 October (counts) and one at 00:01 on 1 November
(does not), a revoked penalty, a draft case and a unit named like a spreadsheet formula; town B
has a case issued at 00:00 on 1 October; another county has a case that must never show.
Each penalty is decided on the local day its case was issued, unless a test says otherwise.
Form 2, March 2026: self-checks submitted in and just outside the month, a draft, another county.
"""

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from secrets import token_hex
from zoneinfo import ZoneInfo

import pytest

from inspect_app.clock import local_day
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.penalties.models import Penalty
from inspect_app.selfchecks.models import SelfCheck, SelfCheckItem
from tests.factories import make_region, make_subject, make_user

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOSTILE = '=HYPERLINK("http://evil.example","click")'
_seq = itertools.count(1)


def local(*parts) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI).astimezone(UTC)


@dataclass
class Data:
    world: object
    other_county: object
    other_town: object
    unit_a2: object
    unit_a3: object
    unit_a4: object
    hostile: object


def add_case(subject, user, issued_at, status="issued", penalties=(), typical=False):
    """A case row written directly; penalties as (fine, party, revoked)."""
    n = next(_seq)
    case = Inspection(
        subject_id=subject.id,
        region_id=subject.region_id,
        campaign="training-formality-2021",
        catalog_version=1,
        status=status,
        started_at=(issued_at or local(2026, 10, 15, 9)) - timedelta(hours=3),
        place="现场",
        representative_name="代表人",
        representative_position="主要负责人",
        case_number=None if status == "draft" else f"如应急检〔2026〕{n:03d}-{token_hex(3)}号",
        issued_at=issued_at,
        typical=typical,
        created_by_id=user.id,
    )
    db.session.add(case)
    db.session.flush()
    for fine, party, revoked in penalties:
        add_penalty(case, user, fine, party, revoked)
    return case


def add_penalty(case, user, fine, party="unit", revoked=False, decided=None, measures=()):
    """Decided (unless given) on the local day its case was issued; undecided on a draft."""
    if decided is None and case.issued_at is not None:
        decided = local_day(case.issued_at)
    penalty = Penalty(
        inspection_id=case.id,
        party=party,
        person_name="李四" if party == "person" else None,
        violation="未如实记录安全生产教育和培训情况",
        basis_code="TR-29",
        basis_law="生产经营单位安全培训规定",
        basis_article="第二十九条",
        fine_yuan=fine,
        client_key=f"stats-p-{token_hex(8)}",
        created_by_id=user.id,
        revoked_at=datetime(2026, 10, 30, tzinfo=UTC) if revoked else None,
        decision_date=decided,
        measures=list(measures),
    )
    db.session.add(penalty)
    return penalty


def add_self_check(subject, user, submitted_at, answers, status="submitted"):
    """answers: {item number: (has_problem, rectified)}; unanswered items have no problem. A
    problem rectified here was rectified at submission (as the form's tick box says)."""
    check = SelfCheck(
        subject_id=subject.id,
        region_id=subject.region_id,
        campaign="training-formality-2021",
        token=f"tok-{token_hex(8)}",
        deadline=date(2026, 3, 31),
        status=status,
        submitted_at=submitted_at,
        sent_by_id=user.id,
    )
    for number in range(1, 7):
        problem, rectified = answers.get(number, (False, False))
        done = bool(problem and rectified)
        check.items.append(
            SelfCheckItem(
                number=number,
                has_problem=problem,
                rectified=rectified,
                progress="rectified" if done else "open",
                rectified_at=submitted_at if done else None,
            )
        )
    db.session.add(check)
    return check


@pytest.fixture
def data(world) -> Data:
    w = world
    other_county = make_region("C2", "Other county")
    other_town = make_region("TX", "Town X", other_county)
    unit_a2 = make_subject(w.town_a, name="Unit A2")
    unit_a3 = make_subject(w.town_a, name="Unit A3")
    unit_a4 = make_subject(w.town_a, name="Unit A4")
    hostile = make_subject(w.town_a, name=HOSTILE)
    unit_x = make_subject(other_town, name="Unit X")
    user = w.inspector_a
    _form3_cases(w, user, unit_a2, unit_a3, unit_a4, hostile, unit_x)
    _form2_checks(w, user, unit_a2, unit_a3, unit_a4, hostile, unit_x)
    db.session.commit()
    return Data(w, other_county, other_town, unit_a2, unit_a3, unit_a4, hostile)


def _form3_cases(w, user, unit_a2, unit_a3, unit_a4, hostile, unit_x):
    add_case(w.subject_a, user, local(2026, 10, 5, 10), penalties=[(10000, "unit", False)])
    add_case(w.subject_a, user, local(2026, 10, 20, 15), penalties=[(5000, "unit", False)])
    add_case(w.subject_a, user, local(2026, 10, 21, 9), penalties=[(2000, "person", False)])
    add_case(unit_a2, user, local(2026, 10, 31, 23, 59), penalties=[(3000, "unit", False)])
    add_case(unit_a3, user, local(2026, 11, 1, 0, 1), penalties=[(9999, "unit", False)])
    add_case(unit_a3, user, None, status="draft", penalties=[(7000, "unit", False)])
    add_case(unit_a4, user, local(2026, 10, 12, 11), penalties=[(8000, "unit", True)])
    add_case(
        hostile,
        user,
        local(2026, 10, 10, 14),
        status="closed",
        penalties=[(1000, "unit", False), (50000, "unit", True)],
    )
    add_case(
        w.subject_b, w.inspector_b, local(2026, 10, 1, 0, 0), penalties=[(6000, "unit", False)]
    )
    x_user = make_user(unit_x.region, "inspector")
    add_case(unit_x, x_user, local(2026, 10, 15, 10), penalties=[(100000, "unit", False)])


def _form2_checks(w, user, unit_a2, unit_a3, unit_a4, hostile, unit_x):
    add_self_check(w.subject_a, user, local(2026, 3, 10, 9), {1: (True, True), 2: (True, False)})
    add_self_check(unit_a2, user, local(2026, 3, 31, 23, 30), {1: (True, True), 3: (True, True)})
    add_self_check(unit_a3, user, None, {1: (True, False)}, status="draft")
    add_self_check(unit_a4, user, local(2026, 4, 1, 0, 10), {2: (True, False)})
    add_self_check(hostile, user, local(2026, 3, 5, 8), {})
    add_self_check(w.subject_b, w.inspector_b, local(2026, 3, 15, 16), {6: (True, True)})
    add_self_check(unit_x, user, local(2026, 3, 15, 16), {1: (True, False)})


# Hand-counted figures: (checked, with problem, rectified) per item 1–6, then the total.
FORM2_TOWN_A = [(3, 2, 2), (3, 1, 0), (3, 1, 1), (3, 0, 0), (3, 0, 0), (3, 0, 0), (3, 2, 1)]
FORM2_TOWN_B = [(1, 0, 0)] * 5 + [(1, 1, 1), (1, 1, 1)]
FORM2_COUNTY = [(4, 2, 2), (4, 1, 0), (4, 1, 1), (4, 0, 0), (4, 0, 0), (4, 1, 1), (4, 3, 2)]
# Form 3, October 2026: inspected, then (penalized unit, fine) sorted by name.
FORM3_TOWN_A = (4, [(HOSTILE, 1000), ("Unit A2", 3000), ("Unit in A", 17000)])
FORM3_TOWN_B = (1, [("Unit in B", 6000)])
