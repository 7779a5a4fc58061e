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


CORRECTION_STROKES = (
    [(60, 40), (120, 160), (180, 50), (240, 150)],
    [(300, 60), (420, 160)],
    [(300, 160), (420, 60)],
)


def correction_png() -> bytes:
    """A drawing unlike the one `signature_png` gives: the signature on a correction."""
    return signature_png(strokes=CORRECTION_STROKES)


def issue_correction(inspection, user, refuse: bool = False):
    """Everyone signs the pending correction (or the representative refuses), then it is issued
    as the next revision."""
    from inspect_app.issuing.corrections import issue_correction as issue
    from inspect_app.signatures.services import record_refusal

    for key, _name in required_signers(inspection):
        if key == "representative" and refuse:
            record_refusal(inspection, user, "不同意更正内容，拒绝签名。")
        else:
            record_signature(inspection, user, key, correction_png())
    revision = issue(inspection, user)
    db.session.commit()
    return revision
