"""Demo data: one county, two towns, a user of each role, and a register of subjects.

Dates are relative to today, so every certificate status is present whenever it is loaded.
"""

from sqlalchemy import func, select

from inspect_app import clock
from inspect_app.auth.models import User
from inspect_app.auth.services import create_user
from inspect_app.demo.cases import seed_demo_cases
from inspect_app.demo.enforcement import seed_demo_plans
from inspect_app.demo.history import seed_demo_history
from inspect_app.demo.people import seed_people
from inspect_app.demo.register import SUBJECTS, USERS, seed_regions, seed_subject
from inspect_app.demo.selfchecks import seed_demo_selfchecks
from inspect_app.demo.stats import seed_demo_reports
from inspect_app.demo.tips import seed_demo_inbox, seed_demo_tips
from inspect_app.extensions import db
from inspect_app.quizzes.bank import load_starter_bank
from inspect_app.regions.models import Region

DEMO_PASSWORD = "demo-pass-2026"


def is_empty() -> bool:
    return db.session.scalar(select(func.count()).select_from(Region)) == 0


def seed_demo() -> list[User] | None:
    """Load the demo data set; None when the database already holds data."""
    if not is_empty():
        return None
    regions = seed_regions()
    users = [
        create_user(u, DEMO_PASSWORD, role, regions[code], name, cert)
        for u, role, code, name, cert in USERS
    ]
    for index, row in enumerate(SUBJECTS):
        subject = seed_subject(index, row, regions)
        seed_people(subject, index, clock.today())
    db.session.flush()
    load_starter_bank()
    seed_demo_cases()
    seed_demo_history()
    seed_demo_selfchecks()
    seed_demo_reports()
    seed_demo_plans(DEMO_PASSWORD)
    seed_demo_tips()
    seed_demo_inbox()
    return users


def demo_users() -> list[User]:
    """The demo accounts still present in the database."""
    names = [u[0] for u in USERS]
    found = db.session.scalars(select(User).where(User.username.in_(names)))
    return sorted(found, key=lambda user: names.index(user.username))
