"""Helpers to bring a case to the point of issue."""

from inspect_app.demo.builders import answer_every_item
from inspect_app.extensions import db
from inspect_app.inspections.services import required_signers
from inspect_app.signatures.models import Signature
from inspect_app.storage import storage
from tests.signatures.drawing import signature_png


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
    answer_every_item(inspection, user)
    sign_all(inspection, user)
