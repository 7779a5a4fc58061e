"""The question bank list pages by cursor, by code: every question once and in order, filters
and search kept on the next page, a bad cursor answered with the first page, and as many
statements for a later page as for the first."""

import pytest

from inspect_app import paging
from inspect_app.extensions import db
from inspect_app.quizzes import bank
from inspect_app.quizzes.bank_list import question_query
from tests.querycount import count_statements

BASE = "/admin/questions"


@pytest.fixture(autouse=True)
def starter(app, client):
    client.set_cookie("lang", "en")
    bank.load_starter_bank()
    db.session.commit()


def _codes(page) -> list[str]:
    return [a.get_text() for a in page.select(".list-item > a strong")]


def _walk(client_request, url: str) -> tuple[list[str], list[str]]:
    """Every code shown following the next-page links from `url`, and the URLs read."""
    seen, urls = [], []
    while url:
        page = client_request.get(url)
        seen += _codes(page)
        urls.append(url)
        following = page.select_one("nav.pager a[rel=next]")
        url = following["href"] if following else None
    return seen, urls


def test_pages_follow_the_order_without_gaps_or_repeats(world, login, client_request):
    login(world.admin)
    seen, urls = _walk(client_request, BASE)
    assert seen == [q.code for q in db.session.scalars(question_query())]
    assert len(urls) == -(-len(seen) // 20) and len(urls) > 2
    assert len(seen) == len(set(seen))


def test_filters_and_search_are_kept_on_the_next_page(world, login, client_request):
    login(world.admin)
    filters = {"topic": "fire", "status": "active"}
    topic_url = f"{BASE}?topic=fire&status=active"
    seen, urls = _walk(client_request, topic_url)
    assert seen == [q.code for q in db.session.scalars(question_query(**filters))]
    assert all("topic=fire" in url and "status=active" in url for url in urls)
    seen, _urls = _walk(client_request, f"{BASE}?q=Q-0")
    assert seen == [q.code for q in db.session.scalars(question_query(q="Q-0"))]


@pytest.mark.parametrize("cursor", ["abc", "1-2", "WyJRIiwiYiJd", "WyJRIl0", "_w", "%00"])
def test_a_bad_cursor_gives_the_first_page_and_says_so(world, login, client_request, cursor):
    login(world.admin)
    page = client_request.get(BASE, query_string={"after": cursor})
    assert _codes(page) == [q.code for q in db.session.scalars(question_query().limit(20))]
    assert "not valid" in page.select_one(".flashes [role=alert]").get_text()


def test_the_count_stops_at_the_cap(world, login, client_request, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    login(world.admin)
    page = client_request.get(BASE)
    assert page.select_one("p.muted[role=status]").get_text(strip=True) == "More than 5 found"


def test_later_pages_send_as_many_statements_as_the_first(world, login, client_request, client):
    login(world.admin)
    _seen, urls = _walk(client_request, BASE)
    counts = []
    for url in (urls[0], urls[-1]):
        with count_statements(db.engine) as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
