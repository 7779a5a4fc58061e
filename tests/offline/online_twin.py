"""The same inspection made online: what the phone entered offline (as the server now holds it),
sent again through the API with signal, as a second case; then both casefiles, ids and instants
left out, for comparison."""

import io
import uuid

from sqlalchemy import select

from inspect_app.api.services import create_token
from inspect_app.auth.models import User
from inspect_app.casefile.build import build_casefile
from inspect_app.casefile.serialize import casefile_dict
from inspect_app.clock import utcnow
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.findings.models import Finding, RectificationOrder
from inspect_app.inspections.models import Inspection
from inspect_app.quizzes.models import OralQuestion, QuizAttempt
from inspect_app.signatures.models import Signature
from inspect_app.spotchecks.models import CertificateCheck
from inspect_app.storage import storage
from tests.offline.case_support import stripped


class Api:
    """The API with a bearer token, each write with its own idempotency key."""

    def __init__(self, client, token: str) -> None:
        self.client, self.token = client, token

    def __call__(self, method: str, url: str, **kw) -> dict:
        headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": str(uuid.uuid4())}
        response = self.client.open("/api/v1" + url, method=method, headers=headers, **kw)
        assert response.status_code in (200, 201), (url, response.status_code, response.json)
        return response.json


def twin_casefile(app, offline_id: int, user_id: int) -> tuple[dict, dict]:
    """The offline case's casefile and its online twin's, without ids and instants."""
    with app.app_context():
        _token, plain = create_token(db.session.get(User, user_id), "online twin")
        db.session.commit()
        source = db.session.get(Inspection, offline_id)
        twin_id = make_twin(Api(app.test_client(), plain), source)
        at = utcnow()  # the app's clock; the instant is stripped from both anyway
        files = [build_casefile(db.session.get(Inspection, i), at) for i in (offline_id, twin_id)]
        return tuple(stripped(casefile_dict(f)) for f in files)


def make_twin(api: Api, source: Inspection) -> int:
    case = api(
        "POST",
        "/cases",
        json={
            "subject_id": source.subject_id,
            "started_at": source.started_at.isoformat(),
            "place": source.place,
            "representative_name": source.representative_name,
            "representative_position": source.representative_position,
            "inspector_ids": [i.user_id for i in source.inspectors],
        },
    )
    url = f"/cases/{case['id']}"
    for answer in sorted(source.answers, key=lambda a: a.answered_at):
        api(
            "PUT",
            f"{url}/items/{answer.item_code}",
            json={"result": answer.result, "note": answer.note, "version": None},
        )
    photo_ids = _photos(api, url, source)
    for check in _rows(CertificateCheck, source):
        api(
            "PUT",
            f"{url}/certificate-checks/{check.person_id}",
            json={
                "certificate_id": check.certificate_id,
                "shown": check.shown,
                "number_matches": check.number_matches,
                "platform_verified": check.platform_verified,
                "note": check.note,
            },
        )
    for attempt in _rows(QuizAttempt, source):
        api(
            "POST",
            f"{url}/quizzes/offline",
            json={
                "person_id": attempt.person_id,
                "template_id": attempt.template_id,
                "seed": attempt.seed,
                "question_ids": attempt.question_ids,
                "answers": attempt.answers,
                "phone_score": attempt.score,
                "started_at": attempt.started_at.isoformat(),
                "finished_at": attempt.finished_at.isoformat(),
            },
        )
    for oral in _rows(OralQuestion, source):
        api(
            "POST",
            f"{url}/oral-questions",
            json={
                "person_id": oral.person_id,
                "text": oral.text,
                "verdict": oral.verdict,
                "note": oral.note,
            },
        )
    _findings_and_orders(api, url, source, photo_ids)
    for signature in _rows(Signature, source):
        png = storage().read(signature.image_key)
        api(
            "POST",
            f"{url}/signatures/{signature.signer_key}",
            data={"image": (io.BytesIO(png), "signature.png")},
            content_type="multipart/form-data",
        )
    version = api("GET", url)["version"]
    api("POST", f"{url}/issue", json={"version": version})
    return case["id"]


def _rows(model, source: Inspection) -> list:
    query = select(model).where(model.inspection_id == source.id).order_by(model.id)
    return list(db.session.scalars(query))


def _photos(api: Api, url: str, source: Inspection) -> dict[int, int]:
    """The same bytes, kind, caption and item: {offline photo id: twin photo id}."""
    query = select(Photo).where(Photo.evidence_of(source.id)).order_by(Photo.id)
    ids = {}
    for photo in db.session.scalars(query):
        data = {
            "file": (io.BytesIO(storage().read(photo.original_key)), "photo.jpg"),
            "kind": photo.kind,
            "caption": photo.caption,
        }
        if photo.item_code:
            data["item_code"] = photo.item_code
        ids[photo.id] = api("POST", f"{url}/photos", data=data, content_type="multipart/form-data")[
            "id"
        ]
    return ids


def _findings_and_orders(api: Api, url: str, source: Inspection, photo_ids: dict) -> None:
    finding_ids = {}
    for finding in _rows(Finding, source):
        finding_ids[finding.id] = api(
            "POST",
            f"{url}/findings",
            json={
                "description": finding.description,
                "item_code": finding.item_code,
                "photo_ids": [photo_ids[p.id] for p in finding.photos],
            },
        )["id"]
    for order in _rows(RectificationOrder, source):
        api(
            "POST",
            f"{url}/orders",
            json={
                "finding_ids": [finding_ids[f.id] for f in order.findings],
                "requirement": order.requirement,
                "deadline": order.deadline.isoformat(),
            },
        )
