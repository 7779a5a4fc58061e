"""Cases through the API: list, open, read, answer items, issue, revisions and the record."""

from sqlalchemy import func, select

from inspect_app.casefile.snapshot import snapshot_hash
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection, Revision
from tests import factories
from tests.api.case_support import PROBLEM, answer_all, case_body, key, open_case, put
from tests.inspections.helpers import make_ready


def _cases() -> int:
    return db.session.scalar(select(func.count()).select_from(Inspection))


def test_the_list_holds_the_cases_in_scope_only(api, world):
    factories.make_inspection(world)
    b = world.inspection_b.id
    assert [c["id"] for c in api(world.inspector_b).get("/api/v1/cases").get_json()["items"]] == [b]
    mine = api(world.inspector_a).get("/api/v1/cases").get_json()["items"]
    assert b not in [c["id"] for c in mine] and len(mine) == 1
    county = api(world.county_supervisor).get("/api/v1/cases?status=draft").get_json()
    assert len(county["items"]) == 2
    assert api(world.county_supervisor).get("/api/v1/cases?status=issued").get_json()["items"] == []


def test_opening_a_case_answers_201_with_its_location(api, world):
    case = open_case(api(world.inspector_a), world)
    assert case["status"] == "draft" and len(case["inspectors"]) == 2
    assert case["progress"]["answered"] == 0 and case["blockers"]


def test_a_case_needs_two_inspectors_of_the_subject_s_region(api, world):
    caller, before = api(world.inspector_a), _cases()
    alone = caller.post(
        "/api/v1/cases", key=key(), json=case_body(world, world.subject_a, world.inspector_a)
    )
    assert alone.status_code == 422 and alone.mimetype == PROBLEM
    assert (
        "Art. 42" in alone.get_json()["errors"]["inspector_ids"][0]
        or "四十二" in alone.get_json()["errors"]["inspector_ids"][0]
    )
    other_town = case_body(world, world.subject_a, world.inspector_a, world.inspector_b)
    refused = caller.post("/api/v1/cases", key=key(), json=other_town)
    assert refused.status_code == 422 and "inspector_ids" in refused.get_json()["errors"]
    assert _cases() == before


def test_opening_refuses_out_of_scope_subjects_and_supervisors(api, world):
    body = case_body(world, world.subject_b, world.inspector_b, world.inspector_b)
    refused = api(world.inspector_a).post("/api/v1/cases", key=key(), json=body)
    # As a missing subject: a field error that tells nothing of other towns.
    missing = api(world.inspector_a).post(
        "/api/v1/cases", key=key(), json={**body, "subject_id": 999999}
    )
    assert refused.status_code == missing.status_code == 422 and refused.mimetype == PROBLEM
    assert refused.get_json()["errors"] == missing.get_json()["errors"]
    assert list(refused.get_json()["errors"]) == ["subject_id"]
    body = case_body(world, world.subject_a)
    assert api(world.supervisor_a).post("/api/v1/cases", key=key(), json=body).status_code == 403


def test_a_write_needs_an_idempotency_key_and_a_key_serves_one_body(api, world):
    caller, body = api(world.inspector_a), case_body(world, world.subject_a)
    missing = caller.post("/api/v1/cases", json=body)
    assert missing.status_code == 422 and "Idempotency-Key" in missing.get_json()["errors"]
    once = key()
    first = caller.post("/api/v1/cases", key=once, json=body)
    again = caller.post("/api/v1/cases", key=once, json=body)
    assert first.status_code == again.status_code == 201 and first.get_json() == again.get_json()
    other = caller.post("/api/v1/cases", key=once, json={**body, "place": "elsewhere"})
    assert other.status_code == 409 and other.get_json()["type"].endswith("/idempotency-key-reused")
    assert _cases() == 2  # the world's case and this one


def test_cases_of_other_towns_are_404_problems_on_every_resource(api, world):
    base = f"/api/v1/cases/{world.inspection_b.id}"
    caller = api(world.inspector_a)
    for path in ("", "/items", "/photos", "/findings", "/orders", "/penalties", "/signatures",
                 "/certificate-checks", "/quizzes", "/revisions", "/casefile", "/record.pdf",
                 "/public-link"):  # fmt: skip
        response = caller.get(base + path)
        assert response.status_code == 404 and response.mimetype == PROBLEM, path
    assert put(caller, base + "/items/PU-1", json={"result": "compliant"}).status_code == 404
    assert caller.post(base + "/issue", key=key(), json={"version": 1}).status_code == 404


def test_answering_an_item_and_its_refusals(api, world):
    caller = api(world.inspector_a)
    case = open_case(caller, world)
    url = f"/api/v1/cases/{case['id']}/items/PU-1"
    saved = put(caller, url, json={"result": "compliant"})
    assert saved.status_code == 200 and saved.get_json()["version"] == 1
    no_note = put(caller, url, json={"result": "non_compliant", "version": 1})
    assert no_note.status_code == 422 and no_note.mimetype == PROBLEM
    unknown = put(caller, f"/api/v1/cases/{case['id']}/items/XX-9", json={"result": "compliant"})
    assert unknown.status_code == 422
    changed = put(caller, url, json={"result": "non_compliant", "note": "无计划", "version": 1})
    assert changed.status_code == 200 and changed.get_json()["version"] == 2
    items = caller.get(f"/api/v1/cases/{case['id']}/items").get_json()
    assert items[0]["code"] == "PU-1" and items[0]["answer"]["result"] == "non_compliant"


def test_a_stale_answer_is_a_409_with_the_current_answer(api, world):
    caller = api(world.inspector_a)
    case = open_case(caller, world)
    url = f"/api/v1/cases/{case['id']}/items/PU-2"
    put(caller, url, json={"result": "non_compliant", "note": "无经费"})
    put(caller, url, json={"result": "compliant", "version": 1})
    for seen in (1, None):
        stale = put(caller, url, json={"result": "not_applicable", "version": seen})
        body = stale.get_json()
        assert stale.status_code == 409 and body["type"].endswith("/stale-version")
        assert body["current"]["result"] == "compliant" and body["current"]["version"] == 2


def test_supervisors_read_cases_but_cannot_answer(api, world):
    inspection = factories.make_inspection(world)
    caller = api(world.supervisor_a)
    assert caller.get(f"/api/v1/cases/{inspection.id}").status_code == 200
    answer = put(caller, f"/api/v1/cases/{inspection.id}/items/PU-1", json={"result": "compliant"})
    assert answer.status_code == 403 and answer.mimetype == PROBLEM


def test_issuing_refuses_with_every_blocker(api, world):
    caller = api(world.inspector_a)
    case = open_case(caller, world)
    response = caller.post(f"/api/v1/cases/{case['id']}/issue", key=key(), json={"version": 1})
    body = response.get_json()
    assert response.status_code == 422 and body["type"].endswith("/not-ready")
    assert (
        len(body["blockers"]) == 2
        and caller.get(f"/api/v1/cases/{case['id']}").get_json()["status"] == "draft"
    )


def test_issuing_twice_issues_once(api, world):
    inspection = factories.make_inspection(world)
    make_ready(inspection, world.inspector_a)
    caller, url = api(world.inspector_a), f"/api/v1/cases/{inspection.id}/issue"
    stale = caller.post(url, key=key(), json={"version": inspection.version + 1})
    assert stale.status_code == 409 and stale.get_json()["current"]["status"] == "draft"
    once, body = key(), {"version": inspection.version}
    first = caller.post(url, key=once, json=body)
    replay = caller.post(url, key=once, json=body)
    assert replay.headers["Idempotent-Replayed"] == "true" and replay.data == first.data
    second = caller.post(url, key=key(), json=body)  # a new key: the issued case as it is
    assert first.status_code == second.status_code == 200
    assert first.get_json()["case_number"] == second.get_json()["case_number"]
    count = (
        select(func.count()).select_from(Revision).where(Revision.inspection_id == inspection.id)
    )
    assert db.session.scalar(count) == 1


def test_revisions_casefile_pdf_and_public_link_of_an_issued_case(api, world):
    inspection = factories.make_inspection(world)
    make_ready(inspection, world.inspector_a)
    caller = api(world.supervisor_a)
    base = f"/api/v1/cases/{inspection.id}"
    assert caller.get(base + "/revisions").get_json() == []
    draft = caller.get(base + "/casefile").get_json()  # a draft's casefile, as it stands
    assert draft["revision"] is None and draft["snapshot"] is None
    assert draft["casefile"]["case_number"] is None and draft["casefile"]["live"] is True
    assert caller.get(base + "/public-link").get_json()["url"] is None
    issuer = api(world.inspector_a)
    issuer.post(base + "/issue", key=key(), json={"version": inspection.version})
    revisions = caller.get(base + "/revisions").get_json()
    assert [r["number"] for r in revisions] == [1] and len(revisions[0]["sha256"]) == 64
    assert caller.get(base + "/revisions/1").get_json() == revisions[0]
    assert caller.get(base + "/revisions/2").status_code == 404
    casefile = caller.get(base + "/casefile").get_json()
    assert casefile["sha256"] == revisions[0]["sha256"] and casefile["revision"] == 1
    number = caller.get(base).get_json()["case_number"]
    assert casefile["snapshot"]["case_number"] == casefile["casefile"]["case_number"] == number
    assert snapshot_hash(casefile["snapshot"]) == casefile["sha256"]  # anyone can verify it
    assert casefile["casefile"]["live"] is False
    again = caller.get(base + "/casefile?revision=1").get_json()
    again["casefile"].pop("at"), casefile["casefile"].pop("at")  # the instant it was read
    assert again == casefile
    pdf = caller.get(base + "/record.pdf?revision=1")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert caller.get(base + "/record.pdf?revision=3").status_code == 404
    link = caller.get(base + "/public-link").get_json()
    assert link["revoked"] is False and link["url"].endswith(
        db.session.get(Inspection, inspection.id).public_token
    )


def test_answering_every_item_shows_in_progress(api, world):
    caller = api(world.inspector_a)
    case = open_case(caller, world)
    answer_all(caller, case)
    progress = caller.get(f"/api/v1/cases/{case['id']}").get_json()["progress"]
    assert progress["answered"] == progress["total"] > 0
