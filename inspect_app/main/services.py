"""What the home page shows."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from inspect_app.auth.models import User
from inspect_app.auth.services import visible_region_ids
from inspect_app.extensions import db
from inspect_app.inspections.queries import my_open_cases
from inspect_app.subjects.models import Subject
from inspect_app.subjects.queries import problem_people


@dataclass(frozen=True)
class HomeSummary:
    subject_count: int
    problem_people: list
    open_cases: list


def home_summary(user: User, today: date | None = None) -> HomeSummary:
    """Counts and the certificate problems in the user's area."""
    ids = visible_region_ids(user)
    count = db.session.scalar(
        select(func.count()).select_from(Subject).where(Subject.region_id.in_(ids))
    )
    return HomeSummary(count, problem_people(ids, today), my_open_cases(user))
