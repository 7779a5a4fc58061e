"""A case's parts through the API: photos, certificate checks, findings, orders, penalties,
signatures. Each answers as its page does, and a refusal leaves nothing behind."""

import base64
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select

from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.signatures.models import Signature
from tests import factories
from tests.api.case_support import PROBLEM, jpeg, key, put
from tests.signatures.drawing import jpeg_signature, signature_png

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10"/></svg>'


@pytest.fixture
def case(world):
    return factories.make_inspection(world)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _files(app) -> set[Path]:
    return {p for p in Path(app.config["STORAGE_DIR"]).rglob("*") if p.is_file()}


def _upload(caller, case, data: bytes, name: str = "p.jpg", **fields):
    form = {"file": (BytesIO(data), name), **fields}
    return caller.post(f"/api/v1/cases/{case.id}/photos", key=key(), data=form)


def test_a_photo_is_kept_with_its_details(api, world, case):
    caller = api(world.inspector_a)
    sent = _upload(caller, case, jpeg(3), kind="sign_in_sheet", caption="签到表", item_code="PU-4",
                   headcount_on_sheet="32", headcount_in_photos="18")  # fmt: skip
    body = sent.get_json()
    assert sent.status_code == 201 and (body["kind"], body["item_code"]) == (
        "sign_in_sheet",
        "PU-4",
    )
    assert (body["headcount_on_sheet"], body["headcount_in_photos"]) == (32, 18)
    assert (body["format"], body["width"], body["height"]) == ("JPEG", 64, 48)
    again = _upload(caller, case, jpeg(3))  # the same bytes under another key: the same photo
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]
    assert [p["id"] for p in caller.get(f"/api/v1/cases/{case.id}/photos").get_json()["items"]] == [
        body["id"]
    ]


def test_hostile_files_are_refused_and_nothing_is_stored(app, api, world, case):
    caller, before = api(world.inspector_a), _files(app)
    for data, name in ((SVG, "x.svg"), (jpeg(4)[:200], "cut.jpg"), (b"", "empty.jpg")):
        refused = _upload(caller, case, data, name)
        assert refused.status_code == 422 and refused.mimetype == PROBLEM, name
    wrong_item = _upload(caller, case, jpeg(5), item_code="XX-1")
    assert wrong_item.status_code == 422
    assert _files(app) == before and _count(Photo) == 0


@pytest.mark.parametrize("app_config", [{"MAX_CONTENT_LENGTH": 4096}])
def test_a_body_over_the_limit_is_a_413_problem(app, api, world, case):
    refused = _upload(api(world.inspector_a), case, jpeg(6, size=(400, 300)))
    assert refused.status_code == 413 and refused.mimetype == PROBLEM
    assert _count(Photo) == 0


def test_certificate_checks_are_recorded_and_versioned(api, world):
    caller = api(world.inspector_b)
    url = f"/api/v1/cases/{world.inspection_b.id}/certificate-checks"
    body = {"certificate_id": world.certificate_b.id, "shown": True, "number_matches": False}
    saved = put(caller, f"{url}/{world.person_b.id}", json=body)
    assert saved.status_code == 200 and saved.get_json()["result"] == "fail"
    stale = put(caller, f"{url}/{world.person_b.id}", json={**body, "number_matches": True})
    assert stale.status_code == 409 and stale.get_json()["current"]["number_matches"] is False
    changed = {**body, "number_matches": True, "platform_verified": True, "version": 1}
    assert put(caller, f"{url}/{world.person_b.id}", json=changed).get_json()["version"] == 2
    assert [c["person_id"] for c in caller.get(url).get_json()] == [world.person_b.id]
    other = factories.make_person(world.subject_a)
    db.session.commit()
    assert put(caller, f"{url}/{other.id}", json=body).status_code == 404


def test_findings_and_orders(api, world, case):
    caller, base = api(world.inspector_a), f"/api/v1/cases/{case.id}"
    finding = caller.post(base + "/findings", key=key(), json={"description": "签到表代签"})
    assert finding.status_code == 201
    fid = finding.get_json()["id"]
    blank = caller.post(base + "/findings", key=key(), json={"description": "  "})
    assert blank.status_code == 422 and "description" in blank.get_json()["errors"]
    day = factories.inspection_day()
    early = {"finding_ids": [fid], "requirement": "补办培训", "deadline": str(day - timedelta(1))}
    refused = caller.post(base + "/orders", key=key(), json=early)
    assert refused.status_code == 422 and list(refused.get_json()["errors"]) == ["deadline"]
    order = caller.post(
        base + "/orders", key=key(), json={**early, "deadline": str(day + timedelta(30))}
    )
    assert order.status_code == 201 and order.get_json()["finding_ids"] == [fid]
    oid = order.get_json()["id"]
    assert [o["id"] for o in caller.get(base + "/orders").get_json()] == [oid]
    later = {**early, "deadline": str(day + timedelta(45)), "version": 1}
    assert caller.patch(f"{base}/orders/{oid}", key=key(), json=later).get_json()["version"] == 2
    stale = caller.patch(f"{base}/orders/{oid}", key=key(), json=later).get_json()
    assert stale["status"] == 409 and stale["current"]["deadline"] == later["deadline"]
    change = {"description": "签到表 32 人代签", "version": 1}
    assert caller.patch(f"{base}/findings/{fid}", key=key(), json=change).status_code == 200
    stale = caller.patch(f"{base}/findings/{fid}", key=key(), json={**change, "description": "x"})
    assert (
        stale.status_code == 409
        and stale.get_json()["current"]["description"] == "签到表 32 人代签"
    )


def test_penalties_are_on_the_spot_decisions_checked_against_their_basis(api, world, case):
    caller, url = api(world.inspector_a), f"/api/v1/cases/{case.id}/penalties"
    body = {"party": "person", "violation": "未履行职责", "basis_code": "SAFL-97-4", "fine_yuan": 0}
    general = caller.post(url, key=key(), json={**body, "procedure": "general"}).get_json()
    assert general["status"] == 422 and general["type"].endswith("/general-procedure")
    assert "立案" in general["detail"]
    refused = caller.post(url, key=key(), json={**body, "measures": ["warning"]}).get_json()
    assert refused["status"] == 422 and set(refused["errors"]) == {"party", "signature"}
    assert caller.post(url, key=key(), json={**body, "fine_yuan": "0"}).status_code == 422
    bad = caller.post(url, key=key(), json={**body, "signature": "not base64!"}).get_json()
    assert bad["status"] == 422 and "signature" in bad["errors"]
    signed = {**body, "person_name": "顾建国", "measures": ["warning"]}
    signed["signature"] = base64.b64encode(signature_png()).decode()
    sent = caller.post(url, key="decision-tap", json=signed)
    again = caller.post(url, key="decision-tap", json=signed)
    assert sent.status_code == again.status_code == 201
    decision = sent.get_json()
    assert again.get_json() == decision and decision["procedure"] == "simple"
    assert decision["document_id"] and "当罚" in decision["decision_no"]
    assert [p["id"] for p in caller.get(url).get_json()] == [decision["id"]]
    assert caller.get(f"{url}/{decision['id']}").get_json() == decision


def test_signatures_take_a_drawn_png_or_the_representative_s_refusal(api, world, case):
    caller, base = api(world.inspector_a), f"/api/v1/cases/{case.id}/signatures"
    slots = caller.get(base).get_json()
    assert [s["key"] for s in slots][-1] == "representative" and slots[0]["signature"] is None
    inspector = slots[0]["key"]
    photo = caller.post(
        f"{base}/{inspector}", key=key(), data={"image": (BytesIO(jpeg_signature()), "s.jpg")}
    )
    assert photo.status_code == 422 and photo.mimetype == PROBLEM
    refusal = caller.post(f"{base}/{inspector}/refusal", key=key(), json={"refusal": "不签"})
    assert refusal.status_code == 422
    signed = caller.post(
        f"{base}/{inspector}", key=key(), data={"image": (BytesIO(signature_png()), "s.png")}
    )
    assert signed.status_code == 201 and signed.get_json()["signature"]["signed"] is True
    refused = caller.post(f"{base}/representative/refusal", key=key(), json={"refusal": "拒绝签字"})
    assert refused.get_json()["signature"]["refusal_reason"] == "拒绝签字"
    assert (
        caller.post(f"{base}/nobody/refusal", key=key(), json={"refusal": "x"}).status_code == 404
    )
    assert _count(Signature) == 2
