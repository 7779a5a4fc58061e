"""Certificate spot checks: recording them, adding people met on site, proposing findings."""

from datetime import date

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app.audit.models import AuditEntry
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError, NotEditable, StaleEdit
from inspect_app.inspections.models import Inspection, Status
from inspect_app.inspections.services import (
    case_started_local,
    check_version,
    commit_change,
    prepare_change,
)
from inspect_app.labels import CERTIFICATE_KIND_LABELS, POSITION_LABELS
from inspect_app.redaction import mask_name
from inspect_app.spotchecks.models import (
    PROBLEM_LABELS,
    CertificateCheck,
    CheckResult,
    check_problems,
    required_kind_met,
)
from inspect_app.subjects.models import Certificate, Person, Position
from inspect_app.subjects.services import save_certificate, save_person

# The order people are listed in: special operators, then principals and safety managers.
GROUPS = (
    ("special_operators", (Position.SPECIAL_OPERATOR,)),
    ("managers", (Position.PRINCIPAL, Position.SAFETY_MANAGER)),
    ("workers", (Position.WORKER,)),
)
ADD_PERSON = "add_person_on_site"
ADD_CERTIFICATE = "add_certificate_on_site"


class PersonNotInCase(CaseError):
    message = _l("This person does not belong to the inspected unit.")


class CertificateNotOfPerson(CaseError):
    message = _l("This certificate is not one of this person's certificates.")


class CheckIncomplete(CaseError):
    message = _l("Choose the certificate that was shown and whether its number matches.")


def inspection_day(inspection: Inspection) -> date:
    """The inspection date in the configured time zone: statuses are computed on it."""
    return case_started_local(inspection).date()


def people_groups(inspection: Inspection) -> list[tuple[str, list[Person]]]:
    """The subject's people by group (special operators first); empty groups left out."""
    people = inspection.subject.people
    groups = [(key, [p for p in people if p.position in positions]) for key, positions in GROUPS]
    return [(key, members) for key, members in groups if members]


def checks_by_person(inspection: Inspection) -> dict[int, CertificateCheck]:
    """The case's checks, keyed by person id."""
    query = select(CertificateCheck).where(CertificateCheck.inspection_id == inspection.id)
    return {check.person_id: check for check in db.session.scalars(query)}


def check_for(inspection: Inspection, person: Person) -> CertificateCheck | None:
    query = select(CertificateCheck).where(
        CertificateCheck.inspection_id == inspection.id, CertificateCheck.person_id == person.id
    )
    return db.session.scalar(query)


def next_unchecked(inspection: Inspection, person: Person) -> Person | None:
    """The next person in list order (wrapping round) who has not been checked yet."""
    ordered = [p for _key, members in people_groups(inspection) for p in members]
    checked = checks_by_person(inspection)
    start = ordered.index(person) + 1 if person in ordered else 0
    rest = ordered[start:] + ordered[:start]
    return next((p for p in rest if p.id not in checked and p.id != person.id), None)


def default_certificate(person: Person) -> Certificate | None:
    """The certificate the person's job calls for, latest expiry first; else any."""
    latest = sorted(person.certificates, key=lambda c: c.expires_on, reverse=True)
    high_risk = person.subject.high_risk
    fitting = [c for c in latest if required_kind_met(person.position, high_risk, c.kind)]
    return next(iter(fitting or latest), None)


def record_certificate_check(
    inspection: Inspection,
    user: User,
    person: Person,
    certificate_id: int | None,
    shown: bool,
    number_matches: bool | None,
    platform_verified: bool,
    note: str,
    version: int | None,
    reason: str | None,
) -> CertificateCheck:
    """Create or update the one check of a person in this case; compute status and result."""
    prepare_change(inspection, reason)
    certificate = _certificate_of(person, inspection, certificate_id)
    if shown and (certificate is None or number_matches is None):
        raise CheckIncomplete()
    values = {
        "certificate_id": certificate.id if certificate else None,
        "shown": shown,
        "number_matches": number_matches if shown else None,
        "status": certificate.status_on(inspection_day(inspection)).value if certificate else None,
        "platform_verified": platform_verified,
        "note": (note or "").strip(),
    }
    check = check_for(inspection, person)
    if check is not None and _same(check, values):
        return check  # nothing changed (or a double tap): no audit row, no revision
    check = _check_to_change(inspection, person, check, version)
    _apply(check, person, certificate, values, user)
    details = {**values, "person": person.name, "result": check.result}
    record_audit(user, "record_certificate_check", check, inspection, **details)
    commit_change(inspection, user, reason)
    return check


def _certificate_of(person, inspection, certificate_id) -> Certificate | None:
    if person.subject_id != inspection.subject_id:
        raise PersonNotInCase()
    if certificate_id is None:
        return None
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.person_id != person.id:
        raise CertificateNotOfPerson()
    return certificate


def _same(check: CertificateCheck, values: dict) -> bool:
    return all(getattr(check, name) == value for name, value in values.items())


def _check_to_change(inspection, person, check, version) -> CertificateCheck:
    """The existing check at the version the form saw, or a new one if the form saw none."""
    if check is None:
        if version is not None:  # the form showed a check that no longer exists
            raise StaleEdit()
        return CertificateCheck(inspection_id=inspection.id, person=person)
    if version is None:  # someone else checked this person since the form was opened
        raise StaleEdit()
    check_version(check, version)
    return check


def _apply(check, person, certificate, values: dict, user: User) -> None:
    """Set the values and the result; the result is worked out first (loading the person's
    subject must not flush a half-changed row)."""
    shown, matches, status = values["shown"], values["number_matches"], values["status"]
    failed = check_problems(person, certificate, shown, matches, status)
    for name, value in values.items():
        setattr(check, name, value)
    check.certificate = certificate
    check.result = CheckResult.FAIL.value if failed else CheckResult.PASS.value
    check.checked_by, check.checked_at = user, utcnow()
    db.session.add(check)


def add_person_on_site(inspection: Inspection, user: User, data: dict) -> Person:
    """Add a person met on site to the case's subject, with a certificate if one was given."""
    _refuse_closed(inspection)
    data = dict(data)
    certificate_data, client_key = data.pop("certificate", None), data.pop("client_key", "")
    person = save_person(inspection.subject, None, data)
    details = {"name": person.name, "position": person.position, "client_key": client_key}
    record_audit(user, ADD_PERSON, person, inspection, **details)
    if certificate_data:
        add_certificate_on_site(inspection, user, person, certificate_data)
    return person


def add_certificate_on_site(
    inspection: Inspection, user: User, person: Person, data: dict
) -> Certificate:
    """Add a certificate shown on site to a person of the case's subject."""
    _refuse_closed(inspection)
    if person.subject_id != inspection.subject_id:
        raise PersonNotInCase()
    data = dict(data)
    client_key = data.pop("client_key", "")
    certificate = save_certificate(person, None, data)
    details = {"person": person.name, "kind": certificate.kind, "number": certificate.number}
    record_audit(user, ADD_CERTIFICATE, certificate, inspection, client_key=client_key, **details)
    return certificate


def _refuse_closed(inspection: Inspection) -> None:
    if inspection.status == Status.CLOSED:
        raise NotEditable()


def person_added_with_key(inspection: Inspection, client_key: str) -> Person | None:
    """The person a form with this key already added to the case (a double tap), if any."""
    entity_id = _added_with_key(inspection, ADD_PERSON, client_key)
    return db.session.get(Person, entity_id) if entity_id else None


def certificate_added_with_key(inspection: Inspection, client_key: str) -> Certificate | None:
    """The certificate a form with this key already added (a double tap), if any."""
    entity_id = _added_with_key(inspection, ADD_CERTIFICATE, client_key)
    return db.session.get(Certificate, entity_id) if entity_id else None


def _added_with_key(inspection: Inspection, action: str, client_key: str) -> int | None:
    """People and certificates have no client_key column: the audit row keeps the key."""
    if not client_key:
        return None
    query = select(AuditEntry).where(
        AuditEntry.inspection_id == inspection.id, AuditEntry.action == action
    )
    entries = db.session.scalars(query)
    return next((e.entity_id for e in entries if e.details.get("client_key") == client_key), None)


def finding_text(check: CertificateCheck) -> str:
    """A finding's description for a failed check, in the user's language, the name masked
    (findings reach the public page and the public edition of the record)."""
    person = check.person
    labels = [str(PROBLEM_LABELS[p]) for p in check.problems]
    problems = _join(labels) if labels else _("the spot check was not passed")
    if person.position == Position.SPECIAL_OPERATOR and check.certificate is not None:
        kind = str(CERTIFICATE_KIND_LABELS.get(check.certificate.kind, check.certificate.kind))
        return _(
            "Special operator %(name)s (%(kind)s) was working without a valid certificate: "
            "%(problems)s.",
            name=mask_name(person.name),
            kind=kind,
            problems=problems,
        )
    if person.position == Position.SPECIAL_OPERATOR:
        return _(
            "Special operator %(name)s was working without a valid certificate: %(problems)s.",
            name=mask_name(person.name),
            problems=problems,
        )
    position = str(POSITION_LABELS.get(person.position, person.position))
    if person.needs_assessment:
        return _(
            "%(position)s %(name)s of a high-risk unit holds no valid safety knowledge and "
            "management assessment certificate: %(problems)s.",
            position=position,
            name=mask_name(person.name),
            problems=problems,
        )
    return _(
        "%(position)s %(name)s did not pass the certificate spot check: %(problems)s.",
        position=position,
        name=mask_name(person.name),
        problems=problems,
    )


def _join(parts: list[str]) -> str:
    """Join phrases with the list separator of the user's language."""
    locale = get_locale()
    return ("、" if locale is None or locale.language == "zh" else ", ").join(parts)
