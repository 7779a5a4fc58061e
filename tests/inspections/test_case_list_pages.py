"""The case list pages by cursor: newest first, ties broken by id, no row shown twice or
skipped, a count that stops at the cap, and a bad cursor answered with the first page."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from inspect_app import paging
from inspect_app.extensions import db
from inspect_app.findings.models import RectificationOrder
from inspect_app.inspections.models import Inspection

START = datetime(2026, 10, 1, 1, 0, tzinfo=UTC)
TODAY = date(2026, 12, 1)


def _cases(world, count: int) -> list[int]:
    """Cases in town A, three to a start time, so most pages end inside a tie."""
    ids = []
    for n in range(count):
        case = Inspection(
            subject_id=world.subject_a.id,
            region_id=world.town_a.id,
            campaign="training-formality-2021",
            catalog_version=1,
            status="draft",
            started_at=START + timedelta(hours=n // 3),
            place="现场",
            representative_name="代表人",
            representative_position="主要负责人",
            created_by_id=world.inspector_a.id,
        )
        db.session.add(case)
        db.session.flush()
        ids.append(case.id)
    db.session.commit()
    return ids


def _newest_first(world, ids: list[int]) -> list[int]:
    cases = [db.session.get(Inspection, i) for i in ids]
    cases.append(world.inspection_b)
    return [c.id for c in sorted(cases, key=lambda c: (c.started_at, c.id), reverse=True)]


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


def _shown(page) -> list[int]:
    links = page.select("ul.list a[href^='/inspections/']")
    return [int(a["href"].rsplit("/", 1)[1]) for a in links]


def test_pages_follow_the_order_without_gaps_or_repeats(world, login, client_request):
    ids = _cases(world, 44)
    login(world.county_supervisor)
    seen, url, pages = [], "/inspections/", 0
    while url:
        page = client_request.get(url)
        seen += _shown(page)
        older = page.select_one("nav.pager a[rel=next]")
        url = older["href"] if older else None
        pages += 1
    assert pages == 3
    assert seen == _newest_first(world, ids)


def test_the_first_page_counts_and_links_on(world, login, client_request):
    _cases(world, 21)
    login(world.county_supervisor)
    page = client_request.get("/inspections/")
    assert page.select_one("p.muted[role=status]").get_text(strip=True) == "22 found"
    assert len(_shown(page)) == 20
    assert page.select_one("nav.pager a[rel=next]") is not None
    assert not [a for a in page.select("nav.pager a") if a.get("rel") != ["next"]]


def test_the_count_stops_at_the_cap(world, login, client_request, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    _cases(world, 6)
    login(world.county_supervisor)
    page = client_request.get("/inspections/")
    assert page.select_one("p.muted[role=status]").get_text(strip=True) == "More than 5 found"


def test_filters_are_kept_on_the_next_page(world, login, client_request):
    _cases(world, 25)
    login(world.county_supervisor)
    page = client_request.get("/inspections/?status=draft&month=2026-10")
    older = page.select_one("nav.pager a[rel=next]")["href"]
    assert "status=draft" in older and "month=2026-10" in older
    second = client_request.get(older)
    assert len(_shown(second)) == 5
    assert second.select_one("nav.pager a")["href"].startswith("/inspections/?")


@pytest.mark.parametrize(
    "cursor",
    ["abc", "1-", "-1", "12345678901234567-1", "1-1234567890123456", "1.5-2", "１-２", "%00"],
)
def test_a_bad_cursor_gives_the_first_page_and_says_so(world, login, client_request, cursor):
    ids = _cases(world, 3)
    login(world.county_supervisor)
    page = client_request.get("/inspections/", query_string={"after": cursor})
    assert _shown(page) == _newest_first(world, ids)
    assert "not valid" in page.select_one(".flashes [role=alert]").get_text()


def test_a_cursor_past_the_end_gives_an_empty_page(world, login, client_request):
    _cases(world, 3)
    login(world.county_supervisor)
    page = client_request.get("/inspections/", query_string={"after": "0-0"})
    assert _shown(page) == []
    assert page.select_one("nav.pager a")["href"].startswith("/inspections/")


def test_a_supervisor_narrows_the_list_to_a_town(world, login, client_request):
    ids = _cases(world, 3)
    login(world.county_supervisor)
    whole = client_request.get("/inspections/")
    options = [o.get_text(strip=True) for o in whole.select("#region option")]
    assert options == ["All regions", world.county.name, "Town A", "Town B"]
    town_b = client_request.get("/inspections/", query_string={"region": world.town_b.id})
    assert _shown(town_b) == [world.inspection_b.id]
    assert town_b.select_one("#region option[selected]")["value"] == str(world.town_b.id)
    town_a = client_request.get("/inspections/", query_string={"region": world.town_a.id})
    assert _shown(town_a) == [i for i in _newest_first(world, ids) if i in ids]
    county = client_request.get("/inspections/", query_string={"region": world.county.id})
    assert _shown(county) == _newest_first(world, ids)


def test_the_region_is_kept_on_the_next_page(world, login, client_request):
    _cases(world, 25)
    login(world.county_supervisor)
    page = client_request.get("/inspections/", query_string={"region": world.town_a.id})
    older = page.select_one("nav.pager a[rel=next]")["href"]
    assert f"region={world.town_a.id}" in older
    assert world.inspection_b.id not in _shown(client_request.get(older))


@pytest.mark.parametrize("region", ["town_b", "county", "99999999999999999999", "-1", "１", "x"])
def test_a_region_out_of_scope_or_malformed_is_dropped(world, login, client_request, region):
    ids = _cases(world, 2)
    login(world.inspector_a)
    value = str(getattr(world, region).id) if hasattr(world, region) else region
    page = client_request.get("/inspections/", query_string={"region": value})
    assert _shown(page) == [i for i in _newest_first(world, ids) if i in ids]
    assert page.select_one("#region") is None  # one region in scope: nothing to pick


def _order(world, case_id: int, deadline: date, status: str = "open") -> None:
    db.session.add(
        RectificationOrder(
            inspection_id=case_id,
            requirement="整改",
            client_key=f"k-{case_id}-{deadline}-{status}",
            deadline=deadline,
            status=status,
            created_by_id=world.inspector_a.id,
        )
    )


def _overdue_world(world, clock) -> list[int]:
    """23 issued cases with overdue orders (one of them two), and cases that must not show:
    a draft's order, a rectified order, a deadline still ahead, one due today."""
    clock.set_today(TODAY)
    ids = _cases(world, 27)
    for case_id in ids:
        db.session.get(Inspection, case_id).status = "rectifying"
    listed, hidden = ids[:23], ids[23:]
    for n, case_id in enumerate(listed):
        _order(world, case_id, TODAY - timedelta(days=40 - (n % 7)))  # ties on a deadline
    _order(world, listed[5], TODAY - timedelta(days=90))  # its most overdue order counts
    _order(world, listed[5], TODAY - timedelta(days=1))
    db.session.get(Inspection, hidden[0]).status = "draft"
    _order(world, hidden[0], TODAY - timedelta(days=60))
    _order(world, hidden[1], TODAY - timedelta(days=60), status="rectified")
    _order(world, hidden[2], TODAY + timedelta(days=3))
    _order(world, hidden[3], TODAY)  # due today: not yet overdue
    db.session.commit()
    return listed


def _most_overdue_first(listed: list[int]) -> list[int]:
    def first_deadline(case_id):
        orders = db.session.scalars(
            select(RectificationOrder).where(RectificationOrder.inspection_id == case_id)
        )
        return min((o.deadline, o.id) for o in orders)

    return sorted(listed, key=first_deadline)


def test_overdue_cases_page_most_overdue_first_each_once(world, login, client_request, clock):
    listed = _overdue_world(world, clock)
    login(world.county_supervisor)
    page = client_request.get("/inspections/?overdue=1")
    assert page.select_one("p.muted[role=status]").get_text(" ", strip=True).startswith("23 found")
    assert page.select_one("#overdue-order") is not None
    seen = _shown(page)
    older = page.select_one("nav.pager a[rel=next]")["href"]
    assert "overdue=1" in older
    second = client_request.get(older)
    seen += _shown(second)
    assert second.select_one("nav.pager a[rel=next]") is None
    assert seen == _most_overdue_first(listed)
    assert seen[0] == listed[5]
    first = page.select_one("ul.list li")
    assert first.select_one(".badge-expired").get_text(strip=True) == "90 days overdue"


def test_only_the_overdue_list_shows_days_overdue(world, login, client_request, clock):
    _overdue_world(world, clock)
    login(world.county_supervisor)
    assert client_request.get("/inspections/").select(".badge-expired") == []


def test_other_filters_narrow_the_overdue_list(world, login, client_request, clock):
    listed = _overdue_world(world, clock)
    db.session.get(Inspection, listed[0]).status = "issued"
    db.session.commit()
    login(world.county_supervisor)
    page = client_request.get("/inspections/?overdue=1&status=issued")
    assert _shown(page) == [listed[0]]
    page = client_request.get(f"/inspections/?overdue=1&region={world.town_b.id}")
    assert _shown(page) == []


@pytest.mark.parametrize("cursor", ["2026-02-30_4", "2026-11-01-4", "1-1", "%00", "2026-1-01_3"])
def test_a_bad_overdue_cursor_gives_the_first_page(world, login, client_request, clock, cursor):
    listed = _overdue_world(world, clock)
    login(world.county_supervisor)
    page = client_request.get("/inspections/", query_string={"overdue": "1", "after": cursor})
    assert _shown(page) == _most_overdue_first(listed)[:20]
    assert "not valid" in page.select_one(".flashes [role=alert]").get_text()
