"""Shared steps for the signature tests: sign for everyone."""

from inspect_app.extensions import db
from inspect_app.inspections.services import required_signers
from inspect_app.signatures.services import record_signature
from tests.signatures.drawing import signature_png


def inspector_keys(inspection) -> list[str]:
    return [key for key, _name in required_signers(inspection) if key.startswith("inspector:")]


def sign_everyone(inspection, user, skip: tuple[str, ...] = ()) -> None:
    for key, _name in required_signers(inspection):
        if key not in skip:
            record_signature(inspection, user, key, signature_png())
    db.session.commit()
