"""Two phones autosave the same checklist item at the same instant: one wins, the other gets
409 with the current state; never a 500, on either database, on the page and in the API."""

import threading
import uuid

from flask import current_app

from inspect_app.api.services import create_token
from inspect_app.extensions import db
from inspect_app.inspections.models import ItemAnswer
from tests import factories
from tests.conftest import FreshContextClient

ROUNDS = 50


def _signed_in_client(app, user):
    client = FreshContextClient(app, app.response_class, use_cookies=True)
    data = {"username": user.username, "password": factories.PASSWORD}
    assert client.post("/login", data=data).status_code == 302
    return client


def _fire_together(sends):
    """Run each send() from its own thread, released by one barrier: (status, json) in order."""
    barrier = threading.Barrier(len(sends))
    results: list = [None] * len(sends)

    def run(index, app):
        with app.app_context():
            barrier.wait()
            try:
                response = sends[index]()
                results[index] = (response.status_code, response.get_json(silent=True))
            except Exception as error:  # the test client re-raises what would be a 500
                results[index] = (500, repr(error))

    threads = [
        threading.Thread(target=run, args=(i, current_app._get_current_object()))
        for i in range(len(sends))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _current(case_id, code):
    db.session.expire_all()
    return db.session.query(ItemAnswer).filter_by(inspection_id=case_id, item_code=code).first()


def _bodies(case_id, round_):
    code = f"PU-{1 + round_ % 6}"  # the first six rounds race to create, the rest to update
    existing = _current(case_id, code)
    version = existing.version if existing else None
    return code, [
        {"result": "compliant", "note": "", "version": version},
        {"result": "non_compliant", "note": f"round {round_}", "version": version},
    ]


def _race(case_id, send, rounds=ROUNDS):
    statuses = []
    for round_ in range(rounds):
        code, bodies = _bodies(case_id, round_)
        results = _fire_together([lambda i=i, c=code, b=bodies: send(i, c, b[i]) for i in range(2)])
        statuses += [status for status, _body in results]
        assert any(status == 200 for status, _body in results), results
        saved = _current(case_id, code)
        for status, body in results:
            if status == 409:  # the loser is told what is there now
                current = body["current"]
                assert (current["version"], current["result"], current["note"]) == (
                    saved.version,
                    saved.result,
                    saved.note,
                )
    return statuses


def test_same_instant_autosaves_answer_409_never_500(app, world):
    case = factories.make_inspection(world)
    second = factories.make_user(world.town_a, "inspector", "insp_a2")
    db.session.commit()
    clients = [_signed_in_client(app, world.inspector_a), _signed_in_client(app, second)]

    def send(i, code, body):
        return clients[i].post(f"/inspections/{case.id}/answers/{code}", json=body)

    statuses = _race(case.id, send)
    assert statuses.count(500) == 0
    assert set(statuses) <= {200, 409}


def test_same_instant_api_saves_answer_409_never_500(app, world):
    case = factories.make_inspection(world)
    second = factories.make_user(world.town_a, "inspector", "insp_a2")
    db.session.commit()
    tokens = [create_token(user, "race")[1] for user in (world.inspector_a, second)]
    db.session.commit()
    clients = [FreshContextClient(app, app.response_class) for _ in tokens]

    def send(i, code, body):
        headers = {"Authorization": f"Bearer {tokens[i]}", "Idempotency-Key": str(uuid.uuid4())}
        url = f"/api/v1/cases/{case.id}/items/{code}"
        return clients[i].put(url, json={**body, "reason": None}, headers=headers)

    statuses = _race(case.id, send, rounds=20)
    assert statuses.count(500) == 0
    assert set(statuses) <= {200, 409}
