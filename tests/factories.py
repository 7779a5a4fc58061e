"""Factories: small functions that build valid objects, overridable field by field."""

import itertools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from stdnum.cn import ric, uscc

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.auth.services import create_user
from inspect_app.extensions import db
from inspect_app.regions.models import Region
from inspect_app.regions.services import create_region
from inspect_app.subjects.models import Certificate, Person, Subject
from inspect_app.subjects.services import save_certificate, save_person, save_subject

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


def valid_uscc(n: int | None = None) -> str:
    body = f"91320623{(n or next(_seq)):09d}"
    return body + uscc.calc_check_digit(body)


def valid_id_number(n: int | None = None, born: date = date(1980, 5, 17)) -> str:
    body = f"110101{born:%Y%m%d}{(n or next(_seq)) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def make_region(code: str, name: str | None = None, parent: Region | None = None) -> Region:
    return create_region(code, name or f"Region {code}", parent)


def make_user(region: Region, role: str = "inspector", username: str | None = None) -> User:
    username = username or f"user{next(_seq)}"
    return create_user(username, PASSWORD, role, region, username.title(), f"CERT{next(_seq)}")


def make_subject(region: Region, **fields) -> Subject:
    data = {
        "kind": "production_unit",
        "name": f"Unit {next(_seq)}",
        "uscc": valid_uscc(),
        "industry": "manufacturing",
        "high_risk": False,
        "region_id": region.id,
    }
    data.update(fields)
    return save_subject(None, data)


def make_person(subject: Subject, **fields) -> Person:
    data = {"name": f"Person {next(_seq)}", "position": "special_operator", "phone": ""}
    data["id_number"] = valid_id_number()
    data.update(fields)
    return save_person(subject, None, data)


def make_certificate(person: Person, **fields) -> Certificate:
    data = {"kind": "electrician", "number": f"T{next(_seq)}", "issued_on": date(2024, 1, 10)}
    data.update(fields)
    return save_certificate(person, None, data)


@dataclass
class World:
    county: Region
    town_a: Region
    town_b: Region
    admin: User
    county_supervisor: User
    supervisor_a: User
    inspector_a: User
    inspector_b: User
    subject_a: Subject
    subject_b: Subject
    person_b: Person
    certificate_b: Certificate
    inspection_b: object = None


def make_world() -> World:
    county = make_region("C1", "County")
    town_a, town_b = make_region("TA", "Town A", county), make_region("TB", "Town B", county)
    subject_b = make_subject(town_b, name="Unit in B")
    person_b = make_person(subject_b)
    world = World(
        county=county,
        town_a=town_a,
        town_b=town_b,
        admin=make_user(county, "admin", "admin1"),
        county_supervisor=make_user(county, "supervisor", "sup_county"),
        supervisor_a=make_user(town_a, "supervisor", "sup_a"),
        inspector_a=make_user(town_a, "inspector", "insp_a"),
        inspector_b=make_user(town_b, "inspector", "insp_b"),
        subject_a=make_subject(town_a, name="Unit in A"),
        subject_b=subject_b,
        person_b=person_b,
        certificate_b=make_certificate(person_b),
    )
    db.session.commit()
    world.inspection_b = _inspection_in_town_b(world)
    return world


def _inspection_in_town_b(world: World):
    """A draft in town B, started at 10:00 the day before make_inspection's cases."""
    from inspect_app.inspections.services import open_inspection

    second = make_user(world.town_b, "inspector")
    inspection = open_inspection(
        world.subject_b,
        world.inspector_b,
        [world.inspector_b, second],
        started_at=inspection_start() - timedelta(hours=23, minutes=30),
        place="B",
        representative_name="B rep",
        representative_position="B",
    )
    db.session.commit()
    return inspection


def inspection_day() -> date:
    """The local day make_inspection starts a case on: two days before the clock's today."""
    return clock.today() - timedelta(days=2)


def inspection_start() -> datetime:
    """09:30 local time on inspection_day(), as UTC."""
    return clock.from_local(datetime.combine(inspection_day(), time(9, 30)))


def make_inspection(world: World, subject: Subject | None = None, **fields):
    """A draft case in town A with two inspectors (inspector_a and a second one)."""
    from inspect_app.inspections.services import open_inspection

    subject = subject or world.subject_a
    second = make_user(subject.region, "inspector")
    data = {
        "started_at": inspection_start(),
        "place": "洋口镇 1 号",
        "representative_name": "顾建国",
        "representative_position": "主要负责人",
    }
    data.update(fields)
    inspection = open_inspection(subject, world.inspector_a, [world.inspector_a, second], **data)
    db.session.commit()
    return inspection
