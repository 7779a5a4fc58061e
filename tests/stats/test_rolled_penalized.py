"""附件3's penalized units, read from the monthly rollups, equal the raw query (the oracle)
after every kind of write; and the migration that adds the units' fines fills them right."""

import importlib.util
from datetime import date
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import delete, select

from inspect_app.clock import Period
from inspect_app.extensions import db
from inspect_app.penalties.models import Penalty
from inspect_app.rollups.models import MonthlyRollup
from inspect_app.stats import queries
from tests.factories import make_subject
from tests.stats.conftest import add_case, add_penalty, local

MONTHS = ("2026-09", "2026-10", "2026-11")
MIGRATION = Path(__file__).parents[2] / "migrations/versions/b8e4c2a7d913_rollups_fined_per_unit.py"


def mappings(world) -> list[dict[int, int]]:
    """A town alone, and a county whose towns are its reporting units."""
    a, b, county = world.town_a.id, world.town_b.id, world.county.id
    return [{a: a}, {a: a, b: b, county: county}, {a: county, b: county}]


def rows(query) -> list[tuple]:
    return [
        (unit, sid, name, int(fine or 0)) for unit, sid, name, fine in db.session.execute(query)
    ]


def penalty_of(case) -> Penalty:
    return db.session.scalars(select(Penalty).where(Penalty.inspection_id == case.id)).first()


def assert_same(world) -> None:
    for unit_by_region in mappings(world):
        for month in MONTHS:
            period = Period.of_month(month)
            rolled = rows(queries.rolled_penalized_query(unit_by_region, period))
            raw = rows(queries.penalized_query(unit_by_region, period))
            assert rolled == raw, (unit_by_region, month)


@pytest.fixture
def cases(world):
    unit_b2 = make_subject(world.town_b, name="乙二厂")
    user = world.inspector_a
    first = add_case(
        world.subject_a, user, local(2026, 10, 5, 10), penalties=[(10000, "unit", False)]
    )
    second = add_case(unit_b2, user, local(2026, 10, 31, 23, 59), penalties=[(3000, "unit", False)])
    draft = add_case(unit_b2, user, None, status="draft", penalties=[(7000, "unit", False)])
    db.session.commit()
    assert_same(world)
    return first, second, draft


def test_decisions_revocations_and_edits_keep_the_rollups_equal_to_the_raw_query(world, cases):
    first, second, _draft = cases
    user = world.inspector_a
    add_penalty(first, user, 2000, party="person", decided=date(2026, 10, 31))
    add_penalty(second, user, 0, decided=date(2026, 11, 1), measures=["suspension"])
    add_penalty(second, user, 0, decided=date(2026, 11, 1), measures=["order_correction"])
    db.session.commit()
    assert_same(world)
    found = rows(queries.rolled_penalized_query({world.town_b.id: 1}, Period.of_month("2026-11")))
    assert [(name, fine) for _, _, name, fine in found] == [("乙二厂", 0)]  # 停产停业, no fine

    penalty = penalty_of(first)
    penalty.fine_yuan = 12000
    db.session.commit()
    assert_same(world)
    penalty.decision_date = date(2026, 9, 30)  # corrected into the month before
    db.session.commit()
    assert_same(world)
    penalty.revoked_at = first.issued_at
    db.session.commit()
    assert_same(world)


def test_a_renamed_unit_and_a_moved_case_are_listed_as_they_are_now(world, cases):
    _first, second, _draft = cases
    world.subject_a.name = "甲厂（更名）"
    second.region_id = world.town_a.id  # filed in the wrong town, corrected
    db.session.commit()
    assert_same(world)
    found = rows(queries.rolled_penalized_query({world.town_a.id: 1}, Period.of_month("2026-10")))
    assert [name for _, _, name, _ in found] == sorted(["甲厂（更名）", "乙二厂"])


def test_a_penalty_deleted_or_its_case_reverted_to_draft_leaves_the_list(world, cases):
    first, second, _draft = cases
    db.session.delete(penalty_of(first))
    second.status = "draft"
    db.session.commit()
    assert_same(world)
    assert (
        rows(queries.rolled_penalized_query(mappings(world)[1], Period.of_month("2026-10"))) == []
    )


def test_only_whole_months_are_read_from_the_rollups(world):
    period = Period(date(2026, 10, 1), date(2026, 10, 15))
    with pytest.raises(ValueError):
        queries.rolled_penalized_query({world.town_a.id: world.town_a.id}, period)


def fined_rows() -> list[tuple]:
    query = select(MonthlyRollup.region_id, MonthlyRollup.month, MonthlyRollup.key)
    query = query.add_columns(MonthlyRollup.value).where(MonthlyRollup.measure == "fined")
    return sorted(db.session.execute(query).tuples())


def run_migration(step: str) -> None:
    spec = importlib.util.spec_from_file_location("fined_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with Operations.context(MigrationContext.configure(db.session.connection())):
        getattr(module, step)()


def test_the_migration_fills_the_fines_the_app_keeps(world, cases):
    first, second, _draft = cases
    add_penalty(first, world.inspector_a, 500, decided=date(2026, 11, 30))
    add_penalty(second, world.inspector_a, 900, revoked=True, decided=date(2026, 11, 2))
    db.session.commit()
    kept = fined_rows()
    assert len(kept) == 3

    run_migration("downgrade")
    assert fined_rows() == []
    run_migration("upgrade")
    assert fined_rows() == kept
    db.session.execute(delete(MonthlyRollup).where(MonthlyRollup.measure == "fined"))
    run_migration("upgrade")
    assert fined_rows() == kept
