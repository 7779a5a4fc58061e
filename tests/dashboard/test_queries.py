"""The dashboard's figures against the hand-counted data set of conftest.py."""

from datetime import date

from inspect_app.clock import Period, months_between, shift_month
from inspect_app.dashboard import queries
from inspect_app.dashboard.queries import default_period
from inspect_app.extensions import db
from inspect_app.regions.services import subtree_ids
from tests.dashboard.conftest import TODAY, _penalty

PERIOD = Period.of_months("2026-09", "2026-11")


def town_a(world):
    return [world.town_a.id]


def county(world):
    return subtree_ids(world.county.id)


def test_months_and_default_period():
    assert shift_month("2026-01", -1) == "2025-12"
    assert shift_month("2025-12", 1) == "2026-01"
    assert months_between("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert months_between("2026-03", "2026-02") == []
    period = default_period(date(2026, 2, 28))
    assert (period.first_month, period.last_month, len(period.months)) == ("2025-03", "2026-02", 12)


def test_cases_by_local_month(data, world):
    months = queries.case_months(town_a(world), PERIOD)
    # A2 at 23:59 on 31 October stays in October; A3 (31 October UTC) is November locally.
    assert [(m.month, m.opened, m.issued) for m in months] == [
        ("2026-09", 1, 1),
        ("2026-10", 1, 1),
        ("2026-11", 2, 1),  # A3 and the draft A4 opened; only A3 issued
    ]


def test_cases_over_the_county_include_town_b(data, world):
    months = queries.case_months(county(world), PERIOD)
    assert [(m.opened, m.issued) for m in months] == [(1, 1), (2, 2), (3, 1)]


def test_fines_by_month_of_decision_without_revoked_or_drafts(data, world):
    months = queries.fine_months(town_a(world), PERIOD)
    assert [(m.month, m.penalties, m.units, m.yuan) for m in months] == [
        ("2026-09", 1, 1, 10000),
        ("2026-10", 1, 1, 5000),  # the revoked 3000 counts nothing
        ("2026-11", 2, 1, 22000),  # unit and person penalty: one unit; A4 is a draft
    ]
    assert queries.fine_units(town_a(world), PERIOD) == 2  # unit A (twice) and school A


def test_a_later_decision_moves_only_its_month_and_measures_only_count_nothing(data, world):
    user = world.inspector_a
    _penalty(data.a1, 4000, user, decided=date(2026, 11, 5))  # a September case
    _penalty(
        data.a1, 0, user, decided=date(2026, 9, 12), measures=["exam_qualification_revocation"]
    )
    _penalty(data.a2, 0, user, decided=date(2026, 10, 31), measures=["police_referral"])
    undecided = _penalty(data.a2, 9000, user)
    undecided.decision_date = None
    db.session.commit()
    months = queries.fine_months(town_a(world), PERIOD)
    assert [(m.month, m.penalties, m.units, m.yuan) for m in months] == [
        ("2026-09", 1, 1, 10000),  # unchanged: no "penalized unit, ¥0" for the revocation
        ("2026-10", 1, 1, 5000),
        ("2026-11", 3, 1, 26000),  # A1's fine decided 5 November joins A3's
    ]
    assert queries.fine_units(town_a(world), PERIOD) == 2


def test_fines_over_the_county(data, world):
    months = queries.fine_months(county(world), PERIOD)
    assert [m.yuan for m in months] == [10000, 55000, 22000]
    assert [m.units for m in months] == [1, 2, 1]


def test_a_period_outside_the_data_is_all_zero(data, world):
    months = queries.fine_months(county(world), Period.of_months("2025-01", "2025-03"))
    assert [m.yuan for m in months] == [0, 0, 0]
    assert queries.findings_by_item(county(world), Period.of_months("2025-01", "2025-03")) == []


def test_findings_by_item_most_common_first(data, world):
    rows = queries.findings_by_item(town_a(world), PERIOD)
    assert [(r.item_code, r.kind, r.findings, r.cases) for r in rows] == [
        ("PU-4", "production_unit", 2, 2),  # A1 and A3; the draft A4 left out
        ("PU-6", "production_unit", 1, 1),
        ("TI-2", "training_institution", 1, 1),
        (None, "production_unit", 1, 1),  # findings without a check item come last
    ]


def test_findings_over_the_county(data, world):
    rows = queries.findings_by_item(county(world), PERIOD)
    assert (rows[0].item_code, rows[0].findings, rows[0].cases) == ("PU-4", 5, 3)


def test_only_issued_findings_in_the_period(data, world):
    rows = queries.findings_by_item(town_a(world), Period.of_months("2026-11", "2026-11"))
    assert [(r.item_code, r.findings) for r in rows] == [("PU-4", 1), (None, 1)]


def test_overdue_orders_oldest_first(data, world):
    rows = queries.overdue_orders(town_a(world), TODAY)
    assert [(r.order.id, r.days_overdue) for r in rows] == [
        (data.overdue_a1.id, 52),
        (data.overdue_a3.id, 1),  # due today is not overdue; the draft's order is left out
    ]
    assert rows[0].subject_name == world.subject_a.name


def test_overdue_orders_of_the_county(data, world):
    rows = queries.overdue_orders(county(world), TODAY)
    assert [r.order.id for r in rows] == [
        data.overdue_a1.id,
        data.overdue_b1.id,
        data.overdue_a3.id,
    ]


def test_overdue_orders_stop_at_the_limit(data, world):
    rows = queries.overdue_orders(county(world), TODAY, limit=2)
    assert [r.order.id for r in rows] == [data.overdue_a1.id, data.overdue_b1.id]


def test_overdue_count_stops_at_the_cap(data, world):
    assert queries.overdue_count(town_a(world), TODAY) == queries.OverdueCount(2, False, 99)
    assert queries.overdue_count(county(world), TODAY, cap=3) == queries.OverdueCount(3, False, 3)
    assert queries.overdue_count(county(world), TODAY, cap=2) == queries.OverdueCount(2, True, 2)


def test_typical_cases_issued_in_scope(data, world):
    assert [c.id for c in queries.typical_cases(town_a(world))] == [data.a1.id]
    assert [c.id for c in queries.typical_cases(county(world))] == [data.b1.id, data.a1.id]
