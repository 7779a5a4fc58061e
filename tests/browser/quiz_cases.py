"""A fresh draft case for a quiz in the browser: the demo's inspectors at a demo subject."""

from sqlalchemy import func, select

from inspect_app.auth.models import User
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection
from inspect_app.inspections.services import open_inspection
from inspect_app.quizzes.models import Question
from inspect_app.subjects.models import Subject
from tests.quizzes.test_onsite_support import make_bank


def open_quiz_case(subject_name: str, representative: str) -> Inspection:
    """A draft case of zhang.wei and li.na (in the caller's app context); a question bank made
    in code if the demo has none."""
    if not db.session.scalar(select(func.count()).select_from(Question)):
        make_bank()
    users = {u.username: u for u in db.session.scalars(select(User))}
    subject = db.session.scalar(select(Subject).where(Subject.name == subject_name))
    case = open_inspection(
        subject,
        users["zhang.wei"],
        [users["zhang.wei"], users["li.na"]],
        started_at=utcnow(),
        place=subject.address,
        representative_name=representative,
        representative_position="主要负责人",
    )
    db.session.commit()
    return case
