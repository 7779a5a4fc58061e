"""The dashboard page: access, region scope, the filter, and the tables' numbers."""

import pytest
from bs4 import BeautifulSoup

from inspect_app.dashboard import queries
from tests.pages import parse

PERIOD = {"start": "2026-09", "end": "2026-11"}


def table(page: BeautifulSoup, table_id: str) -> list[list[str]]:
    rows = page.select(f"#{table_id} tr")
    return [[cell.get_text(" ", strip=True) for cell in row.select("th, td")] for row in rows]


@pytest.fixture
def town_a_page(data, world, login, english, fixed_today):
    login(world.supervisor_a)
    response = english.get("/dashboard", query_string=PERIOD)
    assert response.status_code == 200
    return parse(response)


def test_inspectors_may_not_see_it(client, world, login):
    login(world.inspector_a)
    assert client.get("/dashboard").status_code == 403


def test_signed_out_goes_to_sign_in(client, world):
    response = client.get("/dashboard")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_another_towns_region_is_404(client, world, login):
    login(world.supervisor_a)
    assert client.get("/dashboard", query_string={"region": world.town_b.id}).status_code == 404
    assert client.get("/dashboard", query_string={"region": world.county.id}).status_code == 404


def test_cases_table(town_a_page):
    assert table(town_a_page, "cases-table") == [
        ["Month", "Opened", "Issued"],
        ["2026-09", "1", "1"],
        ["2026-10", "1", "1"],
        ["2026-11", "2", "1"],
        ["Total", "4", "3"],
    ]


def test_fines_table_and_total(town_a_page):
    rows = table(town_a_page, "fines-table")
    assert rows[1:] == [
        ["2026-09", "1", "1", "10,000"],
        ["2026-10", "1", "1", "5,000"],
        ["2026-11", "2", "1", "22,000"],
        ["Total", "4", "2", "37,000"],
    ]
    assert town_a_page.select_one(".dash-total").get_text(strip=True) == (
        "37,000 yuan in 4 penalties against 2 units."
    )


def test_findings_table_names_the_items(town_a_page):
    rows = table(town_a_page, "findings-table")
    assert [r[0].split()[0] for r in rows[1:-1]] == ["PU-4", "PU-6", "TI-2", "—"]
    assert rows[1][1:] == ["2", "2"]
    assert "sign-in" in rows[1][0].lower()  # the item's text from the catalog
    kinds = [k.get_text(strip=True) for k in town_a_page.select("#findings-table .dash-kind")]
    unit, school = "Production unit", "Training institution"
    assert kinds == [unit, unit, school, unit]
    assert rows[-1] == ["Total", "5", ""]
    bars = town_a_page.select("#findings svg rect.chart-s-warn")
    assert len(bars) == 4


def test_overdue_orders_link_to_their_case(town_a_page, data):
    items = town_a_page.select("#overdue-list li")
    assert len(items) == 2
    assert "52 days overdue" in items[0].get_text(" ", strip=True)
    assert items[0].a["href"] == f"/inspections/{data.a1.id}/findings#order-{data.overdue_a1.id}"
    assert "1 days overdue" in items[1].get_text(" ", strip=True)


def test_all_overdue_orders_are_counted_and_the_oldest_listed(
    data, world, login, english, fixed_today, monkeypatch
):
    monkeypatch.setattr(queries, "OVERDUE_SHOWN", 1)
    login(world.county_supervisor)
    page = parse(english.get("/dashboard", query_string=PERIOD))
    tile = page.select_one("a.tile[href='#overdue'] .tile-number").get_text(strip=True)
    assert tile == "3"
    items = page.select("#overdue-list li")
    assert len(items) == 1 and "52 days overdue" in items[0].get_text(" ", strip=True)
    link = page.select_one("#overdue-all")
    assert link["href"] == f"/inspections/?overdue=1&region={world.county.id}"
    more = page.select_one("#overdue-more").get_text(" ", strip=True)
    assert more.startswith("The 1 oldest of 3 are shown.")


def test_a_capped_overdue_count_says_more(data, world, login, english, fixed_today, monkeypatch):
    monkeypatch.setattr(queries, "OVERDUE_COUNT_CAP", 2)
    monkeypatch.setattr(queries, "OVERDUE_SHOWN", 1)
    login(world.county_supervisor)
    page = parse(english.get("/dashboard", query_string=PERIOD))
    tile = page.select_one("a.tile[href='#overdue'] .tile-number").get_text(strip=True)
    assert tile == "2+"
    more = page.select_one("#overdue-more").get_text(" ", strip=True)
    assert more.startswith("The 1 oldest of 2+ are shown.")


def test_all_overdue_orders_shown_need_no_link(town_a_page):
    assert town_a_page.select_one("#overdue-all") is None


def test_typical_cases_in_scope(town_a_page, data):
    links = [a["href"] for a in town_a_page.select("#typical a")]
    assert f"/inspections/{data.a1.id}" in links
    assert f"/inspections/{data.b1.id}" not in links


def test_tiles_and_no_quiz_section_without_quizzes(town_a_page):
    numbers = [t.get_text(strip=True) for t in town_a_page.select(".dash-tiles .tile-number")]
    assert numbers == ["3", "5", "37,000", "0", "0", "2"]  # referrals, exam sites, overdue
    assert town_a_page.select_one("#quizzes") is None


def test_county_picks_a_town(data, world, login, english, fixed_today):
    login(world.county_supervisor)
    whole = parse(english.get("/dashboard", query_string=PERIOD))
    assert table(whole, "fines-table")[-1] == ["Total", "5", "3", "87,000"]
    options = [o.get_text(strip=True) for o in whole.select("#region option")]
    assert options == ["County", "Town A", "Town B"]
    town_b = parse(english.get("/dashboard", query_string={**PERIOD, "region": world.town_b.id}))
    assert table(town_b, "fines-table")[-1] == ["Total", "1", "1", "50,000"]
    assert town_b.select_one("#region option[selected]").get_text(strip=True) == "Town B"
    assert [r[0] for r in table(town_b, "cases-table")[1:-1]] == ["2026-09", "2026-10", "2026-11"]


def test_default_period_is_the_last_twelve_months(data, world, login, english, fixed_today):
    login(world.admin)
    page = parse(english.get("/dashboard"))
    months = [r[0] for r in table(page, "cases-table")[1:-1]]
    assert months[0] == "2025-12" and months[-1] == "2026-11" and len(months) == 12
    assert page.select_one("#start")["value"] == "2025-12"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-13"}, "Enter a month as YYYY-MM."),
        ({"start": "2026-11", "end": "2026-09"}, "The period must end after it starts."),
        ({"start": "2020-01", "end": "2026-11"}, "Choose at most 36 months."),
        ({"end": "<script>alert(1)</script>"}, "Enter a month as YYYY-MM."),
    ],
)
def test_bad_periods_are_explained(data, world, login, english, fixed_today, query, message):
    login(world.supervisor_a)
    response = english.get("/dashboard", query_string=query)
    assert response.status_code == 422
    page = parse(response)
    assert message in page.select_one(".error-summary").get_text(" ", strip=True)
    assert all(s.get("src", "").startswith("/static/") for s in page.find_all("script"))
    assert len(table(page, "cases-table")) == 14  # the default twelve months are shown


def test_home_links_supervisors_to_the_dashboard(world, client_request, login):
    login(world.supervisor_a)
    page = client_request.get("/")
    assert page.select_one("a.tile-dashboard")["href"] == "/dashboard"


def test_home_of_an_inspector_has_no_dashboard_link(world, client_request, login):
    login(world.inspector_a)
    assert client_request.get("/").select_one("a.tile-dashboard") is None
