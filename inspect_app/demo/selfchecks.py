"""Demo self-checks: every status the town's overview shows, with deadlines relative to today."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.extensions import db
from inspect_app.selfchecks.models import SelfCheck, SelfCheckItem, SelfCheckStatus
from inspect_app.selfchecks.services import campaign, new_token
from inspect_app.subjects.models import Subject

# Problems found per item: (problem, rectification, days to rectify from the deadline, rectified)
PROBLEMS = {
    1: ("未制定2022年度安全教育培训计划", "由主要负责人组织制定年度培训计划并公布", 10),
    2: ("未按规定提取安全培训专项经费", "按上年度营业收入比例补提培训经费，建立使用台账", 15),
    3: ("“三级培训”记录不全，班组级培训无培训内容", "补齐三级培训资料，班组级培训重新组织", 20),
    4: ("部分培训无签到表和培训照片", "建立培训考勤制度，每次培训留存签到表和照片", 10),
    5: ("培训考试试卷内容相同，考试流于形式", "建立试题库，按岗位分别出题并重新组织考试", 20),
    6: ("1 名电工特种作业操作证已过期", "安排该员工参加复审，复审前调离特种作业岗位", 15),
}

# (unit, sender, plan) — the plan says how far the unit got; None leaves the unit unsent.
PLAN = (
    ("如东洋口化工有限公司", "zhou.min", {"submitted": -3, "problems": {}}),
    ("南通洋口港储运有限公司", "zhou.min", {"submitted": -2, "problems": {2: True, 4: True}}),
    ("如东县洋口建筑安装工程有限公司", "zhou.min", {"submitted": -1, "problems": {5: False}}),
    ("洋口镇鑫源金属制品厂", "zhou.min", {"submitted": 2, "problems": {6: True}}),
    ("如东县宏达纺织有限公司", "zhou.min", {"answered": (1, 2)}),
    ("洋口冷链物流有限公司", None, None),
    ("栟茶镇烟花爆竹批发部", "chen.jie", {"deadline": 8}),
    (
        "栟茶镇通达机械制造厂",
        "chen.jie",
        {"submitted": -4, "problems": {3: True}, "entered_by": "wang.qiang"},
    ),
)
PAST_DEADLINE = -6  # days from today for every unit sent in the first round


def seed_demo_selfchecks() -> None:
    """Self-checks for most demo production units, one of each status."""
    today = clock.today()
    users = {u.username: u for u in db.session.scalars(select(User))}
    for name, sender, plan in PLAN:
        subject = db.session.scalar(select(Subject).where(Subject.name == name))
        if subject is None or sender is None:
            continue
        db.session.add(_self_check(subject, users, sender, plan, today))
    db.session.flush()


def _self_check(subject: Subject, users: dict, sender: str, plan: dict, today: date) -> SelfCheck:
    deadline = today + timedelta(days=plan.get("deadline", PAST_DEADLINE))
    self_check = SelfCheck(
        subject=subject,
        region_id=subject.region_id,
        campaign=campaign(),
        token=new_token(),
        deadline=deadline,
        sent_by_id=users[sender].id,
        sent_at=_at(today - timedelta(days=20), time(9, 30)),
        items=_items(plan, deadline),
    )
    if "submitted" in plan:
        day = deadline + timedelta(days=plan["submitted"])
        self_check.status = SelfCheckStatus.SUBMITTED.value
        self_check.submitted_at = _at(day, time(16, 20))
        self_check.filled_on = day
        self_check.responsible_name = subject.contact_name
    if "entered_by" in plan:
        self_check.entered_by_id = users[plan["entered_by"]].id
    return self_check


def _items(plan: dict, deadline: date) -> list[SelfCheckItem]:
    answered = plan.get("answered", range(1, 7) if "submitted" in plan else ())
    problems = plan.get("problems", {})
    items = []
    for number in range(1, 7):
        item = SelfCheckItem(number=number)
        if number in answered:
            item.has_problem = number in problems
        if number in problems:
            problem, rectification, days = PROBLEMS[number]
            item.problem, item.rectification = problem, rectification
            item.rectify_by = deadline + timedelta(days=days)
            item.rectified = problems[number]
        items.append(item)
    return items


def _at(day: date, at: time) -> datetime:
    """A wall-clock time in the configured zone, as UTC."""
    return clock.from_local(datetime.combine(day, at))
