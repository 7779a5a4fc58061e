"""The register's rules on submitted values, shared by the page forms and the API schemas.

Each check returns the message to show (lazy, in the user's language), or None when it passes.
"""

from collections.abc import Collection
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.subjects.models import Subject
from inspect_app.subjects.rules import ASSESSMENT_KIND


def uscc_taken(uscc: str, subject_id: int | None, visible_region_ids: Collection[int]):
    """Another subject already has this code. Outside the user's regions that fact stays
    unsaid: the message only says the code cannot be registered here, and who can help."""
    row = db.session.execute(
        select(Subject.id, Subject.region_id).where(Subject.uscc == uscc)
    ).first()
    if row is None or row.id == subject_id:
        return None
    if row.region_id in visible_region_ids:
        return _l("Another subject already has this code.")
    return _l(
        "This code cannot be registered here. If the unit is in your area, "
        "ask the county emergency management office."
    )


def appointed_on_problem(appointed_on: date | None):
    if appointed_on and appointed_on > clock.today():
        return _l("The appointment date cannot be in the future.")
    return None


def expires_on_problem(kind: str | None, issued_on: date | None, expires_on: date | None):
    if expires_on and issued_on and expires_on < issued_on:
        return _l("The expiry date cannot be before the date of issue.")
    if expires_on is None and kind == ASSESSMENT_KIND:
        return _l("Enter the date this assessment certificate is valid until.")
    return None


def reviewed_on_problem(issued_on: date | None, reviewed_on: date | None):
    if reviewed_on and issued_on and reviewed_on < issued_on:
        return _l("A review cannot be before the date of issue.")
    if reviewed_on and reviewed_on > clock.today():
        return _l("The review date cannot be in the future.")
    return None


def verified_on_problem(verified_on: date | None):
    if verified_on and verified_on > clock.today():
        return _l("The verification date cannot be in the future.")
    return None


def certificate_problems(data: dict) -> dict:
    """{field: message} for a certificate's dates."""
    found = {
        "expires_on": expires_on_problem(
            data.get("kind"), data.get("issued_on"), data.get("expires_on")
        ),
        "reviewed_on": reviewed_on_problem(data.get("issued_on"), data.get("reviewed_on")),
        "verified_on": verified_on_problem(data.get("verified_on")),
    }
    return {name: message for name, message in found.items() if message}
