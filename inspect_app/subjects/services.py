"""Changes to subjects, people and certificates."""

from sqlalchemy.orm.exc import StaleDataError

from inspect_app.errors import StaleEdit
from inspect_app.extensions import db
from inspect_app.labels import HIGH_RISK_INDUSTRIES
from inspect_app.subjects.models import Certificate, Person, Subject
from inspect_app.subjects.rules import ASSESSMENT_KIND, add_years, default_expiry

ASSESSMENT_VALID_YEARS = 3
SUBJECT_FIELDS = (
    "kind",
    "name",
    "uscc",
    "address",
    "industry",
    "high_risk",
    "region_id",
    "contact_name",
    "contact_phone",
)
PERSON_FIELDS = ("name", "position", "id_number", "appointed_on", "phone")
CERTIFICATE_FIELDS = ("kind", "number", "issued_on", "expires_on", "reviewed_on", "verified_on")


def _assign(obj, fields: tuple[str, ...], data: dict) -> None:
    for name in fields:
        if name in data:
            value = data[name]
            setattr(obj, name, value.strip() if isinstance(value, str) else value)


def check_version(obj, data: dict) -> None:
    """Refuse an update based on another version than the stored one (StaleEdit)."""
    submitted = data.get("version")
    if obj is not None and submitted is not None and int(submitted) != obj.version:
        raise StaleEdit()


def _flush() -> None:
    """Write now; a save that lost a race with another one is a StaleEdit too."""
    try:
        db.session.flush()
    except StaleDataError as error:
        raise StaleEdit() from error


def save_subject(subject: Subject | None, data: dict) -> Subject:
    """Create or update a subject; high-risk industries are always flagged high risk."""
    check_version(subject, data)
    subject = subject or Subject()
    _assign(subject, SUBJECT_FIELDS, data)
    subject.high_risk = bool(subject.high_risk) or subject.industry in HIGH_RISK_INDUSTRIES
    db.session.add(subject)
    _flush()
    return subject


def save_person(subject: Subject, person: Person | None, data: dict) -> Person:
    """Create or update a person of a subject."""
    check_version(person, data)
    person = person or Person(subject=subject)
    _assign(person, PERSON_FIELDS, data)
    db.session.add(person)
    _flush()
    return person


def save_certificate(person: Person, certificate: Certificate | None, data: dict) -> Certificate:
    """Create or update a certificate; a blank expiry takes the statutory validity."""
    check_version(certificate, data)
    certificate = certificate or Certificate(person=person)
    _assign(certificate, CERTIFICATE_FIELDS, data)
    if certificate.expires_on is None:
        certificate.expires_on = _statutory_expiry(certificate)
    db.session.add(certificate)
    _flush()
    return certificate


def _statutory_expiry(certificate: Certificate):
    if certificate.kind == ASSESSMENT_KIND:
        return add_years(certificate.issued_on, ASSESSMENT_VALID_YEARS)
    return default_expiry(certificate.kind, certificate.issued_on)
