"""Demo data: one county, two towns, a user of each role, and a register of subjects.

Dates are relative to today, so every certificate status is present whenever it is loaded.
"""

import hashlib
from datetime import date, timedelta

from sqlalchemy import func, select
from stdnum.cn import ric, uscc

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.auth.services import create_user
from inspect_app.demo_cases import seed_demo_cases
from inspect_app.demo_history import seed_demo_history
from inspect_app.demo_selfchecks import seed_demo_selfchecks
from inspect_app.extensions import db
from inspect_app.quizzes.bank import load_starter_bank
from inspect_app.regions.models import Region
from inspect_app.regions.services import create_region
from inspect_app.stats.demo import seed_demo_reports
from inspect_app.subjects import services
from inspect_app.subjects.models import Subject
from inspect_app.subjects.rules import add_years

DEMO_PASSWORD = "demo-pass-2026"

REGIONS = (
    ("320623", "如东县", None),
    ("320623105", "洋口镇", "320623"),
    ("320623106", "栟茶镇", "320623"),
)

USERS = (
    ("admin", "admin", "320623", "系统管理员", None),
    ("chen.jie", "supervisor", "320623", "陈杰", "32060023001"),
    ("zhou.min", "supervisor", "320623105", "周敏", "32060023002"),
    ("zhang.wei", "inspector", "320623105", "张伟", "32060023011"),
    ("li.na", "inspector", "320623105", "李娜", "32060023012"),
    ("wang.qiang", "inspector", "320623106", "王强", "32060023021"),
    ("zhao.lei", "inspector", "320623106", "赵磊", "32060023022"),
)

# (town, kind, name, industry, high_risk, address, contact)
SUBJECTS = (
    (
        "320623105",
        "production_unit",
        "如东洋口化工有限公司",
        "hazardous_chemicals",
        True,
        "洋口镇化工园区海滨路 8 号",
        "顾建国",
    ),
    (
        "320623105",
        "production_unit",
        "南通洋口港储运有限公司",
        "hazardous_chemicals",
        True,
        "洋口港区港城大道 18 号",
        "陆海峰",
    ),
    (
        "320623105",
        "production_unit",
        "如东县洋口建筑安装工程有限公司",
        "construction",
        True,
        "洋口镇人民路 66 号",
        "曹玉林",
    ),
    (
        "320623105",
        "production_unit",
        "洋口镇鑫源金属制品厂",
        "metal_smelting",
        True,
        "洋口镇工业集中区 3 号",
        "吉祥",
    ),
    (
        "320623105",
        "production_unit",
        "如东县宏达纺织有限公司",
        "manufacturing",
        False,
        "洋口镇纺织路 12 号",
        "缪红梅",
    ),
    (
        "320623105",
        "production_unit",
        "洋口冷链物流有限公司",
        "trade",
        False,
        "洋口镇冷库路 5 号",
        "徐国庆",
    ),
    (
        "320623105",
        "training_institution",
        "如东县安达安全技术培训学校",
        "education",
        False,
        "洋口镇学府路 2 号",
        "袁珺",
    ),
    (
        "320623105",
        "exam_site",
        "如东县特种作业操作资格考试洋口考点",
        "education",
        False,
        "洋口镇学府路 4 号",
        "蔡喆",
    ),
    (
        "320623106",
        "production_unit",
        "栟茶镇烟花爆竹批发部",
        "fireworks",
        True,
        "栟茶镇老街 21 号",
        "钱宏",
    ),
    (
        "320623106",
        "production_unit",
        "栟茶镇通达机械制造厂",
        "manufacturing",
        False,
        "栟茶镇工业园 9 号",
        "孙立",
    ),
    (
        "320623106",
        "training_institution",
        "南通栟茶职业技能培训中心",
        "education",
        False,
        "栟茶镇文化路 7 号",
        "沈䶮",
    ),
    (
        "320623106",
        "exam_site",
        "栟茶镇电工作业实操考试点",
        "education",
        False,
        "栟茶镇文化路 9 号",
        "吴迪",
    ),
)


def _demo_uscc(name: str) -> str:
    """A well-formed code with a correct check digit, derived from the name."""
    digits = str(int(hashlib.sha256(name.encode()).hexdigest(), 16))[:9]
    body = "91320623" + digits
    return body + uscc.calc_check_digit(body)


def _demo_phone(name: str) -> str:
    return "138" + str(int(hashlib.sha256(name.encode()).hexdigest(), 16))[:8]


def _demo_id(seq: int, born: date) -> str:
    body = f"320623{born:%Y%m%d}{seq % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def is_empty() -> bool:
    return db.session.scalar(select(func.count()).select_from(Region)) == 0


def seed_demo() -> list[User] | None:
    """Load the demo data set; None when the database already holds data."""
    if not is_empty():
        return None
    regions = _seed_regions()
    users = [
        create_user(u, DEMO_PASSWORD, role, regions[code], name, cert)
        for u, role, code, name, cert in USERS
    ]
    for index, row in enumerate(SUBJECTS):
        subject = _seed_subject(index, row, regions)
        _seed_people(subject, index, clock.today())
    db.session.flush()
    load_starter_bank()
    seed_demo_cases()
    seed_demo_history()
    seed_demo_selfchecks()
    seed_demo_reports()
    return users


def demo_users() -> list[User]:
    """The demo accounts still present in the database."""
    names = [u[0] for u in USERS]
    found = db.session.scalars(select(User).where(User.username.in_(names)))
    return sorted(found, key=lambda user: names.index(user.username))


def _seed_regions() -> dict[str, Region]:
    regions: dict[str, Region] = {}
    for code, name, parent in REGIONS:
        regions[code] = create_region(code, name, regions.get(parent))
    return regions


def _seed_subject(index: int, row: tuple, regions: dict[str, Region]) -> Subject:
    town, kind, name, industry, high_risk, address, contact = row
    data = {
        "kind": kind,
        "name": name,
        "uscc": _demo_uscc(name),
        "address": address,
        "industry": industry,
        "high_risk": high_risk,
        "region_id": regions[town].id,
        "contact_name": contact,
        "contact_phone": f"1391234{index:04d}",
    }
    return services.save_subject(None, data)


def _seed_people(subject: Subject, index: int, today: date) -> None:
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
