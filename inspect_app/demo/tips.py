"""Demo tip-offs and inboxes: a letter verified by a case, handled and answered in 栟茶镇; a
tip from the public form in 洋口镇 whose time limit for verification is near."""

from datetime import datetime, time, timedelta

from sqlalchemy import select

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.demo.cases import demo_subject, demo_user
from inspect_app.demo.clockwork import on_the_day
from inspect_app.extensions import db
from inspect_app.inbox.services import inbox_entries, mark_read
from inspect_app.inspections.models import Inspection
from inspect_app.regions.services import find_region
from inspect_app.tips import services
from inspect_app.tips.models import TipChannel

LETTER_UNIT = "栟茶镇烟花爆竹批发部"


def _at(days_ago: int, hour: int = 10) -> datetime:
    return clock.from_local(datetime.combine(clock.today() - timedelta(days=days_ago), time(hour)))


def seed_demo_tips() -> None:
    """Two tips: one verified into a case and answered, one awaiting verification."""
    _letter_verified_by_case()
    _public_tip_near_its_limit()


def _letter_verified_by_case() -> None:
    town, clerk = find_region("320623106"), demo_user("wang.qiang")
    subject = demo_subject(LETTER_UNIT)
    values = {
        "channel": TipChannel.LETTER.value,
        "received_on": clock.today() - timedelta(days=30),
        "subject": subject,
        "allegation": "来信反映：该批发部仓库保管员未经培训上岗，安全培训记录系事后补写。",
        "contact": "来信地址：栟茶镇通海路 12 号 周先生",
    }
    with on_the_day(_at(30, 9)):
        tip = services.register_tip(town, values, clerk)
    case = db.session.scalar(
        select(Inspection).where(Inspection.subject_id == subject.id).order_by(Inspection.id)
    )
    with on_the_day(_at(25, 15)):
        services.verify_by_case(tip, case, clerk)
    with on_the_day(_at(20, 16)):
        note = "现场检查发现两名仓库保管员无培训记录，已责令限期整改。"
        services.record_outcome(tip, "substantiated", note, clerk)
    with on_the_day(_at(18, 11)):
        services.mark_answered(tip, "已按来信地址书面答复。", clerk)


def _public_tip_near_its_limit() -> None:
    values = {
        "subject_name": "洋口镇某电焊培训点",
        "allegation": "该培训点承诺“包过”，学员只上半天课就能拿到焊工证，考试时有人代考。",
        "contact": "微信同号 13700001111",
    }
    with on_the_day(_at(11, 20)):
        services.submit_public_tip(find_region("320623105"), values)


def seed_demo_inbox() -> None:
    """Each demo user's inbox shows read and unread entries: the oldest one of each is read."""
    for user in db.session.scalars(select(User).order_by(User.id)):
        entries = inbox_entries(user)
        if len(entries) > 1:
            mark_read(user, [entries[-1].key])
