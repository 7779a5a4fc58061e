"""The subject register pages by cursor, A-Z: every subject once and in order, ties on a name
broken by id, filters kept, a bad cursor answered with the first page, and as many statements
for page 3 as for page 1."""

import pytest

from inspect_app import paging
from inspect_app.extensions import db
from inspect_app.subjects.queries import subject_query
from tests import factories
from tests.querycount import count_statements

NAMES = ("甲 Unit", "Unit 100%", "Unit_1", "Unit's", "unit b", "Ünit", "Z 工厂")


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


def _subjects(world, count: int, region=None, **fields) -> None:
    """Subjects sharing a few awkward names, so most pages end inside a tie."""
    for n in range(count):
        factories.make_subject(region or world.town_a, name=NAMES[n % len(NAMES)], **fields)
    db.session.commit()


def _in_order(region_ids, **filters) -> list[int]:
    return [s.id for s in db.session.scalars(subject_query(region_ids, **filters))]


def _shown(page) -> list[int]:
    links = page.select("ul.list a[href^='/subjects/']")
    return [int(a["href"].rstrip("/").rsplit("/", 1)[1]) for a in links]


def _walk(client_request, url: str) -> tuple[list[int], list]:
    """Every subject shown following the next-page links from `url`, and the pages read."""
    seen, pages = [], []
    while url:
        page = client_request.get(url)
        page.url = url
        seen += _shown(page)
        pages.append(page)
        following = page.select_one("nav.pager a[rel=next]")
        url = following["href"] if following else None
    return seen, pages


def test_pages_follow_the_order_without_gaps_or_repeats(world, login, client_request):
    _subjects(world, 30)
    _subjects(world, 15, region=world.town_b)
    login(world.county_supervisor)
    seen, pages = _walk(client_request, "/subjects/")
    assert len(pages) == 3
    assert seen == _in_order([world.county.id, world.town_a.id, world.town_b.id])
    assert len(seen) == len(set(seen))
    status = pages[0].select_one("p.muted[role=status]").get_text(strip=True)
    assert status == f"{len(seen)} found"
    assert pages[1].select_one("nav.pager a")["href"].startswith("/subjects/?")


def test_search_and_kind_are_kept_on_the_next_page(world, login, client_request):
    _subjects(world, 35, kind="exam_site")
    _subjects(world, 10)
    login(world.inspector_a)
    seen, pages = _walk(client_request, "/subjects/?kind=exam_site&q=unit")
    following = pages[0].select_one("nav.pager a[rel=next]")["href"]
    assert "kind=exam_site" in following and "q=unit" in following
    assert seen == _in_order([world.town_a.id], q="unit", kind="exam_site")
    assert 20 < len(seen) < 35


def test_the_count_stops_at_the_cap(world, login, client_request, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    _subjects(world, 6)
    login(world.inspector_a)
    page = client_request.get("/subjects/")
    assert page.select_one("p.muted[role=status]").get_text(strip=True) == "More than 5 found"


@pytest.mark.parametrize(
    "cursor",
    [
        "abc",
        "1-2",
        "%00",
        "WyJhIiwiYiJd",  # ["a","b"]
        "WyJhIiwtMV0",  # ["a",-1]
        "WyJhIiwxLjVd",  # ["a",1.5]
        "WyJhIl0",  # ["a"]
        "eyJhIjoxfQ",  # {"a":1}
        "_w",  # not UTF-8
        "A" * 1500,
    ],
)
def test_a_bad_cursor_gives_the_first_page_and_says_so(world, login, client_request, cursor):
    _subjects(world, 3)
    login(world.inspector_a)
    page = client_request.get("/subjects/", query_string={"after": cursor})
    assert _shown(page) == _in_order([world.town_a.id])[:20]
    assert "not valid" in page.select_one(".flashes [role=alert]").get_text()


def test_a_forged_cursor_past_the_end_gives_an_empty_page(world, login, client_request):
    _subjects(world, 3)
    login(world.inspector_a)
    after = paging.encode_text_cursor("\uffff" * 3, 0)
    page = client_request.get("/subjects/", query_string={"after": after})
    assert _shown(page) == []
    assert page.select_one("nav.pager a")["href"].startswith("/subjects/?")


def test_later_pages_send_as_many_statements_as_the_first(world, login, client_request, client):
    _subjects(world, 50, kind="exam_site")
    login(world.inspector_a)
    _seen, pages = _walk(client_request, "/subjects/")
    assert len(pages) == 3
    counts = []
    for url in ("/subjects/", pages[2].url):
        with count_statements(db.engine) as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
