"""Every operation of the description answers as described: the documented status and a body
that matches the documented schema, on the happy path."""

import json

import jsonschema_rs
import pytest

from tests.api.spec import fill, operations, response_schema

KEYS = iter(range(10**6))
GOOD_USCC = "914403001922038216"


def _writes(today: str) -> dict:
    """A valid body for each write, by (method, path); new writes must add one here."""
    return {
        ("post", "/api/v1/subjects"): {
            "kind": "production_unit",
            "name": "新单位",
            "uscc": GOOD_USCC,
            "region_id": "{region_id}",
        },
        ("patch", "/api/v1/subjects/{subject_id}"): {"address": "新地址", "version": 1},
        ("post", "/api/v1/subjects/{subject_id}/people"): {
            "name": "王五",
            "position": "safety_manager",
        },
        ("patch", "/api/v1/people/{person_id}"): {"phone": "0513-1234567", "version": 1},
        ("post", "/api/v1/people/{person_id}/certificates"): {
            "kind": "welding",
            "number": "W-9",
            "issued_on": today,
        },
        ("patch", "/api/v1/certificates/{certificate_id}"): {"verified_on": today, "version": 1},
    }


def _check(spec, op, response, expected: int) -> None:
    assert response.status_code == expected, response.get_data(as_text=True)[:500]
    schema = response_schema(spec, op, expected)
    if schema is not None:
        jsonschema_rs.validator_for(schema).validate(response.get_json())


@pytest.fixture
def caller(api, world):
    return api(world.admin)


def test_every_read_answers_as_described(app, caller, town_objects):
    checked = 0
    for method, path, op in operations(app.spec):
        if method != "get":
            continue
        _check(app.spec, op, caller.get(fill(path, town_objects["A"])), 200)
        checked += 1
    assert checked >= 14


def test_every_write_answers_as_described(app, caller, world, town_objects, clock):
    bodies = _writes(clock.today().isoformat())
    writes = [(m, p, op) for m, p, op in operations(app.spec) if m != "get"]
    missing = [(m, p) for m, p, _op in writes if (m, p) not in bodies]
    assert not missing, f"add a valid body for {missing} to _writes()"
    for method, path, op in writes:
        body = json.loads(
            json.dumps(bodies[method, path]).replace('"{region_id}"', str(world.town_a.id))
        )
        expected = 201 if "201" in op["responses"] else 200
        url = fill(path, town_objects["A"])
        response = caller.open(
            url, method.upper(), headers={"Idempotency-Key": f"w{next(KEYS)}"}, json=body
        )
        _check(app.spec, op, response, expected)
        if expected == 201:
            assert response.headers["Location"]
