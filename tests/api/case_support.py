"""Helpers for the API's case tests: files to upload, and a case opened through the API."""

import itertools
import random
from io import BytesIO

from PIL import Image

from inspect_app import clock
from inspect_app.extensions import db
from tests import factories

PROBLEM = "application/problem+json"
_keys = itertools.count(1)


def key() -> str:
    """A fresh Idempotency-Key."""
    return f"test-key-{next(_keys)}"


def jpeg(seed: int = 1, size=(64, 48)) -> bytes:
    """A small JPEG; noisy, so each seed gives other bytes."""
    noise = random.Random(seed).randbytes(size[0] * size[1] * 3)
    buffer = BytesIO()
    Image.frombytes("RGB", size, noise).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def put(caller, url: str, idempotency_key: str | None = None, **kw):
    headers = {"Idempotency-Key": idempotency_key or key()}
    return caller.open(url, "PUT", headers=headers, **kw)


def case_body(world, subject, *officers) -> dict:
    """What POST /cases takes: the subject, two inspectors, now as local time."""
    if not officers:
        officers = (world.inspector_a, factories.make_user(subject.region, "inspector"))
        db.session.commit()
    return {
        "subject_id": subject.id,
        "started_at": clock.local_minute().isoformat(),
        "place": "洋口镇 1 号",
        "representative_name": "顾建国",
        "representative_position": "主要负责人",
        "inspector_ids": [officer.id for officer in officers],
    }


def open_case(caller, world, subject=None) -> dict:
    """A draft case in town A opened through the API; its body."""
    response = caller.post(
        "/api/v1/cases", key=key(), json=case_body(world, subject or world.subject_a)
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def answer_all(caller, case: dict, result: str = "compliant") -> None:
    for item in caller.get(f"/api/v1/cases/{case['id']}/items").get_json():
        body = {"result": result, "note": "见照片" if result == "non_compliant" else ""}
        response = put(caller, f"/api/v1/cases/{case['id']}/items/{item['code']}", json=body)
        assert response.status_code == 200, response.get_json()
