"""Reads the tip pages need: the tip in the user's scope, and the choices of its forms."""

from flask import abort
from sqlalchemy import select

from inspect_app.auth.models import User
from inspect_app.extensions import db
from inspect_app.inspections.queries import inspectors_for
from inspect_app.regions.models import Region
from inspect_app.subjects.models import Subject
from inspect_app.tips.models import Tip


def get_tip(tip_id: int, region_ids: list[int]) -> Tip:
    """The tip, if the user may see it (404 otherwise: another town's tips do not exist)."""
    tip = db.session.get(Tip, tip_id)
    if tip is None or tip.region_id not in region_ids:
        abort(404)
    return tip


def towns() -> list[Region]:
    """Regions without sub-regions: where a public tip-off is sent."""
    has_child = select(Region.parent_id).where(Region.parent_id.is_not(None))
    query = select(Region).where(Region.id.not_in(has_child)).order_by(Region.code)
    return list(db.session.scalars(query))


def region_subjects(region_id: int) -> list[Subject]:
    query = select(Subject).where(Subject.region_id == region_id).order_by(Subject.name)
    return list(db.session.scalars(query))


def users_by_ids(ids: list[int], region_id: int) -> list[User]:
    """The region's active inspectors among these ids, in the order given."""
    allowed = {user.id: user for user in inspectors_for(region_id)}
    return [allowed[i] for i in dict.fromkeys(ids) if i in allowed]
