"""Scoped reads of subjects, people and certificates; out of scope raises NotFound (a 404)."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, func, literal_column, or_, select
from sqlalchemy.orm import aliased, contains_eager, selectinload

from inspect_app import clock
from inspect_app.errors import NotFound
from inspect_app.extensions import db
from inspect_app.paging import TEXT_CURSOR, KeysetPage, keyset_page
from inspect_app.subjects.models import ASSESSED_POSITIONS, Certificate, Person, Subject
from inspect_app.subjects.rules import EXPIRING_WITHIN_DAYS, SPECIAL_OPERATION_KINDS

SUBJECT_ORDER = (Subject.name, Subject.id)  # served by ix_subject_name_id and its kin


def subject_query(region_ids: list[int], q: str = "", kind: str = "") -> Select:
    """Subjects in the given regions, matched by name or USCC, filtered by kind."""
    query = (
        select(Subject)
        .options(selectinload(Subject.region))
        .where(Subject.region_id.in_(region_ids))
    )
    if q:
        query = query.where(
            or_(
                Subject.name.icontains(q, autoescape=True),
                Subject.uscc.icontains(q.upper(), autoescape=True),
            )
        )
    if kind:
        query = query.where(Subject.kind == kind)
    return query.order_by(*SUBJECT_ORDER)


def subject_page(region_ids: list[int], cursor: str, q: str = "", kind: str = "") -> KeysetPage:
    """A page of the register, A-Z, after the subject the cursor names."""
    return keyset_page(
        subject_query(region_ids, q, kind),
        SUBJECT_ORDER,
        lambda subject: (subject.name, subject.id),
        cursor,
        ascending=True,
        codec=TEXT_CURSOR,
    )


def get_subject(subject_id: int, region_ids: list[int]) -> Subject:
    """The subject if it is in scope, else NotFound."""
    subject = db.session.get(Subject, subject_id)
    if subject is None or subject.region_id not in region_ids:
        raise NotFound
    return subject


def get_person(subject: Subject, person_id: int) -> Person:
    """A person of this subject, else NotFound."""
    person = db.session.get(Person, person_id)
    if person is None or person.subject_id != subject.id:
        raise NotFound
    return person


def get_certificate(subject: Subject, certificate_id: int) -> Certificate:
    """A certificate of one of this subject's people, else NotFound."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.person.subject_id != subject.id:
        raise NotFound
    return certificate


@dataclass(frozen=True)
class ProblemPerson:
    person: Person
    subject: Subject
    problems: list[str]


def problem_people(region_ids: list[int], day: date | None = None) -> list[ProblemPerson]:
    """People in scope with a certificate or assessment problem on the given day."""
    day = day or clock.today()
    # Sorted by the name as an expression (the same text, the same order): SQLite would
    # otherwise walk every subject of the county along the name index to spare the sort,
    # instead of the subjects of these regions along ix_subject_region_id.
    by_name = Subject.name.concat(literal_column("''"))
    query = (
        select(Person)
        .join(Subject)
        .where(Subject.region_id.in_(region_ids), _may_have_problem(day))
        .options(contains_eager(Person.subject), selectinload(Person.certificates))
        .order_by(by_name, Person.id)
    )
    found = ((p, p.problems_on(day)) for p in db.session.scalars(query))
    return [ProblemPerson(p, p.subject, problems) for p, problems in found if problems]


def _may_have_problem(day: date):
    """Every person `Person.problems_on(day)` finds a problem for, and a few more: the database
    narrows a county's people to the candidates, the model decides. A certificate is not
    valid within EXPIRING_WITHIN_DAYS of its expiry; a review is overdue three years (at
    least 1,094 days, month ends clamped) after the last one; an assessment six months (at
    least 178 days) after appointment."""
    flagged = select(Certificate.id).where(
        Certificate.person_id == Person.id,
        or_(
            Certificate.expires_on <= day + timedelta(days=EXPIRING_WITHIN_DAYS),
            and_(
                Certificate.kind.in_(SPECIAL_OPERATION_KINDS),
                func.coalesce(Certificate.reviewed_on, Certificate.issued_on)
                < day - timedelta(days=1094),
            ),
        ),
    )
    # The unit's risk is looked up for the few candidates only (an EXISTS by primary key), so
    # the subjects of a county are still read from their covering index alone.
    unit = aliased(Subject)
    high_risk = select(unit.id).where(unit.id == Person.subject_id, unit.high_risk)
    assessed = and_(
        Person.position.in_([str(p) for p in ASSESSED_POSITIONS]),
        Person.appointed_on < day - timedelta(days=178),
        high_risk.exists(),
    )
    return or_(flagged.exists(), assessed)
