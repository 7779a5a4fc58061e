"""Opening a proceeding from findings, its filing (立案), evidence and the notice (告知书).

Each step checks the proceeding's status and version, changes it, issues its document and
writes the audit row; the view commits. Statements and hearings are in statements.py, the
decision in decisions.py.
"""

import secrets
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.catalogs.procedure import procedure_rules
from inspect_app.documents.models import DocumentKind
from inspect_app.documents.services import issue_document
from inspect_app.errors import CaseError
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.findings.models import Finding
from inspect_app.inspections.models import Inspection, Status
from inspect_app.inspections.services import check_version
from inspect_app.penalties.models import Procedure
from inspect_app.penalties.services import PenaltyRefused, check_penalty
from inspect_app.proceedings import content
from inspect_app.proceedings.models import Proceeding, ProceedingStatus

S = ProceedingStatus
# check_penalty's field names → the proceeding form's.
FIELD_NAMES = {"violation": "facts", "fine_yuan": "fine_yuan"}


class StepRefused(CaseError):
    """A step the proceeding cannot take; `errors` maps form fields to messages ("" = form)."""

    def __init__(self, errors: dict[str, str] | str) -> None:
        errors = errors if isinstance(errors, dict) else {"": errors}
        super().__init__(next(iter(errors.values())))
        self.errors = errors


class WrongStep(CaseError):
    message = _l("This step is not open for the proceeding in its present state. Reload the page.")


def require_status(proceeding: Proceeding, *allowed: str) -> None:
    if proceeding.status not in allowed:
        raise WrongStep()


def open_proceeding(
    inspection: Inspection,
    user: User,
    *,
    finding_ids: list[int],
    party: str,
    person_name: str | None,
    facts: str,
    basis_code: str,
    fine_yuan: int | None,
    measures: list[str],
    photo_ids: list[int],
    client_key: str,
) -> Proceeding:
    """Ask for a proceeding to be filed (REQUESTED); a client key already used returns it."""
    if client_key and (existing := proceeding_by_client_key(client_key, inspection)):
        return existing
    if inspection.is_draft or inspection.status == Status.CLOSED:
        raise StepRefused(_("A proceeding can be opened only on an issued, open case."))
    findings = _case_rows(Finding, inspection, finding_ids)
    facts = (facts or "").strip() or "\n".join(f.description for f in findings)
    values = checked_penalty(inspection, party, person_name, facts, basis_code, fine_yuan, measures)
    if not findings:
        raise StepRefused({"findings": _("Choose at least one finding of this case.")})
    proceeding = Proceeding(
        inspection_id=inspection.id,
        status=S.REQUESTED,
        client_key=client_key or secrets.token_urlsafe(16),
        requested_by_id=user.id,
        findings=findings,
        evidence=case_photos(inspection, photo_ids),
        **values,
    )
    db.session.add(proceeding)
    record_audit(user, "open_proceeding", proceeding, inspection, findings=finding_ids, **values)
    return proceeding


def checked_penalty(inspection, party, person_name, facts, basis_code, fine, measures) -> dict:
    """The intended penalty, checked as a general-procedure penalty on this basis."""
    raw = {
        "party": party,
        "person_name": person_name,
        "violation": facts,
        "basis_code": basis_code,
        "fine_yuan": fine,
        "procedure": Procedure.GENERAL,
        "decision_no": "",
        "decision_date": None,
        "measures": measures,
    }
    try:
        values = check_penalty(inspection, raw)
    except PenaltyRefused as refused:
        raise StepRefused({FIELD_NAMES.get(k, k): v for k, v in refused.errors.items()}) from None
    return {
        "party": values["party"],
        "person_name": values["person_name"],
        "facts": values["violation"],
        "basis_code": values["basis_code"],
        "basis_law": values["basis_law"],
        "basis_article": values["basis_article"],
        "proposed_fine_yuan": values["fine_yuan"],
        "proposed_measures": values["measures"],
    }


def proceeding_by_client_key(client_key: str, inspection: Inspection) -> Proceeding | None:
    found = db.session.scalar(select(Proceeding).where(Proceeding.client_key == client_key))
    if found is not None and found.inspection_id != inspection.id:
        raise StepRefused(_("This form was already used for another case. Reload the page."))
    return found


def _case_rows(model, inspection: Inspection, ids: list[int]) -> list:
    wanted = {int(i) for i in ids}
    if not wanted:
        return []
    query = select(model).where(model.id.in_(wanted), model.inspection_id == inspection.id)
    rows = list(db.session.scalars(query.order_by(model.id)))
    if len(rows) != len(wanted):
        raise StepRefused(_("Choose only findings and photos of this case."))
    return rows


def case_photos(inspection: Inspection, ids: list[int]) -> list[Photo]:
    """The case's own evidence photos with these ids (never the unit's answer photos)."""
    photos = _case_rows(Photo, inspection, ids)
    if any(p.response_id is not None for p in photos):
        raise StepRefused(_("Choose only findings and photos of this case."))
    return photos


def approve_filing(
    proceeding: Proceeding, user: User, *, opinion: str, version: int | None
) -> Proceeding:
    """立案: a supervisor approves; the filing form's number becomes the proceeding's number."""
    if proceeding.status == S.FILED and proceeding.approved_by_id == user.id:
        return proceeding  # a double tap
    require_status(proceeding, S.REQUESTED)
    check_version(proceeding, version)
    _refuse_own_request(proceeding, user)
    opinion = (opinion or "").strip()  # none: the form prints "agreed"
    proceeding.approved_by_id, proceeding.filed_on = user.id, clock.today()
    proceeding.status = S.FILED
    inspection = inspection_of(proceeding)
    document = issue_document(
        inspection,
        DocumentKind.FILING_APPROVAL,
        user,
        content.filing_approval(inspection, proceeding, user, opinion),
        proceeding_id=proceeding.id,
    )
    proceeding.number = document.number
    record_audit(user, "file_proceeding", proceeding, inspection, number=document.number)
    return proceeding


def refuse_filing(
    proceeding: Proceeding, user: User, *, reason: str, version: int | None
) -> Proceeding:
    """不予立案: a supervisor refuses the request, with the reason."""
    if proceeding.status == S.REFUSED:
        return proceeding
    require_status(proceeding, S.REQUESTED)
    check_version(proceeding, version)
    _refuse_own_request(proceeding, user)
    if not (reason := (reason or "").strip()):
        raise StepRefused({"reason": _("Give the reason for refusing to file the case.")})
    proceeding.status, proceeding.refusal_reason = S.REFUSED, reason
    proceeding.approved_by_id = user.id
    record_audit(user, "refuse_filing", proceeding, inspection_of(proceeding), reason=reason)
    return proceeding


def _refuse_own_request(proceeding: Proceeding, user: User) -> None:
    if proceeding.requested_by_id == user.id:
        raise StepRefused(_("The filing must be approved by someone other than its proposer."))


def add_evidence(
    proceeding: Proceeding, user: User, *, photo_ids: list[int], version: int | None
) -> Proceeding:
    """Link more of the case's photos to the proceeding while it is investigated."""
    require_status(proceeding, S.FILED)
    check_version(proceeding, version)
    inspection = inspection_of(proceeding)
    added = [p for p in case_photos(inspection, photo_ids) if p not in proceeding.evidence]
    if not added:
        raise StepRefused({"photo_ids": _("Choose at least one photo not linked yet.")})
    proceeding.evidence.extend(added)
    record_audit(user, "add_evidence", proceeding, inspection, photos=[p.id for p in added])
    return proceeding


def remove_evidence(
    proceeding: Proceeding, user: User, *, photo_id: int, version: int | None
) -> Proceeding:
    """Unlink one photo from the proceeding while it is investigated."""
    require_status(proceeding, S.FILED)
    check_version(proceeding, version)
    photo = next((p for p in proceeding.evidence if p.id == photo_id), None)
    if photo is None:
        return proceeding  # already removed: a double tap
    proceeding.evidence.remove(photo)
    record_audit(user, "remove_evidence", proceeding, inspection_of(proceeding), photo=photo_id)
    return proceeding


def issue_notice(proceeding: Proceeding, user: User, *, version: int | None) -> Proceeding:
    """告知书: the intended penalty and the party's rights; a hearing notice when it has one."""
    if proceeding.status == S.NOTIFIED:
        return proceeding
    require_status(proceeding, S.FILED)
    check_version(proceeding, version)
    _set_deadlines(proceeding)
    inspection = inspection_of(proceeding)
    for kind in _notice_kinds(proceeding):
        issue_document(
            inspection,
            kind,
            user,
            content.notice(inspection, proceeding, kind),
            proceeding_id=proceeding.id,
        )
    record_audit(
        user,
        "notify_proceeding",
        proceeding,
        inspection,
        statement_due=proceeding.statement_due,
        hearing_due=proceeding.hearing_due,
        major=proceeding.major,
    )
    return proceeding


def _set_deadlines(proceeding: Proceeding) -> None:
    rules, today = procedure_rules(), clock.today()
    penalty = (proceeding.party, proceeding.proposed_fine_yuan, proceeding.proposed_measures)
    proceeding.notified_on = today
    proceeding.statement_due = today + timedelta(days=rules.statement_days)
    proceeding.hearing_offered = rules.hearing_right(*penalty)
    if proceeding.hearing_offered:
        proceeding.hearing_due = today + timedelta(days=rules.hearing_request_days)
    proceeding.major = rules.is_major(*penalty)
    proceeding.status = S.NOTIFIED


def _notice_kinds(proceeding: Proceeding) -> list[str]:
    kinds = [DocumentKind.PENALTY_NOTICE]
    return [*kinds, DocumentKind.HEARING_NOTICE] if proceeding.hearing_offered else kinds


def inspection_of(proceeding: Proceeding) -> Inspection:
    return db.session.get(Inspection, proceeding.inspection_id)
