"""No page sends more SQL statements for more rows: each main page is counted on the demo data,
then again after 30 more cases (with subjects, findings, orders, penalties), more tips and more
findings on the case shown; the count must stay the same and under the page's bound."""

import pytest
from sqlalchemy import select

from inspect_app.demo import DEMO_PASSWORD
from inspect_app.extensions import db
from inspect_app.penalties.models import Penalty
from tests.querycount import count_statements
from tests.requests.growth import grow

# The most statements each page may send, sign-in and layout (inbox badge, menus) included.
BOUNDS = {
    "/": 26,
    "/inspections/": 16,
    "/subjects/": 18,
    "/dashboard": 28,
    "/reports/form3": 24,
    "/plans/": 18,
    "/tasks/": 18,
    "/tips/": 18,
    "/inbox/": 24,
    "{case}": 30,
    "{case}/checklist": 24,
    "{case}/photos": 24,
    "{case}/certificates": 32,
    "{case}/findings": 56,
    "{case}/penalties": 24,
    "{case}/quizzes": 32,
    "{case}/signatures": 26,
}
USERS = ("zhang.wei", "zhou.min", "chen.jie")  # inspector, town supervisor, county supervisor
SUPERVISORS_ONLY = {"/dashboard", "/reports/form3"}


def _counts(client, case_id: int, username: str) -> dict[str, tuple[int, str]]:
    counts = {}
    for page in BOUNDS:
        if page in SUPERVISORS_ONLY and username == USERS[0]:
            continue
        url = page.replace("{case}", f"/inspections/{case_id}")
        with client.session_transaction() as cookie:
            cookie.pop("inbox_unread", None)  # each page counts the header's entries itself
        with count_statements(db.engine) as statements:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[page] = (len(statements), statements.report())
    return counts


@pytest.mark.parametrize("username", USERS)
def test_pages_send_as_many_statements_for_more_rows(demo_client, username):
    response = demo_client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    case_id = db.session.scalar(select(Penalty.inspection_id).order_by(Penalty.id).limit(1))
    before = _counts(demo_client, case_id, username)
    grow(30, case_id)
    after = _counts(demo_client, case_id, username)
    grown = {page: (before[page][0], n) for page, (n, _) in after.items() if n != before[page][0]}
    assert not grown, "\n\n".join(
        f"{page}: {before[page][0]} -> {after[page][0]}\n{after[page][1]}" for page in grown
    )
    over = {page: n for page, (n, _) in after.items() if n > BOUNDS[page]}
    assert not over, {page: (n, BOUNDS[page], after[page][1]) for page, n in over.items()}
