"""Demo cases in every state, built through the same services the pages use."""

from datetime import datetime, time, timedelta

from sqlalchemy import select

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.demo.builders import answer_every_item
from inspect_app.demo.clockwork import on_the_day
from inspect_app.demo.media import sign_in_sheet, signature, training_photo
from inspect_app.demo.plans import (
    ANSWERED_AFTER,
    ISSUED_AFTER,
    PLANS,
    REINSPECTED_AFTER,
    Plan,
)
from inspect_app.demo.proceedings import walk_proceeding
from inspect_app.demo.quizzes import seed_case_quizzes
from inspect_app.demo.referrals import refer_to_police
from inspect_app.evidence.services import store_photo
from inspect_app.extensions import db
from inspect_app.findings.reinspection import reinspect_order
from inspect_app.findings.services import issue_order, record_finding
from inspect_app.findings.suggestions import suggested_findings
from inspect_app.inspections import services as cases
from inspect_app.inspections.models import Inspection
from inspect_app.issuing import services as issuing
from inspect_app.penalties.decisions import PartySignature, decide_on_the_spot
from inspect_app.public.services import answer_order
from inspect_app.signatures.services import record_refusal, record_signature
from inspect_app.spotchecks.services import record_certificate_check
from inspect_app.subjects.models import Subject

YANGKOU_GPS = (32.5583, 121.0375)
SUPERVISOR = "zhou.min"  # the town's head approves filings and closings


def seed_demo_cases() -> list[Inspection]:
    """Build every planned case; returns them in plan order."""
    return [_build(plan) for plan in PLANS]


def demo_user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def demo_subject(name: str) -> Subject:
    return db.session.scalar(select(Subject).where(Subject.name == name))


def _build(plan: Plan) -> Inspection:
    subject = demo_subject(plan.subject)
    lead, second = demo_user(plan.inspectors[0]), demo_user(plan.inspectors[1])
    started = _started_at(plan.days_ago)
    principal = next((p for p in subject.people if p.position == "principal"), None)
    with on_the_day(started):
        case = _open(plan, subject, lead, second, started, principal)
        if plan.outcome == "draft":
            return case
        _evidence_and_findings(case, lead, plan)
        if plan.on_the_spot:
            _fine_on_the_spot(case, lead, plan)
        _sign(case, lead, plan)
    with on_the_day(started + ISSUED_AFTER):
        issuing.issue_record(case, lead)
    if plan.proceeding:  # decided after the visit, in its own proceeding: not on the record
        walk_proceeding(case, lead, demo_user(SUPERVISOR), plan.proceeding)
    if plan.referral:
        refer_to_police(case, lead, started)
    if plan.outcome in ("answered", "closed"):
        with on_the_day(started + ANSWERED_AFTER):
            _answer_orders(case, started)
    if plan.outcome == "closed":
        with on_the_day(started + REINSPECTED_AFTER):
            close_case(case, second)
    return case


def _open(plan: Plan, subject: Subject, lead: User, second: User, started, principal):
    case = cases.open_inspection(
        subject,
        lead,
        [lead, second],
        started_at=started,
        place=subject.address,
        representative_name=principal.name if principal else subject.contact_name,
        representative_position="主要负责人",
    )
    db.session.flush()
    answer_every_item(case, lead, dict(plan.problems), limit=3 if plan.outcome == "draft" else None)
    seed_case_quizzes(case, lead)
    return case


def _started_at(days_ago: int) -> datetime:
    """9:30 local time `days_ago` days before today on the clock (today: at most an hour ago)."""
    day = clock.today() - timedelta(days=days_ago)
    started = clock.from_local(datetime.combine(day, time(9, 30)))
    return min(started, clock.utcnow() - timedelta(hours=1))


def _evidence_and_findings(case: Inspection, user: User, plan: Plan) -> None:
    day = case.started_at
    photos = _photos(case, user, plan, day)
    findings = [
        record_finding(
            case,
            user,
            note,
            item_code=code,
            photo_ids=[p.id for p in photos][:2],
            client_key=f"demo-f-{case.id}-{code}",
        )
        for code, note in plan.problems
    ]
    findings += _quiz_findings(case, user)
    _check_certificates(case, user)
    if plan.order_days is not None and findings:
        issue_order(
            case,
            user,
            [f.id for f in findings],
            "立即整改，补齐培训档案并重新组织培训考核",
            clock.local_day(day) + timedelta(days=plan.order_days),
            client_key=f"demo-o-{case.id}",
        )


def _quiz_findings(case: Inspection, user: User) -> list:
    """Findings taken as suggested from quiz scores far below the unit's recorded scores; the
    item they rest on (PU-8) is then answered non-compliant."""
    return [
        record_finding(
            case,
            user,
            suggestion.description,
            item_code=suggestion.item_code,
            quiz_attempt_id=suggestion.quiz_attempt_id,
            client_key=f"demo-fq-{case.id}-{suggestion.quiz_attempt_id}",
            answer_non_compliant=True,  # as the finding page proposes: one story on the record
        )
        for suggestion in suggested_findings(case)
        if suggestion.quiz_attempt_id
    ]


def _photos(case, user, plan, day):
    if not plan.problems:
        return []
    names = [
        "张建国",
        "李明",
        "王芳",
        "赵磊",
        "钱晓明",
        "孙丽",
        "周杰",
        "吴强",
        "郑红",
        "冯涛",
        "陈静",
        "褚亮",
        "卫东",
    ]
    sheet, _ = store_photo(
        case,
        user,
        sign_in_sheet(f"{case.subject.name} 培训签到", names, day, YANGKOU_GPS),
        kind="sign_in_sheet",
        caption="2026 年度三级安全教育培训签到表",
        item_code=plan.problems[0][0],
        idempotency_key=f"demo-{case.id}-1",
        headcount_on_sheet=13,
        headcount_in_photos=6,
    )
    classroom, _ = store_photo(
        case,
        user,
        training_photo(6, day, YANGKOU_GPS),
        kind="training_photo",
        caption="培训现场照片（后排视角）",
        item_code=plan.problems[0][0],
        idempotency_key=f"demo-{case.id}-2",
    )
    return [sheet, classroom]


def _check_certificates(case: Inspection, user: User) -> None:
    operators = [p for p in case.subject.people if p.position == "special_operator"][:2]
    for person in operators:
        certificate = person.certificates[0] if person.certificates else None
        record_certificate_check(
            case,
            user,
            person,
            certificate.id if certificate else None,
            shown=True,
            number_matches=True,
            platform_verified=True,
            note="",
            version=None,
            reason=None,
        )


def _fine_on_the_spot(case: Inspection, user: User, plan: Plan) -> None:
    """A small fine decided on site (simple procedure), signed by the representative."""
    basis, fine = plan.on_the_spot
    decide_on_the_spot(
        case,
        user,
        party="unit",
        person_name=None,
        violation=f"{plan.problems[0][1]}，违反安全生产培训有关规定",
        basis_code=basis,
        fine_yuan=fine,
        measures=["order_correction"],
        signature=PartySignature(png=signature(case.representative_name)),
        client_key=f"demo-spot-{case.id}",
    )


def _sign(case: Inspection, user: User, plan: Plan) -> None:
    for key, name in cases.required_signers(case):
        if key == "representative" and plan.refuses:
            record_refusal(case, user, "负责人称需请示总公司，拒绝在记录上签字")
        else:
            record_signature(case, user, key, signature(name))


def _answer_orders(case: Inspection, started: datetime) -> None:
    """The enterprise scans the QR code and answers each order with a note and a photo."""
    for order in _orders(case):
        answer_order(
            case,
            order,
            code=case.verification_code,
            note="已制定年度培训计划，重新组织全员三级安全教育并建立真实签到和考核档案。",
            photos=[training_photo(8, started + timedelta(days=10))],
            client_key=f"demo-r-{order.id}",
            address="demo",
        )


def close_case(case: Inspection, user: User) -> None:
    """The inspector re-inspects and confirms every order rectified; the case closes."""
    for order in _orders(case):
        reinspect_order(
            order, user, "rectified", "复查：培训计划和档案已补齐，整改到位", order.version
        )


def _orders(case: Inspection):
    from inspect_app.findings.models import RectificationOrder

    query = select(RectificationOrder).where(RectificationOrder.inspection_id == case.id)
    return list(db.session.scalars(query))
