"""The demo register: one county, two towns, a user of each role, and the subjects."""

import hashlib

from stdnum.cn import uscc

from inspect_app.regions.models import Region
from inspect_app.regions.services import create_region
from inspect_app.subjects import services
from inspect_app.subjects.models import Subject

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


def seed_regions() -> dict[str, Region]:
    regions: dict[str, Region] = {}
    for code, name, parent in REGIONS:
        regions[code] = create_region(code, name, regions.get(parent))
    return regions


def seed_subject(index: int, row: tuple, regions: dict[str, Region]) -> Subject:
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
