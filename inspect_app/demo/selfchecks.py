"""Demo self-checks: every status the town's overview shows, with deadlines relative to today;
a production unit's problem list partly rectified after submission; institutions' self-checks
(sent, partly rectified with a report PDF, closed, overdue)."""

from datetime import date, datetime, time, timedelta
from io import BytesIO

from pypdf import PdfWriter
from sqlalchemy import select

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.demo.media import sign_in_sheet
from inspect_app.evidence.pipeline import decode_photo, store_photo_files
from inspect_app.extensions import db
from inspect_app.selfchecks.models import (
    KIND_NUMBERS,
    SelfCheck,
    SelfCheckItem,
    SelfCheckPhoto,
    SelfCheckStatus,
)
from inspect_app.selfchecks.reports import REPORT_AREA
from inspect_app.selfchecks.services import REVIEW_FROM, campaign, link_days, new_token
from inspect_app.storage import storage
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

PROGRESS_NOTES = (
    "已组织补训，签到表和现场照片已留存",
    "整改方案已制定，正在落实中",
    "已完成整改并经单位负责人验收",
)
RESPONSIBLE = ("陈安全", "刘培训", "顾主任")

# (unit, sender, plan) — the plan says how far the unit got; None leaves the unit unsent.
PLAN = (
    ("如东洋口化工有限公司", "zhou.min", {"submitted": -3, "problems": {}}),
    (
        "南通洋口港储运有限公司",
        "zhou.min",
        {"submitted": -2, "problems": {2: False, 4: False}, "progress": {2: 3, 4: None}},
    ),
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
    seed_institution_selfchecks(users, today)


def _self_check(subject: Subject, users: dict, sender: str, plan: dict, today: date) -> SelfCheck:
    deadline = today + timedelta(days=plan.get("deadline", PAST_DEADLINE))
    self_check = SelfCheck(
        subject=subject,
        region_id=subject.region_id,
        campaign=campaign(),
        token=new_token(),
        deadline=deadline,
        expires_on=deadline + link_days(),
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
    start_problem_list(self_check, plan)
    return self_check


def start_problem_list(self_check: SelfCheck, plan: dict) -> None:
    """Progress after submission: {item: days after submission it was rectified, or None for
    in progress}; problems rectified at submission count from the submission."""
    if self_check.submitted_at is None:
        return
    progress = plan.get("progress", {})
    for item in self_check.items:
        if not item.has_problem:
            continue
        if item.rectified:
            item.progress, item.rectified_at = "rectified", self_check.submitted_at
        elif item.number in progress:
            _moved(self_check, item, progress[item.number])


def _moved(self_check: SelfCheck, item: SelfCheckItem, days: int | None) -> None:
    item.progress_note = PROGRESS_NOTES[item.number % len(PROGRESS_NOTES)]
    if days is None:
        item.progress = "in_progress"
        return
    item.progress, item.rectified = "rectified", True
    item.rectified_at = self_check.submitted_at + timedelta(days=days)
    day = clock.local_day(item.rectified_at)
    names = ["张建国", "李明", "王芳", "赵磊", "钱晓明", "孙丽"]
    data = sign_in_sheet(f"{self_check.subject.name} 整改培训签到", names, _at(day, time(9, 0)))
    item.photos.append(SelfCheckPhoto(**store_photo_files(data, decode_photo(data))))


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
            item.responsible = RESPONSIBLE[number % len(RESPONSIBLE)]
        items.append(item)
    return items


def _at(day: date, at: time) -> datetime:
    """A wall-clock time in the configured zone, as UTC."""
    return clock.from_local(datetime.combine(day, at))


# (institution, sender, plan): the plan as above, plus the report and a closing.
INSTITUTIONS = (
    ("如东县安达安全技术培训学校", "zhou.min", {"deadline": 10}),
    (
        "如东县特种作业操作资格考试洋口考点",
        "zhou.min",
        {
            "submitted": -2,
            "problems": {4: False, 6: False},
            "progress": {4: 2, 6: None},
            "report": True,
        },
    ),
    (
        "南通栟茶职业技能培训中心",
        "chen.jie",
        {"submitted": 1, "problems": {2: False}, "progress": {2: 1}, "closed": 4, "report": True},
    ),
    ("栟茶镇电工作业实操考试点", "chen.jie", {"answered": (1, 2, 3)}),
)
INSTITUTION_PROBLEMS = {
    2: ("2023年第3期电工班压缩实操学时", "按大纲补足实操学时，建立课时核对制度", 20),
    4: ("部分实操考试以口头问答代替", "实操考试一律上机实操，考评员签字确认", 15),
    6: ("2022年部分考试录像缺失", "补齐录像归档制度，录像保存期限不少于4年", 30),
}
REPORT = (
    "按照专项整治工作要求，本单位对2019年1月以来的安全培训考试工作进行了全面自查。"
    "自查发现问题{count}项，已逐项制定整改措施、明确整改时限和责任人，正在逐项落实。"
)


def seed_institution_selfchecks(users: dict, today: date) -> None:
    """Institutions' self-checks in every stage: sent, submitted and partly rectified, closed."""
    for name, sender, plan in INSTITUTIONS:
        subject = db.session.scalar(select(Subject).where(Subject.name == name))
        if subject is None:
            continue
        self_check = _institution(subject, users[sender], plan, today)
        db.session.add(self_check)
    db.session.flush()


def _institution(subject: Subject, sender: User, plan: dict, today: date) -> SelfCheck:
    deadline = today + timedelta(days=plan.get("deadline", PAST_DEADLINE))
    numbers = KIND_NUMBERS[str(subject.kind)]
    self_check = SelfCheck(
        subject=subject,
        region_id=subject.region_id,
        campaign=campaign(),
        kind=str(subject.kind),
        token=new_token(),
        deadline=deadline,
        expires_on=deadline + link_days(),
        sent_by_id=sender.id,
        sent_at=_at(today - timedelta(days=20), time(9, 30)),
        review_from=REVIEW_FROM,
        items=[_institution_item(n, plan, deadline) for n in numbers],
    )
    if "submitted" in plan:
        day = deadline + timedelta(days=plan["submitted"])
        self_check.status = SelfCheckStatus.SUBMITTED.value
        self_check.submitted_at = _at(day, time(15, 10))
        self_check.filled_on, self_check.review_to = day, day
        self_check.responsible_name = subject.contact_name
        self_check.report_text = REPORT.format(count=len(plan["problems"]))
        _attach_report(self_check)
        start_problem_list(self_check, plan)
    if "closed" in plan:
        self_check.closed_at = self_check.submitted_at + timedelta(days=plan["closed"])
        self_check.closed_by_id = sender.id
    return self_check


def _institution_item(number: int, plan: dict, deadline: date) -> SelfCheckItem:
    item = SelfCheckItem(number=number)
    answered = plan.get("answered", range(1, 7) if "submitted" in plan else ())
    problems = plan.get("problems", {})
    if number in answered:
        item.has_problem = number in problems
    if number in problems:
        problem, measure, days = INSTITUTION_PROBLEMS[number]
        item.problem, item.rectification = problem, measure
        item.rectify_by = deadline + timedelta(days=days)
        item.responsible = RESPONSIBLE[number % len(RESPONSIBLE)]
    return item


def _attach_report(self_check: SelfCheck) -> None:
    """A one-page PDF of the report, as an institution would attach its signed scan."""
    data = report_pdf_bytes(self_check.report_text)
    self_check.report_pdf_key, self_check.report_pdf_sha256 = storage().put(
        data, REPORT_AREA, ".pdf"
    )
    self_check.report_pdf_bytes = len(data)


def report_pdf_bytes(text: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "自查报告", "/Subject": text[:60]})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
