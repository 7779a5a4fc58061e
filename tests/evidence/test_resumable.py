"""A photo sent in parts resumes after a dropped connection from the bytes already held, and is
stored as if it had been sent whole; the single-request upload still works beside it."""

import hashlib
import os
from datetime import timedelta

from inspect_app import clock as app_clock
from inspect_app.demo.media import jpeg
from inspect_app.evidence.resumable import sweep_abandoned_parts
from inspect_app.jobs.queue import queue
from inspect_app.storage import scratch_dir
from tests.evidence.conftest import JSON, only_photo, photo_count

KEY = "resume-key-0001"


def _part(client, case, data: bytes, first: int, last: int, key: str = KEY):
    return client.put(
        f"/inspections/{case.id}/photos/parts/{key}",
        data=data[first : last + 1],
        headers={"Content-Range": f"bytes {first}-{last}/{len(data)}"},
    )


def _finish(client, case, key: str = KEY, **fields):
    form = {"kind": "site", "caption": "续传", "item_code": "", "idempotency_key": key}
    form["from_parts"] = "1"
    return client.post(f"/inspections/{case.id}/photos", data={**form, **fields}, headers=JSON)


def test_a_dropped_upload_resumes_from_the_bytes_held(client, world, login, case):
    login(world.inspector_a)
    data = jpeg(seed=7, size=(400, 300))
    third = len(data) // 3
    assert _part(client, case, data, 0, third - 1).get_json()["offset"] == third
    # The connection dropped mid-way through the second part: the phone asks where to go on.
    held = client.get(f"/inspections/{case.id}/photos/parts/{KEY}").get_json()
    assert (held["offset"], held["total"]) == (third, len(data))
    answer = _part(client, case, data, third, len(data) - 1)
    assert answer.status_code == 200 and answer.get_json()["offset"] == len(data)
    response = _finish(client, case)
    assert response.status_code == 201, response.get_json()
    photo = only_photo()
    assert photo.sha256 == hashlib.sha256(data).hexdigest() and photo.caption == "续传"
    assert photo.idempotency_key == KEY
    assert client.get(f"/inspections/{case.id}/photos/parts/{KEY}").get_json()["offset"] == 0


def test_a_part_sent_twice_or_out_of_order_is_told_where_to_resume(client, world, login, case):
    login(world.inspector_a)
    data = jpeg(seed=8, size=(200, 150))
    _part(client, case, data, 0, 99)
    again = _part(client, case, data, 0, 99)  # a retry of a part that did arrive
    assert again.status_code == 409 and again.get_json()["offset"] == 100
    ahead = _part(client, case, data, 200, 299)
    assert ahead.status_code == 409 and ahead.get_json()["offset"] == 100
    assert client.get(f"/inspections/{case.id}/photos/parts/{KEY}").get_json()["offset"] == 100


def test_an_unfinished_upload_stores_nothing(client, world, login, case):
    login(world.inspector_a)
    data = jpeg(seed=9, size=(200, 150))
    _part(client, case, data, 0, 99)
    response = _finish(client, case)
    assert response.status_code == 422
    assert photo_count() == 0


def test_bad_ranges_and_keys_are_refused(client, world, login, case):
    login(world.inspector_a)
    data = jpeg(seed=10)
    url = f"/inspections/{case.id}/photos/parts/{KEY}"
    assert client.put(url, data=data).status_code == 422  # no Content-Range
    wrong = {"Content-Range": f"bytes 0-9/{len(data)}"}
    assert client.put(url, data=data, headers=wrong).status_code == 422  # size does not match
    huge = {"Content-Range": "bytes 0-9/999999999999"}
    assert client.put(url, data=data[:10], headers=huge).status_code == 422
    bad_key = f"/inspections/{case.id}/photos/parts/..%2F..%2Fetc"
    assert client.put(bad_key, data=data[:10], headers=wrong).status_code in (404, 422)


def test_parts_are_kept_per_user(client, world, login, case):
    """Another inspector cannot finish (or see) someone else's parts."""
    from inspect_app.extensions import db
    from tests import factories

    login(world.inspector_a)
    data = jpeg(seed=11, size=(120, 90))
    _part(client, case, data, 0, len(data) - 1)
    client.post("/logout")
    other = case.inspectors[1]
    other_user = db.session.get(type(world.inspector_a), other.user_id)
    client.post("/login", data={"username": other_user.username, "password": factories.PASSWORD})
    assert client.get(f"/inspections/{case.id}/photos/parts/{KEY}").get_json()["offset"] == 0
    assert _finish(client, case).status_code == 422
    assert photo_count() == 0


def test_the_api_resumes_a_photo_sent_in_parts(app, world, case):
    from inspect_app.api.services import create_token
    from inspect_app.extensions import db

    _token, plain = create_token(world.inspector_a, "phone")
    db.session.commit()
    client = app.test_client()
    auth = {"Authorization": f"Bearer {plain}"}
    url = f"/api/v1/cases/{case.id}/photo-parts/{KEY}"
    data = jpeg(seed=12, size=(300, 200))
    half = len(data) // 2

    def put(first, last):
        headers = {**auth, "Content-Range": f"bytes {first}-{last}/{len(data)}"}
        return client.put(url, data=data[first : last + 1], headers=headers)

    assert put(0, half - 1).get_json() == {"offset": half, "total": len(data)}
    assert client.get(url, headers=auth).get_json() == {"offset": half, "total": len(data)}
    stale = put(0, half - 1)
    assert stale.status_code == 409 and stale.get_json()["offset"] == half
    assert put(half, len(data) - 1).get_json()["offset"] == len(data)
    finish = client.post(
        f"/api/v1/cases/{case.id}/photos",
        data={"upload_key": KEY, "kind": "site"},
        headers={**auth, "Idempotency-Key": KEY},
    )
    assert finish.status_code == 201, finish.get_json()
    assert finish.get_json()["sha256"] == hashlib.sha256(data).hexdigest()
    nothing = client.post(
        f"/api/v1/cases/{case.id}/photos",
        data={"kind": "site"},
        headers={**auth, "Idempotency-Key": "another-key-01"},
    )
    assert nothing.status_code == 422


def test_uploads_nobody_came_back_to_are_swept_by_the_worker(app, client, world, login, case):
    login(world.inspector_a)
    data = jpeg(seed=9, size=(400, 300))
    for key in (KEY, "resume-key-0002"):
        assert _part(client, case, data, 0, 99, key=key).status_code == 200
    folder = scratch_dir()
    stale = [p for p in folder.iterdir() if KEY in p.name]
    assert len(stale) == 2  # the bytes and what was announced
    kept = app.config["UPLOAD_PARTS_KEEP_HOURS"]
    moment = (app_clock.utcnow() - timedelta(hours=kept, minutes=1)).timestamp()
    for path in stale:
        os.utime(path, (moment, moment))
    queue().sweep.call_local()  # the worker's minute chores
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        p.name for p in folder.iterdir() if "resume-key-0002" in p.name
    )
    assert not any(p.exists() for p in stale)
    assert client.get(f"/inspections/{case.id}/photos/parts/{KEY}").get_json()["offset"] == 0
    held = client.get(f"/inspections/{case.id}/photos/parts/resume-key-0002").get_json()
    assert held["offset"] == 100
    assert sweep_abandoned_parts() == 0
