"""Corrections (更正) to an issued record: noted change by change, signed on their own, then
issued as the next revision.

A change to an issued record makes no revision by itself. Its reason joins the record's pending
correction; the inspectors and the representative then sign (or refuse) for that revision, and
only then is it frozen. Earlier signatures are never printed under changed content.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.casefile.snapshot import build_snapshot, snapshot_hash
from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.inspections import services as cases
from inspect_app.inspections.errors import CaseError, NotEditable, NotReady, StaleEdit
from inspect_app.inspections.models import Inspection, Revision, Status
from inspect_app.issuing.services import add_revision, issue_blockers
from inspect_app.signatures.models import Signature

REASON_SEPARATOR = "；"


class NoCorrection(CaseError):
    message = _l("There is no correction to issue: it may have been issued already.")


def note_correction(inspection: Inspection, user: User, reason: str) -> None:
    """Add the reason of a change to the record's pending correction (audited), when the change
    alters what the record states; signatures already given for the correction lapse. A change
    that brings the record back to its latest revision withdraws the correction."""
    if not record_changed(inspection):
        if inspection.pending_correction:
            _withdraw_correction(inspection, user, reason)
        return
    pending = list(inspection.pending_correction or [])
    if reason not in pending:
        inspection.pending_correction = [*pending, reason]
    lapsed = _lapse_signatures(inspection, inspection.revision + 1)
    record_audit(
        user,
        "note_correction",
        inspection,
        inspection,
        number=inspection.revision + 1,
        reason=reason,
        **({"lapsed_signatures": lapsed} if lapsed else {}),
    )


def _withdraw_correction(inspection: Inspection, user: User, reason: str) -> None:
    withdrawn = list(inspection.pending_correction)
    inspection.pending_correction = []
    lapsed = _lapse_signatures(inspection, inspection.revision + 1)
    record_audit(
        user,
        "withdraw_correction",
        inspection,
        inspection,
        reason=reason,
        withdrawn=withdrawn,
        **({"lapsed_signatures": lapsed} if lapsed else {}),
    )


def record_changed(inspection: Inspection) -> bool:
    """Whether the live case states something other than its latest revision."""
    if not inspection.revisions:
        return True
    return record_content(inspection) != _content_digest(inspection.revisions[-1].snapshot)


def record_content(inspection: Inspection) -> str:
    """A digest of what the live record states (signatures and general-procedure penalties,
    which the record no longer holds, aside)."""
    return _content_digest(build_snapshot(inspection, revision=inspection.revision))


def _content_digest(snapshot: dict) -> str:
    penalties = [p for p in snapshot.get("penalties", []) if p.get("procedure") == "simple"]
    return snapshot_hash({**snapshot, "signatures": None, "penalties": penalties})


def _lapse_signatures(inspection: Inspection, revision: int) -> list[str]:
    """Remove the signatures given for the correction before this change; their signer keys."""
    query = select(Signature).where(
        Signature.inspection_id == inspection.id, Signature.revision == revision
    )
    lapsed = list(db.session.scalars(query))
    for signature in lapsed:
        db.session.delete(signature)
    return sorted(s.signer_key for s in lapsed)


def correction_reason(inspection: Inspection) -> str:
    """The reasons of the pending correction, as the revision states them."""
    return REASON_SEPARATOR.join(inspection.pending_correction or [])


def issue_correction(inspection: Inspection, user: User) -> Revision:
    """Freeze the pending correction as the next revision, once everyone signed or refused."""
    if inspection.status == Status.CLOSED:
        raise NotEditable()
    if inspection.is_draft or not inspection.pending_correction:
        raise NoCorrection()
    if blockers := issue_blockers(inspection):
        raise NotReady(blockers)
    db.session.flush()
    revision = add_revision(inspection, user, correction_reason(inspection))
    inspection.pending_correction = []
    record_audit(
        user,
        "issue_correction",
        inspection,
        inspection,
        number=revision.number,
        reason=revision.reason,
        sha256=revision.sha256,
    )
    return revision


def issue_correction_and_commit(inspection_id: int, user: User, version: int | None) -> Revision:
    """Issue the correction from the page or the API and commit. A double tap or a stale page
    finds the version moved on (StaleEdit) or nothing pending (NoCorrection): no second revision."""
    inspection = queries.get_editable_inspection(inspection_id)
    cases.check_version(inspection, version)
    try:
        revision = issue_correction(inspection, user)
        db.session.commit()
    except (IntegrityError, StaleDataError) as error:  # issued meanwhile by another request
        db.session.rollback()
        raise StaleEdit() from error
    return revision
