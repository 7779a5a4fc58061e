"""One JSON line per request: request id (honoured and echoed), user id, method, route
template, status, duration; no address, query string or personal data."""

import json
import logging

import pytest

LOGGER = "inspect_app.requests"


@pytest.fixture
def lines(caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)

    def read() -> list[dict]:
        return [json.loads(r.getMessage()) for r in caplog.records if r.name == LOGGER]

    return read


def test_a_page_gets_one_line_with_the_route_not_the_address(client, world, login, lines):
    login(world.inspector_a)
    before = len(lines())
    response = client.get("/subjects/?q=" + world.subject_a.name, headers={"X-Request-ID": "r-1"})
    assert response.headers["X-Request-ID"] == "r-1"
    [line] = lines()[before:]
    assert set(line) == {
        "time", "request_id", "user_id", "method", "route", "status", "duration_ms"
    }  # fmt: skip
    assert line["request_id"] == "r-1"
    assert line["user_id"] == world.inspector_a.id
    assert (line["method"], line["route"], line["status"]) == ("GET", "/subjects/", 200)
    assert line["duration_ms"] >= 0
    assert line["time"].endswith("Z")
    assert world.subject_a.name not in json.dumps(line, ensure_ascii=False)


def test_ids_are_made_up_when_missing_or_unusable(client, lines):
    first = client.get("/healthz")
    second = client.get("/healthz", headers={"X-Request-ID": "bad id; " + "x" * 300})
    ids = [first.headers["X-Request-ID"], second.headers["X-Request-ID"]]
    assert all(len(value) == 32 for value in ids) and ids[0] != ids[1]
    assert [line["request_id"] for line in lines()] == ids
    assert {line["user_id"] for line in lines()} == {None}


def test_tokens_in_addresses_and_errors_are_not_logged(client, lines):
    client.get("/q/secret-token-123")
    client.get("/no/such/page?phone=13800000000")
    routes = [(line["route"], line["status"]) for line in lines()]
    assert routes == [("/q/<token>", 404), (None, 404)]
    assert "secret-token" not in str(lines()) and "1380" not in str(lines())


def test_static_files_are_logged_without_a_user(client, world, login, lines):
    login(world.inspector_a)
    client.get("/static/css/app.css")
    line = lines()[-1]
    assert (line["route"], line["user_id"], line["status"]) == (
        "/static/<path:filename>",
        None,
        200,
    )
