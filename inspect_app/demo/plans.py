"""The demo cases: who inspected whom, when, what went wrong and how far each case got."""

from dataclasses import dataclass
from datetime import timedelta

from inspect_app.demo.proceedings import Walk

# When things happened after the inspection began (at 09:30 on its day).
ISSUED_AFTER = timedelta(hours=3)
ANSWERED_AFTER = timedelta(days=10, hours=6)  # the enterprise's photo is from that morning
REINSPECTED_AFTER = timedelta(days=18, hours=1)


@dataclass(frozen=True)
class Plan:
    """One demo case: who, when (days ago), what goes wrong, and how far it gets."""

    subject: str
    inspectors: tuple[str, str]
    days_ago: int
    problems: tuple[tuple[str, str], ...] = ()  # (item code, note)
    order_days: int | None = None  # deadline, days after the inspection
    proceeding: Walk | None = None  # a penalty proceeding after the visit
    on_the_spot: tuple[str, int] | None = None  # (basis code, yuan): a simple-procedure fine
    referral: bool = False  # referred to the police, who report back
    outcome: str = "issued"  # draft | issued | answered (by the enterprise) | closed
    refuses: bool = False


PLANS = (
    Plan("南通洋口港储运有限公司", ("zhang.wei", "li.na"), 0, outcome="draft"),
    Plan("洋口冷链物流有限公司", ("zhang.wei", "li.na"), 95),
    Plan(
        "如东洋口化工有限公司",
        ("zhang.wei", "li.na"),
        12,
        problems=(
            ("PU-4", "签到表 13 人，培训照片仅见 6 人，多处签名笔迹相同"),
            ("PU-6", "一名焊工特种作业操作证已过期仍在岗作业"),
        ),
        order_days=30,
        proceeding=Walk(
            "TR-29",
            20000,
            statement="我公司已于检查后第二天重新组织全员三级安全培训并如实补记台账，"
            "特种作业人员已全部持有效证件上岗，请求从轻处罚。",
            decided_fine=15000,
            paid=False,
        ),
    ),
    Plan(
        "如东县洋口建筑安装工程有限公司",
        ("li.na", "zhang.wei"),
        70,
        problems=(("PU-3", "新进场 27 名工人三级安全教育卡 72 学时均记录为同一天"),),
        order_days=15,
        refuses=True,
        outcome="answered",
    ),
    Plan(
        "洋口镇鑫源金属制品厂",
        ("zhang.wei", "li.na"),
        130,
        problems=(("PU-1", "未制定年度安全生产教育培训计划"),),
        order_days=20,
        outcome="closed",
    ),
    Plan(
        "如东县安达安全技术培训学校",
        ("li.na", "zhang.wei"),
        55,
        problems=(("TI-2", "理论课时压缩，以模拟题代替授课"),),
        order_days=30,
        proceeding=Walk("TM-34", 8000),
        referral=True,
    ),
    Plan(
        "栟茶镇烟花爆竹批发部",
        ("wang.qiang", "zhao.lei"),
        25,
        problems=(("PU-5", "员工考试试卷答案完全相同"),),
        order_days=20,
        on_the_spot=("SAFL-97-3", 2000),
    ),
)
