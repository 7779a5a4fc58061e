"""附件3 counts a penalty in the month of its decision date, and a filing keeps what it sent."""

from datetime import date

from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.stats import services
from inspect_app.stats.models import MonthlyReport
from tests.factories import make_subject
from tests.pages import parse
from tests.stats.conftest import add_case, add_penalty, local


def figures(region, month: str) -> tuple[int, list[tuple[str, int]]]:
    [(_, unit)] = services.form3_report(region, month).units
    return unit.inspected, [(p.name, p.fine) for p in unit.penalized]


def september_case(world, name="Unit S"):
    unit = make_subject(world.town_a, name=name)
    case = add_case(unit, world.inspector_a, local(2025, 9, 18, 10))
    db.session.commit()
    return case


def test_a_fine_decided_in_december_counts_in_december_only(world):
    case = september_case(world)
    penalty = add_penalty(case, world.inspector_a, 8000)
    penalty.decision_date = None  # proceeding still running: nothing counts yet
    db.session.commit()
    assert figures(world.town_a, "2025-09") == (1, [])
    assert figures(world.town_a, "2025-12") == (0, [])

    penalty.decision_date = date(2025, 12, 5)
    db.session.commit()
    assert figures(world.town_a, "2025-09") == (1, [])  # September unchanged
    assert figures(world.town_a, "2025-12") == (0, [("Unit S", 8000)])
    county = services.form3_report(world.county, "2025-12")
    assert (county.inspected, county.penalized_count, county.fine_total) == (0, 1, 8000)


def test_revoked_undecided_and_measures_only_decisions_count_nothing(world):
    case = september_case(world)
    user, decided = world.inspector_a, date(2025, 9, 30)
    add_penalty(case, user, 5000, revoked=True, decided=decided)
    add_penalty(case, user, 0, decided=decided, measures=["exam_qualification_suspension"])
    add_penalty(case, user, 0, decided=decided, measures=["order_correction", "police_referral"])
    undecided = add_penalty(case, user, 7000)
    undecided.decision_date = None
    db.session.commit()
    assert figures(world.town_a, "2025-09") == (1, [])

    add_penalty(case, user, 0, decided=decided, measures=["suspension"])  # 责令停产停业
    db.session.commit()
    assert figures(world.town_a, "2025-09") == (1, [("Unit S", 0)])


def test_a_unit_penalized_in_two_months_counts_once_in_each(world):
    case = september_case(world)
    add_penalty(case, world.inspector_a, 1000, party="person", decided=date(2025, 9, 30))
    add_penalty(case, world.inspector_a, 3000, decided=date(2025, 10, 1))
    add_penalty(case, world.inspector_a, 2000, decided=date(2025, 10, 31))
    db.session.commit()
    assert figures(world.town_a, "2025-09") == (1, [("Unit S", 1000)])
    assert figures(world.town_a, "2025-10") == (0, [("Unit S", 5000)])


def file(client, month: str, key: str):
    data = {"region": "TA", "month": month, "previous": "", "client_key": key}
    return client.post("/reports/form3/file", data={**data, "filled_by_name": "周敏"})


def test_a_later_decision_leaves_the_filed_month_alone(client, world, login):
    case = september_case(world)
    penalty = add_penalty(case, world.inspector_a, 8000)
    penalty.decision_date = None
    db.session.commit()
    login(world.supervisor_a)
    assert file(client, "2025-09", "k-sep").status_code == 302
    filed = db.session.scalar(select(MonthlyReport))
    kept = dict(filed.figures)
    assert kept["penalties_by"] == "decision_date"

    penalty.decision_date = date(2025, 11, 5)
    db.session.commit()
    page = parse(client.get("/reports/form3?region=TA&month=2025-09"))
    assert page.select_one("#filing-changed") is None  # September's figures did not move
    assert page.select_one("#filing-rule") is None
    db.session.refresh(filed)
    assert filed.figures == kept
    november = parse(client.get("/reports/form3?region=TA&month=2025-11"))
    cells = [td.get_text(strip=True) for td in november.select("table.report-table td")]
    assert "Unit S" in cells


def test_a_filing_under_the_earlier_rule_is_shown_as_filed(client, world, login):
    case = september_case(world)
    add_penalty(case, world.inspector_a, 8000, decided=date(2025, 10, 9))
    old = {"month": "2025-09", "region": "TA", "inspected": 1, "fine_total": 8000,
           "penalized": [{"name": "Unit S", "fine": 8000}], "client_key": "old"}  # fmt: skip
    db.session.add(
        MonthlyReport(
            region_id=world.town_a.id,
            month="2025-09",
            filled_by_name="周敏",
            filed_by_id=world.supervisor_a.id,
            figures=old,
        )
    )
    db.session.commit()
    login(world.supervisor_a)
    page = parse(client.get("/reports/form3?region=TA&month=2025-09"))
    assert page.select_one("#filing-rule") is not None
    assert page.select_one("#filing-changed") is not None
    as_filed = page.select_one("#filing-as-filed").get_text(" ", strip=True)
    assert "8,000" in as_filed
    assert db.session.scalar(select(MonthlyReport)).figures == old  # never recounted


def test_the_typical_case_list_names_no_measures_only_or_undecided_penalty(world):
    unit = make_subject(world.town_a, name="Unit T")
    case = add_case(unit, world.inspector_a, local(2025, 9, 18, 10), typical=True)
    add_penalty(case, world.inspector_a, 6000)
    add_penalty(case, world.inspector_a, 0, measures=["exam_qualification_revocation"])
    add_penalty(case, world.inspector_a, 9000).decision_date = None
    db.session.commit()
    [listed] = services.typical_case_list(world.town_a)
    assert [fine for _, fine in listed.penalties] == [6000]
