"""Demo enforcement plans: one per town, one 双随机 draw in 洋口镇, tasks in every state."""

from datetime import date

from sqlalchemy import select

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.auth.services import create_user
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.plans import drawing, planning, services
from inspect_app.plans.models import EnforcementPlan, Task
from inspect_app.regions.models import Region
from inspect_app.subjects.models import Subject
from inspect_app.subjects.rules import add_months

DRAW_SEED = "20260401-yangkou-public-draw"
# A third officer in 洋口镇, so that a recusal still leaves two to draw from.
EXTRA_OFFICER = ("sun.li", "inspector", "320623105", "孙丽", "32060023013")
RECUSAL = ("sun.li", "如东县宏达纺织有限公司", "配偶在该公司任安全员")
STARTED = "南通洋口港储运有限公司"  # its draft case (opened today) carries out the task
DONE = "如东洋口化工有限公司"  # its issued record completes the task
OVERDUE = "洋口冷链物流有限公司"  # a manual task from last month, still open
CANCELLED = "洋口镇鑫源金属制品厂"


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def _subject(name: str) -> Subject:
    return db.session.scalar(select(Subject).where(Subject.name == name))


def _region(code: str) -> Region:
    return db.session.scalar(select(Region).where(Region.code == code))


def seed_demo_plans(password: str) -> None:
    """Plans for each town; in 洋口镇 a recusal, a draw and its tasks in every state."""
    username, role, code, name, cert = EXTRA_OFFICER
    create_user(username, password, role, _region(code), name, cert)
    supervisor = _user("zhou.min")
    month = clock.today().replace(day=1)
    plans = [_plan(_region(c), _user("chen.jie"), month) for c in ("320623105", "320623106")]
    officer, subject, reason = RECUSAL
    services.mark_conflict(_user(officer), _subject(subject), reason, supervisor)
    draw = drawing.make_draw(
        plans[0], supervisor, drawing.Filters(), sample_size=1, due_month=month, seed=DRAW_SEED
    )
    db.session.flush()
    _tasks_in_every_state(draw.tasks, plans[0], supervisor, month)


def _plan(region: Region, by: User, month: date) -> EnforcementPlan:
    plan = planning.create_plan(
        region,
        by,
        title=f"{region.name}安全生产培训专项执法检查计划",
        campaign="training-formality-2021",
        first_month=add_months(month, -2),
        last_month=add_months(month, 3),
        full_kinds=["exam_site", "training_institution"],
        sample_kinds=["production_unit"],
        sample_share=5,
        all_high_risk=True,
    )
    planning.approve_plan(plan, by)
    return plan


def _case_of(subject: Subject, status_not: str | None = None) -> Inspection | None:
    query = select(Inspection).where(Inspection.subject_id == subject.id)
    if status_not:
        query = query.where(Inspection.status != status_not)
    return db.session.scalar(query.order_by(Inspection.started_at.desc()).limit(1))


def _tasks_in_every_state(tasks: list[Task], plan, by: User, month: date) -> None:
    by_name = {t.subject.name: t for t in tasks}
    if task := by_name.get(STARTED):
        draft = _case_of(task.subject)
        if draft is not None and draft.is_draft:
            _carried_out_by(task, draft, by)
    if task := by_name.get(DONE):
        issued = _case_of(task.subject, status_not="draft")
        if issued is not None:
            _carried_out_by(task, issued, by)
            services.complete_tasks_of(issued, by)
    if task := by_name.get(CANCELLED):
        services.cancel_task(task, "企业已停产，改为复产前检查", by)
    overdue = _subject(OVERDUE)
    officers = [_user("zhang.wei"), _user("li.na")]
    services.create_task(
        overdue.region, overdue, officers, add_months(month, -1), "manual", by, plan=plan
    )


def _carried_out_by(task: Task, inspection: Inspection, by: User) -> None:
    """The case was opened by other officers than drawn: the task follows, with the reason."""
    officers = [i.user for i in inspection.inspectors]
    if sorted(o.id for o in officers) != task.officer_ids:
        services.reassign_task(task, officers, "按当日实际出勤调整检查人员", by)
    task.inspection = inspection
