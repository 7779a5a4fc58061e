"""Making a 双随机 draw from a plan, turning it into tasks, and checking it by re-running it."""

import secrets
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app import clock
from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.extensions import db
from inspect_app.plans import draw as algorithm
from inspect_app.plans import queries
from inspect_app.plans.models import Draw, EnforcementPlan
from inspect_app.plans.planning import PlanError, sample_required
from inspect_app.plans.services import create_task
from inspect_app.subjects.models import Subject
from inspect_app.subjects.rules import add_months


@dataclass(frozen=True)
class Filters:
    """Which subjects of the plan's region enter the object list."""

    kinds: tuple[str, ...] = ()
    industry: str = ""
    high_risk_only: bool = False
    not_inspected_months: int | None = None  # none issued for them in the last N months

    def as_dict(self) -> dict:
        return {
            "kinds": list(self.kinds),
            "industry": self.industry,
            "high_risk_only": self.high_risk_only,
            "not_inspected_months": self.not_inspected_months,
        }


@dataclass
class Pool:
    subjects: list[Subject]
    mandatory: list[int]
    officers: list[User]
    conflicts: list[tuple[int, int]] = field(default_factory=list)
    suggested_size: int = 0


def object_list(plan: EnforcementPlan, filters: Filters) -> list[Subject]:
    """The plan's subjects passing the filters, without those already tasked under the plan."""
    kinds = [k for k in (filters.kinds or plan.kinds) if k in plan.kinds]
    query = select(Subject).where(Subject.region_id == plan.region_id, Subject.kind.in_(kinds))
    if filters.industry:
        query = query.where(Subject.industry == filters.industry)
    if filters.high_risk_only:
        query = query.where(Subject.high_risk.is_(True))
    if filters.not_inspected_months:
        since = add_months(clock.today(), -filters.not_inspected_months)
        query = query.where(~queries.inspected_since(since))
    tasked = queries.subjects_with_task(plan.id)
    return [s for s in db.session.scalars(query.order_by(Subject.id)) if s.id not in tasked]


def build_pool(plan: EnforcementPlan, filters: Filters) -> Pool:
    """Object list, the subjects drawn without chance, the officers and their conflicts."""
    subjects = object_list(plan, filters)
    mandatory = [
        s.id for s in subjects if s.kind in plan.full_kinds or (plan.all_high_risk and s.high_risk)
    ]
    officers = queries.officers_of(plan.region_id)
    conflicts = queries.conflict_pairs([s.id for s in subjects], [o.id for o in officers])
    return Pool(subjects, mandatory, officers, conflicts, _suggested(plan, subjects, mandatory))


def _suggested(plan: EnforcementPlan, subjects: list[Subject], mandatory: list[int]) -> int:
    """Enough of the sampled kinds to reach the plan's share, counting tasks already made."""
    sampled_all = db.session.scalars(
        select(Subject).where(
            Subject.region_id == plan.region_id, Subject.kind.in_(plan.sample_kinds or [""])
        )
    ).all()
    high = sum(1 for s in sampled_all if s.high_risk)
    required = sample_required(plan.sample_share, len(sampled_all), high, plan.all_high_risk)
    tasked = queries.subjects_with_task(plan.id)
    done_or_mandatory = len({s.id for s in sampled_all} & (tasked | set(mandatory)))
    drawable = [s for s in subjects if s.id not in mandatory and s.kind in plan.sample_kinds]
    return max(0, min(required - done_or_mandatory, len(drawable)))


def make_draw(
    plan: EnforcementPlan,
    by: User,
    filters: Filters,
    sample_size: int,
    due_month: date,
    seed: str | None = None,
) -> Draw:
    """Draw subjects and officers, record everything needed to re-run it, and create tasks."""
    if not plan.is_approved:
        raise PlanError(_l("Only an approved plan can be drawn from."))
    if due_month.replace(day=1) not in plan.months():
        raise PlanError(_l("The due month must be one of the plan's months."))
    pool = build_pool(plan, filters)
    if not pool.subjects:
        raise PlanError(_l("No subject matches: the object list is empty."))
    seed = (seed or "").strip() or secrets.token_hex(16)
    data = algorithm.DrawInput(
        seed=seed,
        subject_ids=tuple(s.id for s in pool.subjects),
        mandatory_ids=tuple(pool.mandatory),
        officer_ids=tuple(o.id for o in pool.officers),
        conflicts=tuple(pool.conflicts),
        sample_size=sample_size,
    )
    try:
        result = algorithm.run_draw(data)
    except algorithm.DrawRefused as refused:
        name = next((s.name for s in pool.subjects if s.id == refused.subject_id), "")
        raise PlanError(
            _l(
                "Fewer than two officers are free of a conflict with %(name)s: the draw cannot "
                "be made.",
                name=name,
            )
        ) from refused
    draw = _record(plan, by, filters, data, pool, result, due_month.replace(day=1))
    _make_tasks(draw, pool, result, by)
    record_audit(by, "make_draw", draw, plan_id=plan.id, result_sha256=draw.result_sha256)
    return draw


def _record(plan, by, filters, data, pool, result, due_month) -> Draw:
    draw = Draw(
        plan=plan,
        region_id=plan.region_id,
        algorithm=algorithm.ALGORITHM,
        seed=data.seed,
        filters=filters.as_dict(),
        sample_size=data.sample_size,
        due_month=due_month,
        subjects=[[s.id, s.name] for s in pool.subjects],
        mandatory=sorted(pool.mandatory),
        officers=[[o.id, o.display_name] for o in pool.officers],
        conflicts=[list(pair) for pair in pool.conflicts],
        subjects_sha256=algorithm.list_hash(data.subject_ids),
        officers_sha256=algorithm.list_hash(data.officer_ids),
        conflicts_sha256=algorithm.list_hash(data.conflicts),
        result=[{"subject": a.subject_id, "officers": list(a.officer_ids)} for a in result],
        result_sha256=algorithm.result_hash(result),
        drawn_by=by,
    )
    db.session.add(draw)
    return draw


def _make_tasks(draw: Draw, pool: Pool, result, by: User) -> None:
    subjects = {s.id: s for s in pool.subjects}
    officers = {o.id: o for o in pool.officers}
    for a in result:
        chosen = [officers[i] for i in a.officer_ids]
        subject = subjects[a.subject_id]
        create_task(
            subject.region, subject, chosen, draw.due_month, "draw", by, plan=draw.plan, draw=draw
        )


@dataclass(frozen=True)
class Recheck:
    """A re-run of a recorded draw: do the stored lists still hash the same, and does the
    algorithm give the same result?"""

    lists_match: bool
    result_matches: bool
    result_sha256: str

    @property
    def ok(self) -> bool:
        return self.lists_match and self.result_matches


def recheck_draw(draw: Draw) -> Recheck:
    """Re-run the draw from its record alone."""
    data = algorithm.DrawInput(
        seed=draw.seed,
        subject_ids=tuple(s[0] for s in draw.subjects),
        mandatory_ids=tuple(draw.mandatory),
        officer_ids=tuple(o[0] for o in draw.officers),
        conflicts=tuple((c[0], c[1]) for c in draw.conflicts),
        sample_size=draw.sample_size,
    )
    lists_match = (
        algorithm.list_hash(data.subject_ids) == draw.subjects_sha256
        and algorithm.list_hash(data.officer_ids) == draw.officers_sha256
        and algorithm.list_hash(data.conflicts) == draw.conflicts_sha256
    )
    digest = algorithm.result_hash(algorithm.run_draw(data))
    return Recheck(lists_match, digest == draw.result_sha256, digest)
