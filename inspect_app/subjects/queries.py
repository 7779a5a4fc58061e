"""Scoped reads of subjects, people and certificates; out of scope raises NotFound (a 404)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice

from sqlalchemy import Select, and_, func, or_, select, tuple_
from sqlalchemy.orm import aliased, selectinload

from inspect_app import clock
from inspect_app.errors import NotFound
from inspect_app.extensions import db
from inspect_app.paging import (
    TEXT_CURSOR,
    KeysetPage,
    decode_text_cursor,
    encode_text_cursor,
    keyset_page,
)
from inspect_app.subjects.models import Certificate, Person, Subject
from inspect_app.subjects.rules import (
    ASSESSED_POSITIONS,
    ASSESSMENT_KIND,
    EXPIRING_WITHIN_DAYS,
    SPECIAL_OPERATION_KINDS,
    assessment_overdue,
    needs_assessment,
    person_problems,
)

SUBJECT_ORDER = (Subject.name, Subject.id)  # served by ix_subject_name_id and its kin
CANDIDATE_BATCH = 128  # at most, people read at a time while looking for certificate problems
PROBLEM_PAGE_SIZE = 30


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
    """A person with a problem, as the lists show them (read as plain rows, not models)."""

    person_id: int
    name: str
    position: str
    subject_id: int
    subject_name: str
    problems: list[str]


@dataclass(frozen=True)
class ProblemSummary:
    people: list[ProblemPerson]  # the first few, by unit name
    count: int  # people with a problem, counted up to `cap`
    capped: bool  # there are more than `cap`


@dataclass(frozen=True)
class ProblemPage:
    people: list[ProblemPerson]
    next_cursor: str | None  # where the next page starts, if there is one
    first: bool
    refused_cursor: bool


def problem_summary(region_ids: list[int], day: date, listed: int, cap: int) -> ProblemSummary:
    """The first `listed` people in scope with a problem on the day, and how many there are,
    counted no further than cap + 1: a county holds thousands."""
    people = _problem_people(region_ids, day, None, cap + 1)
    found = list(islice(people, cap + 1))
    return ProblemSummary(found[:listed], min(len(found), cap), len(found) > cap)


def problem_page(
    region_ids: list[int], cursor: str, day: date | None = None, size: int = PROBLEM_PAGE_SIZE
) -> ProblemPage:
    """A page of the people with a problem, by unit name, after the person the cursor names."""
    after = decode_text_cursor(cursor) if cursor else None
    people = _problem_people(region_ids, day or clock.today(), after, size + 1)
    found = list(islice(people, size + 1))
    last = found[size - 1] if len(found) > size else None
    following = encode_text_cursor(last.subject_name, last.person_id) if last else None
    return ProblemPage(found[:size], following, after is None, bool(cursor) and after is None)


def _problem_people(
    region_ids: list[int], day: date, after, wanted: int
) -> Iterator[ProblemPerson]:
    """People with a problem by unit name, after (name, id). The database narrows them to
    candidates; the rules decide, on plain rows: the lists read up to a hundred people."""
    # Nearly every candidate has a problem: read as many as are wanted and a quarter more at
    # a time, so one statement usually does.
    batch = min(wanted + wanted // 4, CANDIDATE_BATCH)
    for rows in _candidate_batches(region_ids, day, after, batch):
        certificates = _certificates_of([row.id for row in rows])
        for row in rows:
            held = certificates.get(row.id, [])
            needs = needs_assessment(row.position, row.high_risk)
            overdue = assessment_overdue(needs, row.appointed_on, held, day)
            if problems := person_problems(held, overdue, day):
                yield ProblemPerson(
                    row.id, row.name, row.position, row.subject_id, row.subject_name, problems
                )


def _candidate_batches(region_ids: list[int], day: date, after, batch: int) -> Iterator[list]:
    """The candidates, by unit name and id, `batch` rows at a time after (name, id)."""
    order = (Subject.name, Person.id)  # walked along ix_subject_region_name or ix_subject_name_id
    query = (
        select(
            Person.id,
            Person.name,
            Person.position,
            Person.appointed_on,
            Subject.id.label("subject_id"),
            Subject.name.label("subject_name"),
            Subject.high_risk,
        )
        .join(Subject)
        .where(Subject.region_id.in_(region_ids), _may_have_problem(day))
        .order_by(*order)
        .limit(batch)
    )
    types = [column.type for column in order]
    while True:
        page = query if after is None else query.where(tuple_(*order) > tuple_(*after, types=types))
        rows = db.session.execute(page).all()
        if rows:
            yield rows
        if len(rows) < batch:
            return
        after = (rows[-1].subject_name, rows[-1].id)


def _certificates_of(person_ids: list[int]) -> dict[int, list]:
    """Each person's certificates as rows of the columns the rules read."""
    query = select(
        Certificate.person_id,
        Certificate.kind,
        Certificate.issued_on,
        Certificate.expires_on,
        Certificate.reviewed_on,
    ).where(Certificate.person_id.in_(person_ids))
    held: dict[int, list] = {}
    for row in db.session.execute(query):
        held.setdefault(row.person_id, []).append(row)
    return held


def _may_have_problem(day: date):
    """Every person `Person.problems_on(day)` finds a problem for, and a few more: the database
    narrows a county's people to the candidates, the model decides. A certificate is not
    valid within EXPIRING_WITHIN_DAYS of its expiry; a review is overdue three years (at
    least 1,094 days, month ends clamped) after the last one; an assessment six months (at
    least 178 days) after appointment, when none was passed by the day."""
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
    assessment = select(Certificate.id).where(
        Certificate.person_id == Person.id,
        Certificate.kind == ASSESSMENT_KIND,
        Certificate.issued_on <= day,
    )
    assessed = and_(
        Person.position.in_([str(p) for p in ASSESSED_POSITIONS]),
        Person.appointed_on < day - timedelta(days=178),
        high_risk.exists(),
        ~assessment.exists(),
    )
    return or_(flagged.exists(), assessed)
