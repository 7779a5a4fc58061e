"""Out of scope answers 404 on every API operation with an object in its path, read or write,
for tokens of two towns. New operations are covered as they appear in the description."""

from inspect_app.extensions import db
from inspect_app.subjects.models import Subject
from tests.api.spec import CASE_PARTS, SCOPED, fill, operations, path_params

PROBLEM = "application/problem+json"


def test_every_operation_hides_the_other_town_s_objects(app, api, world, town_objects):
    names_before = {s.id: s.name for s in db.session.query(Subject)}
    checked = set()
    for user, other in (
        (world.inspector_a, "B"),
        (world.supervisor_a, "B"),
        (world.inspector_b, "A"),
    ):
        caller = api(user)
        for n, (method, path, _op) in enumerate(operations(app.spec)):
            url = fill(path, town_objects[other])  # fails loudly on an unmapped parameter
            if not set(path_params(path)) & set(SCOPED):
                continue
            headers = {"Idempotency-Key": f"scope-{user.id}-{n}"}
            response = caller.open(url, method.upper(), headers=headers, json={"name": "hijack"})
            assert response.status_code == 404, (user.username, method, path, response.status_code)
            assert response.mimetype == PROBLEM, (method, path)
            checked.add((method, path))
    assert len(checked) >= 10
    db.session.expire_all()
    assert {s.id: s.name for s in db.session.query(Subject)} == names_before


def test_a_case_s_parts_are_404_under_another_case(app, api, world, town_objects):
    """Town B's finding, order, penalty, attempt or person under town A's case: 404, as a
    missing one would be, for a caller who may see both cases."""
    caller = api(world.admin)
    checked = set()
    for n, (method, path, _op) in enumerate(operations(app.spec)):
        parts = [name for name in path_params(path) if name in CASE_PARTS]
        if "case_id" not in path_params(path) or not parts:
            continue
        mixed = {**town_objects["A"], **{name: town_objects["B"][name] for name in parts}}
        headers = {"Idempotency-Key": f"cross-{n}"}
        response = caller.open(fill(path, mixed), method.upper(), headers=headers, json={})
        assert response.status_code == 404, (method, path, response.status_code)
        assert response.mimetype == PROBLEM, (method, path)
        checked.add((method, path))
    assert len(checked) >= 5


def test_missing_objects_are_the_same_404(api, world):
    caller = api(world.admin)
    for url in (
        "/api/v1/subjects/999999",
        "/api/v1/people/999999",
        "/api/v1/cases/999999/audit",
        "/api/v1/cases/216089866940041461760",  # more than any key column holds
    ):
        response = caller.get(url)
        assert response.status_code == 404 and response.mimetype == PROBLEM, url
