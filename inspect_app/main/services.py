"""What the home page shows, and whether the app is ready to serve."""

import logging
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.auth.services import visible_region_ids
from inspect_app.extensions import db
from inspect_app.inspections.queries import my_open_cases
from inspect_app.storage import storage
from inspect_app.storage.base import StorageUnavailable
from inspect_app.subjects.models import Subject
from inspect_app.subjects.queries import ProblemSummary, problem_summary

PROBLEMS_LISTED = 15  # then a link to the whole list
PROBLEMS_COUNTED = 99  # then '99+'


@dataclass(frozen=True)
class HomeSummary:
    subject_count: int
    problems: ProblemSummary
    open_cases: list


def home_summary(user: User) -> HomeSummary:
    """Counts and the certificate problems in the user's area."""
    ids = visible_region_ids(user)
    count = db.session.scalar(
        select(func.count()).select_from(Subject).where(Subject.region_id.in_(ids))
    )
    problems = problem_summary(ids, clock.today(), PROBLEMS_LISTED, PROBLEMS_COUNTED)
    return HomeSummary(count, problems, my_open_cases(user))


log = logging.getLogger(__name__)


def readiness_problems() -> dict[str, str]:
    """What keeps the app from serving: {"database": "unreachable", …}; empty when ready.
    The causes go to the log only (they may name hosts)."""
    problems = {}
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.warning("readiness: database unreachable", exc_info=True)
        problems["database"] = "unreachable"
    finally:
        db.session.rollback()
    try:
        storage().check()
    except (OSError, StorageUnavailable):
        log.warning("readiness: storage unreachable", exc_info=True)
        problems["storage"] = "unreachable"
    return problems
