"""People with certificate problems: the home's first few and capped count, and the full list
by unit name, a page at a time, read from the database a batch at a time."""

from datetime import date

import pytest

from inspect_app.extensions import db
from inspect_app.main import services
from inspect_app.subjects import queries
from tests import factories

DAY = date(2026, 11, 20)


def _expired(subject, name: str):
    person = factories.make_person(subject, name=name)
    factories.make_certificate(person, issued_on=date(2015, 1, 1), expires_on=date(2021, 1, 1))
    return person


def _valid(subject, name: str):
    person = factories.make_person(subject, name=name)
    factories.make_certificate(person, issued_on=date(2025, 1, 1), expires_on=date(2031, 1, 1))
    return person


@pytest.fixture
def people(world):
    """Seven people with an expired certificate and three without a problem in town A, over
    units of which two share a name (the id breaks the tie), and one in town B."""
    town = world.town_a
    units = [factories.make_subject(town, name=n) for n in ("乙厂", "甲厂", "甲厂", "丙厂")]
    flagged = [
        _expired(units[0], "一"),
        _expired(units[1], "二"),
        _valid(units[1], "三"),
        _expired(units[2], "四"),
        _expired(units[2], "五"),
        _valid(units[3], "六"),
        _expired(units[3], "七"),
        _expired(units[0], "八"),
        _valid(units[2], "九"),
        _expired(units[1], "十"),
    ]
    _expired(world.subject_b, "别镇")
    db.session.commit()
    problems = [p for p in flagged if p.problems_on(DAY)]
    return sorted(problems, key=lambda p: (p.subject.name, p.id))


def _ids(items) -> list[int]:
    return [item.person_id for item in items]


@pytest.mark.parametrize("batch", [1, 2, 3, 64])
def test_the_summary_lists_the_first_by_unit_name_and_counts_to_the_cap(
    world, people, monkeypatch, batch
):
    monkeypatch.setattr(queries, "CANDIDATE_BATCH", batch)
    town = [world.town_a.id]
    summary = queries.problem_summary(town, DAY, listed=3, cap=5)
    assert _ids(summary.people) == [p.id for p in people[:3]]
    assert (summary.count, summary.capped) == (5, True)
    whole = queries.problem_summary(town, DAY, listed=20, cap=20)
    assert _ids(whole.people) == [p.id for p in people]
    assert (whole.count, whole.capped) == (7, False)


@pytest.mark.parametrize("batch", [1, 2, 64])
def test_pages_follow_the_order_without_gaps_or_repeats(world, people, monkeypatch, batch):
    monkeypatch.setattr(queries, "CANDIDATE_BATCH", batch)
    seen, cursor, pages = [], "", 0
    while True:
        page = queries.problem_page([world.town_a.id], cursor, DAY, size=2)
        assert page.first == (cursor == "") and not page.refused_cursor
        seen += _ids(page.people)
        pages += 1
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == [p.id for p in people]
    assert pages == 4


@pytest.fixture
def english(client):
    client.set_cookie("lang", "en")


def test_the_list_page_is_scoped_and_pages_on(world, people, login, client_request, english):
    login(world.inspector_a)
    first = client_request.get("/subjects/certificate-problems")
    names = [s.get_text() for s in first.select(".problem-people strong")]
    assert names == [p.name for p in people] and "别镇" not in names


def test_the_county_sees_every_town(world, people, login, client_request, english):
    login(world.county_supervisor)
    county = client_request.get("/subjects/certificate-problems")
    assert "别镇" in [s.get_text() for s in county.select(".problem-people strong")]


def test_the_list_page_answers_a_bad_cursor_with_the_first_page(
    world, people, login, client_request, english
):
    login(world.inspector_a)
    page = client_request.get("/subjects/certificate-problems", query_string={"after": "%00x"})
    assert len(page.select(".problem-people li")) == len(people)
    assert "not valid" in page.select_one(".flashes [role=alert]").get_text()


def _home_with_17_problems(world, login, client_request):
    unit = factories.make_subject(world.town_a, name="大厂")
    for n in range(17):
        _expired(unit, f"P{n:02d}")
    db.session.commit()
    login(world.inspector_a)
    home = client_request.get("/")
    tile = home.select_one("a.tile[href='#problems'] .tile-number").get_text(strip=True)
    return home, tile


def test_the_home_counts_them_all_and_links_to_the_list(world, login, client_request, english):
    home, tile = _home_with_17_problems(world, login, client_request)
    assert tile == "17"
    assert len(home.select("#problems + .list .list-item")) == 15
    more = home.select_one("#problems-more")
    assert more.get_text(" ", strip=True).startswith("And 2 more.")
    assert more.a["href"] == "/subjects/certificate-problems"


def test_the_home_says_more_when_the_count_is_capped(
    world, login, client_request, english, monkeypatch
):
    monkeypatch.setattr(services, "PROBLEMS_COUNTED", 16)
    home, tile = _home_with_17_problems(world, login, client_request)
    assert tile == "16+"
    more = home.select_one("#problems-more").get_text(" ", strip=True)
    assert more.startswith("And 1+ more.")
