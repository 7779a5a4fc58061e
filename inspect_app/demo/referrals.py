"""A demo referral to the police, and the result the police report back."""

from datetime import datetime, timedelta

from sqlalchemy import select

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.demo.clockwork import on_the_day
from inspect_app.evidence.models import Photo
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.proceedings.models import Proceeding
from inspect_app.referrals.services import ReferralInput, record_referral_result, refer_case

REFERRED_AFTER, ANSWERED_AFTER = timedelta(days=20, hours=2), timedelta(days=41, hours=3)


def refer_to_police(case: Inspection, user: User, started: datetime) -> None:
    """Certificates issued for training never given are a matter for the police."""
    if started + REFERRED_AFTER > clock.utcnow():
        return
    with on_the_day(started + REFERRED_AFTER):
        referral = refer_case(case, user, _letter(case), client_key=f"demo-referral-{case.id}")
    if started + ANSWERED_AFTER > clock.utcnow():
        return
    with on_the_day(started + ANSWERED_AFTER):
        record_referral_result(
            referral,
            user,
            "如东县公安局已受理并立案侦查（如公（刑）立字〔2026〕118号），"
            "已对培训学校负责人采取取保候审措施。",
            clock.today() - timedelta(days=1),
            referral.version,
        )


def _letter(case: Inspection) -> ReferralInput:
    photos = select(Photo.id).where(Photo.evidence_of(case.id)).order_by(Photo.id)
    proceeding = db.session.scalar(select(Proceeding.id).where(Proceeding.inspection_id == case.id))
    return ReferralInput(
        agency_kind="police",
        agency_name="如东县公安局",
        referred_on=clock.today(),
        facts="该培训学校以模拟题代替授课、压缩理论课时；检查中另查明其向 6 名未参加培训的"
        "人员出具培训合格证明，涉嫌伪造、买卖国家机关证件，依法移送公安机关。",
        evidence=["现场检查记录（复印件）1 份", "培训签到表照片 2 张", "学员名册复印件 1 份"],
        basis="《行政执法机关移送涉嫌犯罪案件的规定》第三条",
        contact="张伟",
        contact_phone="0513-8456 1234",
        photo_ids=list(db.session.scalars(photos))[:2],
        proceeding_id=proceeding,
    )
