"""Demo history: issued cases over the last six months in both towns, so that the dashboard's
charts and the monthly statistics (附件3) show real figures on first run.

Built through the same services the pages use (checklist, findings, orders, penalties,
signatures, issuing), each case opened on its past date; only the issue time, re-inspection time
and revocation time are set back afterwards, as in `demo.cases`.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.demo.builders import answer_every_item
from inspect_app.demo.cases import close_case, demo_subject, demo_user
from inspect_app.demo.clockwork import on_the_day
from inspect_app.demo.media import signature
from inspect_app.demo.proceedings import Walk, walk_proceeding
from inspect_app.extensions import db
from inspect_app.findings.services import issue_order, record_finding
from inspect_app.inspections import services as cases
from inspect_app.inspections.models import Inspection
from inspect_app.issuing import services as issuing
from inspect_app.penalties.services import revoke_penalty
from inspect_app.proceedings.execution import close_proceeding
from inspect_app.signatures.services import record_signature

YANGKOU = ("zhang.wei", "li.na")
BENCHA = ("wang.qiang", "zhao.lei")
REQUIREMENT = "限期整改到位，补齐相关培训档案，整改情况书面报送镇安监局"


@dataclass(frozen=True)
class Past:
    """One past case: when (months ago, day of month), what was wrong and what followed."""

    subject: str
    inspectors: tuple[str, str]
    months_ago: int
    day: int
    problems: tuple[tuple[str, str], ...]
    order_days: int | None = None  # deadline, days after the inspection
    rectified: bool = False  # re-inspected and closed; otherwise the order stays open (overdue)
    fine: tuple[str, int, tuple[str, ...]] | None = None  # (basis, yuan, measures)
    revoked: str = ""  # reason, if the penalty was later revoked
    typical: bool = False


HISTORY = (
    Past(
        "栟茶镇通达机械制造厂",
        BENCHA,
        6,
        20,
        (("PU-5", "同一车间 30 名员工的年度考试试卷答案完全相同"),),
        order_days=15,
        rectified=True,
    ),
    Past(
        "如东县宏达纺织有限公司",
        YANGKOU,
        5,
        9,
        (
            ("PU-2", "年度安全培训经费未单独列支，培训费用由员工个人承担"),
            ("PU-8", "2025 年度培训档案缺失，事后补写痕迹明显"),
        ),
        order_days=20,
        rectified=True,
        fine=("TR-29", 10000, ("order_correction",)),
    ),
    Past(
        "栟茶镇通达机械制造厂",
        BENCHA,
        5,
        17,
        (
            ("PU-3", "外包施工队伍 12 人未纳入三级安全教育"),
            ("PU-4", "签到表 20 人，培训照片仅见 7 人"),
        ),
        order_days=15,
        fine=("SAFL-97-3", 15000, ("order_correction",)),
    ),
    Past(
        "如东县特种作业操作资格考试洋口考点",
        YANGKOU,
        4,
        13,
        (
            ("EX-4", "电工作业实操考试以口头问答代替实际操作"),
            ("EX-6", "考试全过程录像缺失三个考场"),
        ),
        order_days=30,
        rectified=True,
        fine=("N274-EXAM", 0, ("exam_qualification_suspension",)),
        typical=True,
    ),
    Past(
        "南通洋口港储运有限公司",
        YANGKOU,
        3,
        4,
        (("PU-7", "安全生产管理人员任职已满 8 个月，未经应急管理部门考核合格"),),
        order_days=10,
        fine=("SAFL-97-2", 20000, ("order_correction",)),
    ),
    Past(
        "南通洋口港储运有限公司",
        YANGKOU,
        3,
        21,
        (("PU-8", "复查发现装卸工培训考试成绩单为同一笔迹代填"),),
        fine=("SAFL-97-4", 30000, ("order_correction",)),
        typical=True,
    ),
    Past(
        "南通栟茶职业技能培训中心",
        BENCHA,
        2,
        11,
        (
            ("TI-3", "培训档案中 2 个班次学员名单与签到记录不符"),
            ("TI-4", "招生简章宣传“不过全额退款”"),
        ),
        order_days=15,
        fine=("TM-34", 6000, ("order_correction",)),
        revoked="经行政复议，原处罚决定认定事实不清，予以撤销",
    ),
    Past(
        "栟茶镇电工作业实操考试点",
        BENCHA,
        1,
        14,
        (
            ("EX-5", "实操考评员 1 人同时监考两个考场"),
            ("EX-3", "未按公布的考试计划组织考试，临时加考一场"),
        ),
        order_days=10,
    ),
)


def seed_demo_history(today: date | None = None) -> list[Inspection]:
    """Build every past case; returns them in plan order."""
    today = today or clock.today()
    return [_build(plan, today) for plan in HISTORY]


def started_at(today: date, months_ago: int, day: int) -> datetime:
    """9:30 local time on a day `months_ago` calendar months back, as UTC."""
    index = today.year * 12 + today.month - 1 - months_ago
    return clock.from_local(datetime.combine(date(index // 12, index % 12 + 1, day), time(9, 30)))


def _build(plan: Past, today: date) -> Inspection:
    subject = demo_subject(plan.subject)
    lead, second = demo_user(plan.inspectors[0]), demo_user(plan.inspectors[1])
    started = started_at(today, plan.months_ago, plan.day)
    with on_the_day(started):
        case = cases.open_inspection(
            subject,
            lead,
            [lead, second],
            started_at=started,
            place=subject.address,
            representative_name=subject.contact_name,
            representative_position="主要负责人",
        )
        db.session.flush()
        _walk_and_find(case, lead, plan)
        for key, name in cases.required_signers(case):
            record_signature(case, lead, key, signature(name))
    with on_the_day(started + timedelta(hours=3)):
        issuing.issue_record(case, lead)
    proceeding = None
    if plan.fine:  # decided in its own proceeding after the visit: never on the record
        proceeding = walk_proceeding(case, lead, _supervisor(plan), _walk(plan))
    _aftermath(case, second, plan, started, proceeding)
    return case


def _walk_and_find(case: Inspection, user, plan: Past) -> None:
    answer_every_item(case, user, dict(plan.problems))
    findings = [
        record_finding(case, user, note, item_code=code, client_key=f"demo-h-f-{case.id}-{code}")
        for code, note in plan.problems
    ]
    if plan.order_days is not None:
        deadline = clock.local_day(case.started_at) + timedelta(days=plan.order_days)
        ids = [f.id for f in findings]
        issue_order(case, user, ids, REQUIREMENT, deadline, client_key=f"demo-h-o-{case.id}")


def _walk(plan: Past) -> Walk:
    basis, yuan, measures = plan.fine
    exam = "exam_qualification_suspension" in measures
    return Walk(basis, yuan, measures, suspension_days=180 if exam else 0, paid=not plan.revoked)


def _supervisor(plan: Past) -> User:
    """The town's head approves in 洋口; the county's in 栟茶, which has none of its own."""
    return demo_user("zhou.min" if plan.inspectors == YANGKOU else "chen.jie")


def _aftermath(case: Inspection, user, plan: Past, started: datetime, proceeding) -> None:
    """Re-inspection, a revoked penalty, the typical-case mark: whatever followed the issue."""
    if plan.rectified:
        with on_the_day(started + timedelta(days=(plan.order_days or 15) - 1, hours=5)):
            close_case(case, user)
    if plan.revoked and proceeding is not None and proceeding.penalty is not None:
        with on_the_day(started + timedelta(days=30)):
            penalty = proceeding.penalty
            revoke_penalty(penalty, user, version=penalty.version, reason=plan.revoked)
            close_proceeding(
                proceeding,
                _supervisor(plan),
                ground="other",
                reason=plan.revoked,
                version=proceeding.version,
            )
    if plan.typical:
        with on_the_day(started + timedelta(days=31)):
            cases.mark_typical(case, demo_user("chen.jie"), True)
