"""The dashboard's monthly rollups equal the raw queries (the oracle) after each issue,
correction and penalty decision, across local month boundaries (Asia/Shanghai = UTC+8)."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, func, select, update

from inspect_app.clock import Period, local_day
from inspect_app.dashboard import queries, rolled
from inspect_app.extensions import db
from inspect_app.findings.services import record_finding
from inspect_app.inspections.models import Inspection
from inspect_app.issuing.services import issue_record
from inspect_app.penalties.services import impose_penalty, revoke_penalty
from inspect_app.rollups.models import MonthlyRollup
from tests.records import helpers
from tests.signatures.helpers import issue_correction

PERIOD = Period.of_months("2026-09", "2026-12")
REASON = "补记处罚决定"


@pytest.fixture(autouse=True)
def inside_the_period(clock):
    """Every write here happens within PERIOD, whatever instant the suite runs at."""
    clock.move_to(datetime(2026, 11, 18, 2, 30, tzinfo=UTC))


def figures(region_ids) -> tuple:
    """Every rolled-up figure, read from the rollups and from the raw data."""
    from_rollups = (
        rolled.case_months(region_ids, PERIOD),
        rolled.fine_months(region_ids, PERIOD),
        rolled.fine_units(region_ids, PERIOD),
        sorted(rolled.findings_by_item(region_ids, PERIOD), key=repr),
    )
    from_raw = (
        queries.case_months(region_ids, PERIOD),
        queries.fine_months(region_ids, PERIOD),
        queries.fine_units(region_ids, PERIOD),
        sorted(queries.findings_by_item(region_ids, PERIOD), key=repr),
    )
    return from_rollups, from_raw


def assert_rollups_match(world) -> tuple:
    for ids in ([world.town_a.id], [world.town_b.id], [world.town_a.id, world.town_b.id]):
        from_rollups, from_raw = figures(ids)
        assert from_rollups == from_raw
    return figures([world.town_a.id])[0]


def month_row(months, month):
    return next(m for m in months if m.month == month)


def _decide(case, user, yuan: int, day, number: str):
    return impose_penalty(
        case,
        user,
        party="unit",
        person_name=None,
        violation="未如实记录安全生产教育和培训情况。",
        basis_code="SAFL-97-4",
        fine_yuan=yuan,
        decision_no=number,
        decision_date=day,
        measures=[],
        reason=REASON,
    )


def test_rollups_follow_issues_corrections_and_decisions_across_months(world, clock):
    user = world.inspector_a
    # Opened 31 October 23:40 local, issued 1 November 00:10 local (still 31 October in UTC).
    clock.move_to(datetime(2026, 10, 31, 15, 40, tzinfo=UTC))
    late = helpers.complete_case(
        world, photos=1, started_at=datetime(2026, 10, 31, 15, 40, tzinfo=UTC)
    )
    clock.move_to(datetime(2026, 10, 31, 16, 10, tzinfo=UTC))
    issue_record(late, user)
    db.session.commit()
    cases, fines, units, items = assert_rollups_match(world)
    assert (month_row(cases, "2026-10").opened, month_row(cases, "2026-10").issued) == (1, 0)
    assert month_row(cases, "2026-11").issued == 1
    assert sum(i.findings for i in items) == 2 and units == 0

    # A second case issued at 23:59 on 31 October local, decided that day (a rollup of October).
    clock.move_to(datetime(2026, 10, 31, 15, 0, tzinfo=UTC))
    early = helpers.complete_case(
        world, photos=1, started_at=datetime(2026, 10, 31, 14, 0, tzinfo=UTC)
    )
    clock.move_to(datetime(2026, 10, 31, 15, 59, tzinfo=UTC))
    issue_record(early, user)
    db.session.commit()
    october = _decide(early, user, 30000, local_day(early.issued_at), "洋应急罚〔2026〕1号")
    db.session.commit()
    cases, fines, units, _items = assert_rollups_match(world)
    assert month_row(cases, "2026-10").issued == 1
    assert (month_row(fines, "2026-10").penalties, month_row(fines, "2026-10").yuan) == (1, 30000)
    assert units == 1

    # In December: a decision on the November case, and a finding added by a correction.
    clock.move_to(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    _decide(late, user, 20000, local_day(late.issued_at), "洋应急罚〔2026〕2号")
    db.session.commit()
    record_finding(late, user, "补记：安全培训档案缺页。", "PU-8", reason="现场遗漏一项问题")
    db.session.commit()
    issue_correction(late, user)
    cases, fines, units, items = assert_rollups_match(world)
    assert month_row(fines, "2026-11").yuan == 20000
    assert any(i.item_code == "PU-8" and i.findings == 1 for i in items)
    assert month_row(cases, "2026-12") == queries.CaseMonth("2026-12", 0, 0)

    # The October decision is revoked in December: October's fines drop, December's stay empty.
    revoke_penalty(october, user, version=october.version, reason="复议撤销")
    db.session.commit()
    cases, fines, units, _items = assert_rollups_match(world)
    assert month_row(fines, "2026-10") == queries.FineMonth("2026-10", 0, 0, 0)
    assert units == 1


def test_a_rolled_back_write_leaves_the_rollups_as_they_were(world, clock):
    case = helpers.complete_case(world, photos=1)
    before = _rows()
    issue_record(case, world.inspector_a)
    db.session.rollback()
    db.session.expire_all()
    assert _rows() == before
    assert_rollups_match(world)


def test_rebuild_recomputes_what_bulk_sql_changed(app, world, clock):
    case = helpers.complete_case(world, photos=1)
    issue_record(case, world.inspector_a)
    db.session.commit()
    month = f"{local_day(case.issued_at):%Y-%m}"
    # A bulk load that bypasses the app: the rollups don't see it until they are rebuilt.
    db.session.execute(update(Inspection).where(Inspection.id == case.id).values(issued_at=None))
    db.session.commit()
    ids = [world.town_a.id]
    assert month_row(rolled.case_months(ids, PERIOD), month).issued == 1
    assert month_row(queries.case_months(ids, PERIOD), month).issued == 0
    result = app.test_cli_runner().invoke(args=["dashboard", "rebuild-rollups"])
    assert result.exit_code == 0, result.output
    assert "rollup rows written" in result.output
    db.session.expire_all()
    assert_rollups_match(world)
    assert month_row(rolled.case_months(ids, PERIOD), month).issued == 0


def test_a_rebuild_equals_the_rollups_kept_by_the_writes(world, clock):
    case = helpers.complete_case(world, photos=1)
    issue_record(case, world.inspector_a)
    db.session.commit()
    kept = _rows()
    db.session.execute(delete(MonthlyRollup))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(MonthlyRollup)) == 0
    from inspect_app.rollups.services import rebuild_rollups

    assert rebuild_rollups() == len(kept)
    db.session.commit()
    assert _rows() == kept


@pytest.mark.parametrize("months", [("2026-11-02", "2026-11-30")])
def test_a_period_of_parts_of_months_is_read_from_the_raw_data(world, clock, months):
    from datetime import date

    period = Period(date.fromisoformat(months[0]), date.fromisoformat(months[1]))
    assert not rolled.whole_months(period)
    assert rolled.whole_months(PERIOD)


def _rows():
    query = select(
        MonthlyRollup.region_id,
        MonthlyRollup.month,
        MonthlyRollup.measure,
        MonthlyRollup.key,
        MonthlyRollup.value,
    ).order_by(*MonthlyRollup.__table__.primary_key.columns)
    return db.session.execute(query).all()


def test_a_change_committed_without_a_flush_moves_the_rollups(world, clock):
    """Commit runs `before_commit` before it flushes: a change still unflushed then must count."""
    case = helpers.complete_case(world, photos=1)
    issue_record(case, world.inspector_a)
    db.session.commit()
    case.issued_at = datetime(2026, 9, 15, 2, 0, tzinfo=UTC)
    assert db.session.dirty  # nothing has flushed the change before the commit
    db.session.commit()
    cases, _fines, _units, _items = assert_rollups_match(world)
    assert month_row(cases, "2026-09").issued == 1


def test_a_change_no_figure_reads_recomputes_nothing(world, clock, monkeypatch):
    from inspect_app.rollups import services as rollups

    case = helpers.complete_case(world, photos=1)
    issue_record(case, world.inspector_a)
    db.session.commit()
    refreshed = []
    monkeypatch.setattr(rollups, "refresh_slots", lambda slots, _s: refreshed.append(slots))
    from inspect_app.findings.models import Finding

    finding = db.session.scalars(select(Finding).where(Finding.inspection_id == case.id)).first()
    finding.description = "现场检查发现：培训档案缺页（补充说明）。"
    case.place = case.place + "（东门）"
    db.session.commit()
    assert refreshed == []
    finding.item_code = "PU-1" if finding.item_code != "PU-1" else "PU-2"
    db.session.commit()
    assert len(refreshed) == 1
