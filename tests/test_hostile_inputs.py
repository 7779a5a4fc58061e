"""Every route in the URL map, fed hostile path ids and query values, never answers 500.

Signed in as each role and anonymous, on the seeded demo data: year 0 and 9999, huge, zero and
negative numbers, SQL quotes, very long strings and NUL bytes in every query parameter the app
reads, and in every path argument.
"""

import re
from urllib.parse import quote, urlencode

import pytest

from inspect_app.api.services import create_token
from inspect_app.demo import DEMO_PASSWORD, demo_users
from inspect_app.extensions import db

HUGE = "99999999999999999999"
VALUES = [
    "0000-01",
    "9999-12",
    "0",
    "9999",
    HUGE,
    "-1",
    "2026-13-45",
    "' OR '1'='1' --",
    "x" * 3000,
    "a\x00b",
]
PAGES = {"text/html", "application/json", "application/problem+json"}
# Every query parameter some page, list or API endpoint reads.
PARAMS = [
    "month", "year", "page", "per_page", "limit", "cursor", "q", "status", "kind", "town",
    "region", "region_id", "topic", "item", "from", "to", "start", "end", "period", "date",
    "finding", "overdue", "inspection_id", "attempt_id", "subject_id", "next", "sort", "order",
    "campaign", "industry", "risk", "code", "version", "lang",
]  # fmt: skip
# Path arguments: ints get 0 and ids beyond every integer column; other arguments get a quote,
# a very long string and a NUL byte.
PATH_INTS = ["0", HUGE, str(2**63)]
PATH_TEXTS = ["' OR 1=1 --", "x" * 3000, "a\x00b"]


def _rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint != "static"]


def _path(rule, number: str, text: str) -> str:
    """The rule's path with each argument replaced by a hostile number or text."""
    path = rule.rule
    for match in re.finditer(r"<(?:([a-z]+)(?:\([^)]*\))?:)?([a-z_]+)>", rule.rule):
        value = number if match.group(1) == "int" else text
        path = path.replace(match.group(0), quote(value, safe=""))
    return path


def _path_requests(rule):
    """Hostile path arguments, with every method the rule takes."""
    if not rule.arguments:
        return
    for number, text in [*zip(PATH_INTS, PATH_TEXTS, strict=True), ("-1", "x")]:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, _path(rule, number, text)


def _open(client, failures: list[str], method: str, url: str):
    try:
        response = client.open(url, method=method)
    except Exception as error:
        failures.append(f"{type(error).__name__}: {error} — {method} {url[:120]}")
        return None
    if response.status_code >= 500:
        failures.append(f"{response.status_code} {method} {url[:120]}")
    return response


def _walk(client) -> list[str]:
    failures: list[str] = []
    for rule in _rules(client.application):
        if "GET" in rule.methods:
            base = rule.build(dict.fromkeys(rule.arguments, 1), append_unknown=False)[1]
            for value in VALUES:
                response = _open(
                    client, failures, "GET", base + "?" + urlencode(dict.fromkeys(PARAMS, value))
                )
                if response is not None and response.mimetype not in PAGES:
                    break  # a file download (PDF, ZIP…) reads no query: one try is enough
        for method, url in _path_requests(rule):
            _open(client, failures, method, url)
    return failures


@pytest.fixture
def demo_accounts(demo_app):
    return {user.role: user.username for user in demo_users()}


@pytest.mark.walker
@pytest.mark.parametrize("role", ["anonymous", "inspector", "supervisor", "admin"])
def test_no_route_answers_500_to_hostile_values(demo_client, demo_accounts, role):
    if role != "anonymous":
        response = demo_client.post(
            "/login", data={"username": demo_accounts[role], "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302
        # The same role's API token, so the JSON API's query parsing is walked too.
        user = next(u for u in demo_users() if u.username == demo_accounts[role])
        _token, plain = create_token(user, "walker")
        db.session.commit()
        demo_client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {plain}"
    failures = _walk(demo_client)
    db.session.rollback()
    assert failures == [], "\n".join(failures)
