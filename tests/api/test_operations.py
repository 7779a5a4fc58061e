"""Every operation of the description answers as described: the documented status and a body
that matches the documented schema, on the happy path."""

from io import BytesIO

import jsonschema_rs
import pytest

from inspect_app.extensions import db
from inspect_app.findings.services import record_finding
from inspect_app.inspections.queries import inspectors_for
from inspect_app.inspections.services import required_signers
from inspect_app.issuing.services import issue_record
from inspect_app.quizzes.offline_papers import offline_papers
from inspect_app.quizzes.services import default_template
from inspect_app.signatures.services import record_signature
from tests import factories
from tests.api.case_support import jpeg
from tests.api.conftest import PENALTY
from tests.api.spec import fill, operations, response_schema
from tests.inspections.helpers import make_ready
from tests.signatures.drawing import signature_png
from tests.signatures.helpers import correction_png

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
        **_case_writes(today),
    }


def _case_writes(today: str) -> dict:
    """Town A's case is issued: each change gives a reason and makes a new revision."""
    case = "/api/v1/cases/{case_id}"
    why = {"reason": "复核更正"}
    finding = {"description": "消防通道堵塞", "answer_non_compliant": False, **why}
    order = {"finding_ids": ["{finding_id}"], "requirement": "清理通道", "deadline": today, **why}
    penalty = {**PENALTY, "fine_yuan": 2000, "procedure": "simple", "refusal": "拒绝签收"}
    penalty = {k: v for k, v in penalty.items() if k not in ("decision_no", "decision_date")}
    return {
        ("post", "/api/v1/cases"): {
            "subject_id": "{subject_id}",
            "started_at": "{now}",
            "client_id": "6f1c2d3e-4a5b-4c6d-8e7f-901234567890",
            "place": "洋口镇 1 号",
            "representative_name": "顾建国",
            "representative_position": "主要负责人",
            "inspector_ids": "{inspector_ids}",
        },
        ("post", case + "/issue"): {"version": 1},
        ("post", case + "/correction"): {"version": "{correction_version}"},
        ("put", case + "/items/{code}"): {"result": "compliant", "version": 1, **why},
        ("post", case + "/findings"): finding,
        ("patch", case + "/findings/{finding_id}"): {**finding, "version": 1},
        ("post", case + "/orders"): order,
        ("patch", case + "/orders/{order_id}"): {**order, "version": 1},
        ("post", case + "/penalties"): penalty,
        ("post", case + "/quizzes"): {"worker_name": "王五", **why},
        ("post", case + "/quizzes/{attempt_id}/answers"): {"answers": {}},
        ("post", case + "/quizzes/offline"): {
            "worker_name": "赵六",
            "template_id": "{offline_template_id}",
            "seed": "{offline_seed}",
            "question_ids": "{offline_question_ids}",
            "answers": {},
            "started_at": "{now}",
            "finished_at": "{now}",
            "phone_score": 0,
            **why,
        },
        ("post", case + "/oral-questions"): {
            "worker_name": "赵六",
            "text": "灭火器怎么用？",
            "verdict": "correct",
            "asked_at": "{now}",
            **why,
        },
        ("put", case + "/certificate-checks/{person_id}"): {
            "certificate_id": "{certificate_id}",
            "shown": True,
            "number_matches": True,
            **why,
        },
        ("post", case + "/photos"): Form(lambda: {"file": (BytesIO(jpeg(1)), "p.jpg"), **why}),
        ("post", case + "/signatures/{signer_key}"): Form(
            lambda: {"image": (BytesIO(signature_png()), "s.png")}
        ),
        ("post", case + "/signatures/{signer_key}/refusal"): {"refusal": "拒绝签字"},
        ("put", case + "/photo-parts/{key}"): Raw(jpeg(1), "bytes 0-{last}/{total}"),
    }


def _signed_correction(world):
    """An issued case of town A with a pending correction that everyone has signed."""
    case = factories.make_inspection(world)
    make_ready(case, world.inspector_a)
    issue_record(case, world.inspector_a)
    record_finding(case, world.inspector_a, "补记问题", "PU-8", reason="补记")
    for key, _name in required_signers(case):
        record_signature(case, world.inspector_a, key, correction_png())
    db.session.commit()
    return case


class Form:
    """A multipart body, made afresh for each request (its files are read once)."""

    def __init__(self, make) -> None:
        self.make = make


class Raw:
    """Raw bytes with a Content-Range: one part of a resumable upload."""

    def __init__(self, data: bytes, content_range: str) -> None:
        self.data = data
        self.content_range = content_range.format(last=len(data) - 1, total=len(data))

    def sent(self) -> dict:
        return {"data": self.data, "headers": {"Content-Range": self.content_range}}


def _filled(body, ids: dict):
    """The body with each "{name}" placeholder replaced by that test object's id."""
    if isinstance(body, dict):
        return {k: _filled(v, ids) for k, v in body.items()}
    if isinstance(body, list):
        return [_filled(v, ids) for v in body]
    if isinstance(body, str) and body.startswith("{") and body.endswith("}"):
        return ids[body[1:-1]]
    return body


def _readable_one_by_one(spec: dict, path: str) -> bool:
    """Whether what a POST to `path` creates can be read at a URL of its own."""
    return any(p.startswith(path + "/{") and "get" in item for p, item in spec["paths"].items())


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
    inspectors = [officer.id for officer in inspectors_for(world.town_a.id)]
    ids = {**town_objects["A"], "region_id": world.town_a.id, "inspector_ids": inspectors}
    ids["now"] = clock.now().isoformat()
    template = default_template("worker")
    paper = offline_papers(template, 1)[0]
    ids["offline_template_id"], ids["offline_seed"] = template.id, paper["seed"]
    ids["offline_question_ids"] = paper["question_ids"]
    # Signatures change only while a case is a draft: those go to a draft of town A.
    draft = {"case_id": factories.make_inspection(world).id}
    draft_ids = {**draft, "signer_key": f"inspector:{world.inspector_a.id}"}
    # A correction is issued on a case of its own, changed after issue and signed again.
    corrected = _signed_correction(world)
    ids["correction_version"] = corrected.version
    for method, path, op in writes:
        body = bodies[method, path]
        if "/signatures/" in path:
            ids_here = draft if path.endswith("/refusal") else draft_ids
        elif path.endswith("/correction"):
            ids_here = {"case_id": corrected.id}
        else:
            ids_here = {}
        if isinstance(body, Raw):
            sent = body.sent()
        elif isinstance(body, Form):
            sent = {"data": body.make()}
        else:
            sent = {"json": _filled(body, ids)}
        expected = 201 if "201" in op["responses"] else 200
        url = fill(path, {**town_objects["A"], **ids_here})
        headers = {"Idempotency-Key": f"w{next(KEYS)}", **sent.pop("headers", {})}
        response = caller.open(url, method.upper(), headers=headers, **sent)
        _check(app.spec, op, response, expected)
        if expected == 201 and _readable_one_by_one(app.spec, path):
            assert response.headers["Location"], path
