"""Enforcement plans: create, approve, amend (with a kept reason)."""

import math
from datetime import date

from flask_babel import lazy_gettext as _l

from inspect_app.audit.services import record_audit
from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.errors import CaseError
from inspect_app.extensions import db
from inspect_app.plans.models import EnforcementPlan, PlanAmendment, PlanStatus
from inspect_app.regions.models import Region

PLAN_FIELDS = (
    "title",
    "campaign",
    "first_month",
    "last_month",
    "full_kinds",
    "sample_kinds",
    "sample_share",
    "all_high_risk",
)


class PlanError(CaseError):
    message = _l("This plan cannot be changed.")


def _check(fields: dict) -> None:
    if fields["first_month"] > fields["last_month"]:
        raise PlanError(_l("The first month must not come after the last month."))
    if not fields["full_kinds"] and not fields["sample_kinds"]:
        raise PlanError(_l("Choose at least one kind of subject to cover or to sample."))
    if set(fields["full_kinds"]) & set(fields["sample_kinds"]):
        raise PlanError(_l("A kind is either covered in full or sampled, not both."))
    if not 0 <= fields["sample_share"] <= 100:
        raise PlanError(_l("The share must be between 0 and 100 percent."))


def _normalise(fields: dict) -> dict:
    data = {name: fields[name] for name in PLAN_FIELDS}
    data["first_month"] = data["first_month"].replace(day=1)
    data["last_month"] = data["last_month"].replace(day=1)
    data["full_kinds"] = sorted(data["full_kinds"])
    data["sample_kinds"] = sorted(data["sample_kinds"])
    return data


def create_plan(region: Region, by: User, **fields) -> EnforcementPlan:
    """A draft plan for a region."""
    data = _normalise(fields)
    _check(data)
    plan = EnforcementPlan(region=region, created_by=by, status=PlanStatus.DRAFT.value, **data)
    db.session.add(plan)
    record_audit(by, "create_plan", plan, region_id=region.id, title=plan.title)
    return plan


def approve_plan(plan: EnforcementPlan, by: User) -> None:
    """Approve a draft plan; draws may then be made from it."""
    if plan.is_approved:
        raise PlanError(_l("This plan is already approved."))
    plan.status = PlanStatus.APPROVED.value
    plan.approved_by = by
    plan.approved_at = utcnow()
    record_audit(by, "approve_plan", plan)


def _value(value):
    return value.isoformat() if isinstance(value, date) else value


def amend_plan(plan: EnforcementPlan, by: User, reason: str, **fields) -> PlanAmendment | None:
    """Change a plan. Once approved, each change needs a reason and is kept as an amendment."""
    reason = reason or ""
    data = _normalise(fields)
    _check(data)
    changes = {
        name: [_value(getattr(plan, name)), _value(value)]
        for name, value in data.items()
        if getattr(plan, name) != value
    }
    if not changes:
        raise PlanError(_l("Nothing was changed."))
    if plan.is_approved and not reason.strip():
        raise PlanError(_l("This plan is approved. Give the reason for the amendment."))
    for name, value in data.items():
        setattr(plan, name, value)
    amendment = None
    if plan.is_approved:
        amendment = PlanAmendment(plan=plan, reason=reason.strip(), changes=changes, by=by)
        db.session.add(amendment)
    record_audit(by, "amend_plan", plan, reason=reason.strip(), changes=changes)
    return amendment


def sample_required(share: int, sampled: int, high_risk: int, all_high_risk: bool) -> int:
    """How many sampled-kind subjects the plan requires: the share (rounded up), and at least
    every high-risk one when the plan says so."""
    by_share = math.ceil(share * sampled / 100)
    return max(by_share, high_risk) if all_high_risk else by_share
