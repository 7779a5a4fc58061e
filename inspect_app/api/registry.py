"""The subject register over the API: subjects, people and certificates, with the pages'
services and rules. Updates carry the version they were based on."""

from flask import abort, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.api.idempotency import idempotent
from inspect_app.api.pagination import PageQuery, paginate
from inspect_app.api.problems import Problem
from inspect_app.api.registry_schemas import (
    CertificateIn,
    CertificateOut,
    CertificatePatch,
    PersonIn,
    PersonOut,
    PersonPatch,
    SubjectIn,
    SubjectOut,
    SubjectPatch,
    SubjectQuery,
)
from inspect_app.api.schemas import page_of
from inspect_app.auth.access import scope_ids
from inspect_app.auth.services import can_edit_subjects
from inspect_app.extensions import db
from inspect_app.inspections.errors import StaleEdit
from inspect_app.subjects import checks, queries, services
from inspect_app.subjects.models import Certificate, Person, Subject
from inspect_app.subjects.services import CERTIFICATE_FIELDS, PERSON_FIELDS

TAG = "Subjects"
WRITE = {"auth": token_auth, "tag": TAG}


def _subject(subject_id: int) -> Subject:
    return queries.get_subject(subject_id, scope_ids())


def _person(person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None or person.subject.region_id not in scope_ids():
        abort(404)
    return person


def _certificate(certificate_id: int) -> Certificate:
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.person.subject.region_id not in scope_ids():
        abort(404)
    return certificate


def _require_editor() -> None:
    if not can_edit_subjects(current_user):
        raise Problem(403, "forbidden", _("Your role may read the register but not change it."))


def _refuse(problems: dict) -> None:
    """Rules that need the stored record (uniqueness, dates against stored dates): a 422."""
    if problems := {name: [str(message)] for name, message in problems.items() if message}:
        detail = _("Some fields are not valid. Correct them and send again.")
        raise Problem(422, "validation", detail, errors=problems)


def _save(save, obj, out_schema, *args):
    """Call a save service; a stale version is a 409 carrying the current state."""
    try:
        return save(*args)
    except StaleEdit as error:
        raise Problem(
            409, "stale-version", str(error.message), current=out_schema().dump(obj)
        ) from error


def _merged(obj, names: tuple[str, ...], body: dict) -> dict:
    return {**{name: getattr(obj, name) for name in names}, **body}


def _created(obj, endpoint: str, **values):
    return obj, 201, {"Location": url_for(endpoint, **values)}


@bp.get("/subjects")
@bp.auth_required(token_auth)
@bp.input(PageQuery, location="query", arg_name="page")
@bp.input(SubjectQuery, location="query", arg_name="search")
@bp.output(page_of(SubjectOut))
@bp.doc(tags=[TAG])
def list_subjects(page, search):
    """Subjects in scope, matched by name or USCC, of one kind."""
    query = queries.subject_query(scope_ids(), search["q"], search["kind"])
    return paginate(query, Subject.id, page["cursor"], page["limit"])


@bp.post("/subjects")
@bp.auth_required(token_auth)
@idempotent
@bp.input(SubjectIn, arg_name="body")
@bp.output(SubjectOut, status_code=201)
@bp.doc(tags=[TAG], responses={403: "Your role cannot change the register", 409: "Conflict"})
def create_subject(body):
    """Add a subject (inspectors and admins)."""
    _require_editor()
    _refuse({"uscc": checks.uscc_taken(body["uscc"], None, scope_ids())})
    subject = services.save_subject(None, body)
    return _created(subject, "api.get_subject", subject_id=subject.id)


@bp.get("/subjects/<int:subject_id>")
@bp.auth_required(token_auth)
@bp.output(SubjectOut)
@bp.doc(tags=[TAG], responses={404: "Not found or out of scope"})
def get_subject(subject_id):
    """One subject in scope."""
    return _subject(subject_id)


@bp.patch("/subjects/<int:subject_id>")
@bp.auth_required(token_auth)
@idempotent
@bp.input(SubjectPatch, arg_name="body")
@bp.output(SubjectOut)
@bp.doc(tags=[TAG], responses={403: "Forbidden", 404: "Not found", 409: "Stale version"})
def update_subject(subject_id, body):
    """Change a subject; send only the fields to change, and the version."""
    subject = _subject(subject_id)
    _require_editor()
    if "uscc" in body:
        _refuse({"uscc": checks.uscc_taken(body["uscc"], subject.id, scope_ids())})
    return _save(services.save_subject, subject, SubjectOut, subject, body)


@bp.get("/subjects/<int:subject_id>/people")
@bp.auth_required(token_auth)
@bp.input(PageQuery, location="query", arg_name="page")
@bp.output(page_of(PersonOut))
@bp.doc(tags=[TAG], responses={404: "Not found or out of scope"})
def list_people(subject_id, page):
    """The people of a subject."""
    subject = _subject(subject_id)
    query = select(Person).where(Person.subject_id == subject.id)
    return paginate(query, Person.id, page["cursor"], page["limit"])


@bp.post("/subjects/<int:subject_id>/people")
@bp.auth_required(token_auth)
@idempotent
@bp.input(PersonIn, arg_name="body")
@bp.output(PersonOut, status_code=201)
@bp.doc(tags=[TAG], responses={403: "Forbidden", 404: "Not found", 409: "Conflict"})
def create_person(subject_id, body):
    """Add a person to a subject."""
    subject = _subject(subject_id)
    _require_editor()
    _refuse({"appointed_on": checks.appointed_on_problem(body.get("appointed_on"))})
    person = services.save_person(subject, None, body)
    return _created(person, "api.get_person", person_id=person.id)


@bp.get("/people/<int:person_id>")
@bp.auth_required(token_auth)
@bp.output(PersonOut)
@bp.doc(tags=[TAG], responses={404: "Not found or out of scope"})
def get_person(person_id):
    """One person of a subject in scope."""
    return _person(person_id)


@bp.patch("/people/<int:person_id>")
@bp.auth_required(token_auth)
@idempotent
@bp.input(PersonPatch, arg_name="body")
@bp.output(PersonOut)
@bp.doc(tags=[TAG], responses={403: "Forbidden", 404: "Not found", 409: "Stale version"})
def update_person(person_id, body):
    """Change a person; send only the fields to change, and the version."""
    person = _person(person_id)
    _require_editor()
    merged = _merged(person, PERSON_FIELDS, body)
    _refuse({"appointed_on": checks.appointed_on_problem(merged["appointed_on"])})
    return _save(services.save_person, person, PersonOut, person.subject, person, body)


@bp.get("/people/<int:person_id>/certificates")
@bp.auth_required(token_auth)
@bp.input(PageQuery, location="query", arg_name="page")
@bp.output(page_of(CertificateOut))
@bp.doc(tags=[TAG], responses={404: "Not found or out of scope"})
def list_certificates(person_id, page):
    """The certificates of a person."""
    person = _person(person_id)
    query = select(Certificate).where(Certificate.person_id == person.id)
    return paginate(query, Certificate.id, page["cursor"], page["limit"])


@bp.post("/people/<int:person_id>/certificates")
@bp.auth_required(token_auth)
@idempotent
@bp.input(CertificateIn, arg_name="body")
@bp.output(CertificateOut, status_code=201)
@bp.doc(tags=[TAG], responses={403: "Forbidden", 404: "Not found", 409: "Conflict"})
def create_certificate(person_id, body):
    """Add a certificate to a person; no expiry means the statutory validity."""
    person = _person(person_id)
    _require_editor()
    _refuse(checks.certificate_problems(body))
    certificate = services.save_certificate(person, None, body)
    return _created(certificate, "api.get_certificate", certificate_id=certificate.id)


@bp.get("/certificates/<int:certificate_id>")
@bp.auth_required(token_auth)
@bp.output(CertificateOut)
@bp.doc(tags=[TAG], responses={404: "Not found or out of scope"})
def get_certificate(certificate_id):
    """One certificate of a person in scope."""
    return _certificate(certificate_id)


@bp.patch("/certificates/<int:certificate_id>")
@bp.auth_required(token_auth)
@idempotent
@bp.input(CertificatePatch, arg_name="body")
@bp.output(CertificateOut)
@bp.doc(tags=[TAG], responses={403: "Forbidden", 404: "Not found", 409: "Stale version"})
def update_certificate(certificate_id, body):
    """Change a certificate; send only the fields to change, and the version."""
    certificate = _certificate(certificate_id)
    _require_editor()
    _refuse(checks.certificate_problems(_merged(certificate, CERTIFICATE_FIELDS, body)))
    args = (certificate.person, certificate, body)
    return _save(services.save_certificate, certificate, CertificateOut, *args)
