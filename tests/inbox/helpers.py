"""Helpers of the inbox tests."""

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.plans.services import create_task
from tests.factories import make_user


def assign_task(world, subject=None):
    """An open task in town A for inspector_a and a second officer, due this month."""
    second = make_user(world.town_a, "inspector")
    subject = subject or world.subject_a
    task = create_task(
        world.town_a,
        subject,
        [world.inspector_a, second],
        clock.today(),
        "manual",
        world.supervisor_a,
    )
    db.session.commit()
    return task, second
