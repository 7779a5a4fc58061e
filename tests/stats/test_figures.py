"""附件2 and 附件3 figures against hand counts of the fixed data set (tests/stats/conftest.py)."""

from datetime import date

import pytest

from inspect_app.clock import Period
from inspect_app.stats import services
from tests.stats.conftest import (
    FORM2_COUNTY,
    FORM2_TOWN_A,
    FORM2_TOWN_B,
    FORM3_TOWN_A,
    FORM3_TOWN_B,
)

MARCH = Period.of_month("2026-03")


def rows(block) -> list[tuple[int, int, int]]:
    counts = [block.items[n] for n in range(1, 7)] + [block.total]
    return [(c.checked, c.with_problem, c.rectified) for c in counts]


def penalized(unit) -> tuple[int, list[tuple[str, int]]]:
    return unit.inspected, [(p.name, p.fine) for p in unit.penalized]


def test_form2_town_counts_submitted_self_checks_of_the_period(data):
    report = services.form2_report(data.world.town_a, MARCH)
    assert report.summed is None
    [(town, block)] = report.blocks
    assert town == data.world.town_a
    assert rows(block) == FORM2_TOWN_A


def test_form2_county_has_a_block_per_town_and_the_sum(data):
    report = services.form2_report(data.world.county, MARCH)
    assert [town.code for town, _ in report.blocks] == ["TA", "TB"]
    assert rows(report.blocks[0][1]) == FORM2_TOWN_A
    assert rows(report.blocks[1][1]) == FORM2_TOWN_B
    assert rows(report.summed) == FORM2_COUNTY


def test_form2_period_ends_on_its_last_local_day(data):
    # 1 April 00:10 Shanghai is still 31 March in UTC: it belongs to April.
    april_first = services.date_period(date(2026, 4, 1), date(2026, 4, 1))
    [(_, block)] = services.form2_report(data.world.town_a, april_first).blocks
    assert rows(block)[6] == (1, 1, 0)
    last_day = services.date_period(date(2026, 3, 31), date(2026, 3, 31))
    [(_, block)] = services.form2_report(data.world.town_a, last_day).blocks
    assert rows(block)[6] == (1, 1, 1)


def test_form2_rejects_an_inverted_period():
    with pytest.raises(services.ReportError):
        services.date_period(date(2026, 3, 31), date(2026, 3, 1))


def test_form3_town_figures(data):
    report = services.form3_report(data.world.town_a, "2026-10")
    [(town, unit)] = report.units
    assert town == data.world.town_a
    assert penalized(unit) == FORM3_TOWN_A
    assert (report.inspected, report.penalized_count, report.fine_total) == (4, 3, 21000)


def test_form3_county_per_town_and_total(data):
    report = services.form3_report(data.world.county, "2026-10")
    assert [town.code for town, _ in report.units] == ["TA", "TB"]
    assert penalized(report.units[0][1]) == FORM3_TOWN_A
    assert penalized(report.units[1][1]) == FORM3_TOWN_B
    assert (report.inspected, report.penalized_count, report.fine_total) == (5, 4, 27000)


def test_form3_month_bounds_are_shanghai_midnights(data):
    november = services.form3_report(data.world.town_a, "2026-11")
    assert penalized(november.units[0][1]) == (1, [("Unit A3", 9999)])
    september = services.form3_report(data.world.town_b, "2026-09")
    assert penalized(september.units[0][1]) == (0, [])


def test_form3_other_county_sees_only_its_own(data):
    report = services.form3_report(data.other_county, "2026-10")
    assert (report.inspected, report.penalized_count, report.fine_total) == (1, 1, 100000)


@pytest.mark.parametrize(
    ("month", "due"),
    [
        ("2026-04", date(2026, 4, 30)),
        ("2026-02", date(2026, 2, 28)),
        ("2028-02", date(2028, 2, 29)),
    ],
)
def test_due_day_is_the_30th_or_the_last_day_of_february(app, month, due):
    assert services.due_date(month) == due


def test_due_day_follows_the_setting(app):
    app.config["REPORT_DUE_DAY"] = 25
    assert services.due_date("2026-05") == date(2026, 5, 25)


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "26-01", "", "2026-04x"])
def test_bad_months_are_refused(app, month):
    with pytest.raises(services.ReportError):
        services.parse_month(month)
