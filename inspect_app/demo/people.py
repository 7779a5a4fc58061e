"""The people of each demo subject, with certificates in every status as of today."""

import hashlib
from datetime import date, timedelta

from stdnum.cn import ric

from inspect_app.subjects import services
from inspect_app.subjects.models import Subject
from inspect_app.subjects.rules import add_years


def _demo_phone(name: str) -> str:
    return "138" + str(int(hashlib.sha256(name.encode()).hexdigest(), 16))[:8]


def _demo_id(seq: int, born: date) -> str:
    body = f"320623{born:%Y%m%d}{seq % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def seed_people(subject: Subject, index: int, today: date) -> None:
    """A principal, a safety manager and two special operators with varied certificates."""
    born = date(1984 + index % 10, 1 + index % 12, 1 + index % 27)
    principal = _person(
        subject,
        "principal",
        subject.contact_name,
        _demo_id(index * 10 + 1, born),
        today - timedelta(days=240 if index % 3 == 0 else 900),
    )
    if index % 3 != 0:
        _certificate(
            principal,
            "safety_assessment",
            f"AQ{index:04d}01",
            today - timedelta(days=800),
            add_years(today - timedelta(days=800), 3),
        )
    manager = _person(
        subject,
        "safety_manager",
        f"管理员{index + 1}号",
        _demo_id(index * 10 + 2, date(1985, 5, 1 + index)),
        today - timedelta(days=400),
    )
    _certificate(
        manager,
        "safety_assessment",
        f"AQ{index:04d}02",
        today - timedelta(days=380),
        add_years(today - timedelta(days=380), 3),
    )
    for offset, (kind, status) in enumerate(_operator_plan(subject.kind)):
        operator = _person(
            subject,
            "special_operator",
            _operator_name(index, offset),
            _demo_id(index * 10 + 3 + offset, date(1990, 3, 1 + offset)),
            None,
        )
        _certificate(operator, kind, f"T{320623}{index:03d}{offset}", *_dates(status, today))


def _operator_plan(kind: str) -> tuple[tuple[str, str], ...]:
    if kind == "production_unit":
        return (
            ("electrician", "valid"),
            ("welding", "expiring"),
            ("work_at_height", "expired"),
            ("refrigeration", "review_overdue"),
        )
    return (("electrician", "valid"),)


def _operator_name(index: int, offset: int) -> str:
    surnames = "赵钱孙李周吴郑王冯陈"
    given = ("建华", "晓明", "海涛", "丽娟")
    return surnames[(index + offset) % 10] + given[offset % 4]


def _dates(status: str, today: date) -> tuple[date, date, date | None]:
    """(issued, expires, reviewed) that give the wanted status today."""
    if status == "expiring":
        return (
            add_years(today, -6) + timedelta(days=30),
            today + timedelta(days=30),
            today - timedelta(days=200),
        )
    if status == "expired":
        return add_years(today, -6) - timedelta(days=10), today - timedelta(days=10), None
    if status == "review_overdue":
        issued = today - timedelta(days=4 * 365)
        return issued, add_years(issued, 6), None
    issued = today - timedelta(days=400)
    return issued, add_years(issued, 6), None


def _person(subject, position, name, id_number, appointed_on):
    data = {
        "name": name,
        "position": position,
        "id_number": id_number,
        "appointed_on": appointed_on,
        "phone": _demo_phone(name),
    }
    return services.save_person(subject, None, data)


def _certificate(person, kind, number, issued_on, expires_on, reviewed_on=None):
    data = {
        "kind": kind,
        "number": number,
        "issued_on": issued_on,
        "expires_on": expires_on,
        "reviewed_on": reviewed_on,
        "verified_on": None,
    }
    return services.save_certificate(person, None, data)
