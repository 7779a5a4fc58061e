"""Helpers to bring a case to the point of issue."""

from inspect_app.extensions import db
from inspect_app.inspections.services import answer_item, checklist_items, required_signers
from inspect_app.signatures.models import Signature
from inspect_app.storage import storage
from tests.signatures.drawing import signature_png


def answer_all(inspection, user, result="compliant"):
    for item in checklist_items(inspection):
        answer_item(
            inspection, item.code, result, "note" if result == "non_compliant" else "", user
        )
    db.session.commit()


def sign_all(inspection, user):
    image_key, digest = storage().put(signature_png(), "signatures", ".png")
    for key, name in required_signers(inspection):
        role = "representative" if key == "representative" else "inspector"
        db.session.add(
            Signature(
                inspection_id=inspection.id,
                signer_key=key,
                role=role,
                signer_name=name,
                image_key=image_key,
                image_sha256=digest,
                recorded_by_id=user.id,
            )
        )
    db.session.commit()


def make_ready(inspection, user):
    answer_all(inspection, user)
    sign_all(inspection, user)
