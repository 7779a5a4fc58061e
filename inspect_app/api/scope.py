"""Out of scope is a 404 before anything else: every API route with an object id in its path
is checked here, before its body is validated, so a write to another town's object answers
exactly as a read does (and a 422 never hints at what lies outside the caller's regions).

A case's own parts (findings, orders, penalties, quiz attempts) are 404 under any other case,
and a person under a case is one of the case's subject."""

from collections.abc import Callable

from flask import abort
from flask_login import current_user

from inspect_app.api.blueprint import bp
from inspect_app.api.case_schemas import MAX_ID
from inspect_app.auth.access import scope_ids
from inspect_app.extensions import db
from inspect_app.subjects.models import Certificate, Person, Subject


def _subject_region(subject_id: int) -> int | None:
    subject = db.session.get(Subject, subject_id)
    return subject.region_id if subject else None


def _person_region(person_id: int) -> int | None:
    person = db.session.get(Person, person_id)
    return person.subject.region_id if person else None


def _certificate_region(certificate_id: int) -> int | None:
    certificate = db.session.get(Certificate, certificate_id)
    return certificate.person.subject.region_id if certificate else None


def _case_region(case_id: int) -> int | None:
    from inspect_app.inspections.models import Inspection

    inspection = db.session.get(Inspection, case_id)
    return inspection.region_id if inspection else None


REGION_OF: dict[str, Callable[[int], int | None]] = {
    "subject_id": _subject_region,
    "person_id": _person_region,
    "certificate_id": _certificate_region,
    "case_id": _case_region,
}


def _case_parts() -> dict[str, type]:
    """The path parameters naming a row of one case, with the row's model."""
    from inspect_app.findings.models import Finding, RectificationOrder
    from inspect_app.penalties.models import Penalty
    from inspect_app.quizzes.models import QuizAttempt

    return {
        "finding_id": Finding,
        "order_id": RectificationOrder,
        "penalty_id": Penalty,
        "attempt_id": QuizAttempt,
    }


def _belongs_to_case(case_id: int, name: str, value: int) -> bool:
    """Whether the object a path parameter names under a case is part of that case."""
    from inspect_app.inspections.models import Inspection

    if name == "person_id":
        person = db.session.get(Person, value)
        inspection = db.session.get(Inspection, case_id)
        return person is not None and person.subject_id == inspection.subject_id
    model = _case_parts().get(name)
    if model is None:
        return True
    row = db.session.get(model, value)
    return row is not None and row.inspection_id == case_id


@bp.url_value_preprocessor
def check_scope(_endpoint: str | None, values: dict | None) -> None:
    """404 unless every object named in the path is in the caller's regions (and its case)."""
    if not values or not current_user.is_authenticated:
        return  # no token: the view's auth answers 401
    if any(isinstance(v, int) and not 0 <= v <= MAX_ID for v in values.values()):
        abort(404)  # no row has it, and the database would refuse to compare it
    for name, value in values.items():
        if name in REGION_OF and REGION_OF[name](value) not in scope_ids():
            abort(404)
    if "case_id" in values:
        for name, value in values.items():
            if name != "case_id" and not _belongs_to_case(values["case_id"], name, value):
                abort(404)
