"""A quiz a worker took on the inspector's phone without signal: the paper comes from the offline
bundle, the server re-draws it from its seed, refuses a paper that differs, and scores it."""

from apiflask import Schema
from apiflask.fields import DateTime, Dict, Integer, List, String
from apiflask.validators import Length, Range
from flask import url_for
from flask_login import current_user

from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.api.case_schemas import REASON, WRITES, Id
from inspect_app.api.idempotency import idempotent
from inspect_app.api.phone_times import phone_time
from inspect_app.api.quizzes import AttemptOut, _template, attempt_out
from inspect_app.api.refusals import refusals
from inspect_app.inspections import queries
from inspect_app.quizzes.draw import SEED_LIMIT
from inspect_app.quizzes.offline_papers import record_offline_attempt
from inspect_app.subjects.queries import get_person

CASE = "/cases/<int:case_id>/quizzes"


class OfflineAttemptIn(Schema):
    person_id = Id(load_default=None, allow_none=True)
    worker_name = String(load_default=None, allow_none=True, validate=Length(max=64))
    template_id = Id(required=True)
    seed = Integer(strict=True, required=True, validate=Range(1, SEED_LIMIT))
    question_ids = List(
        Id(), required=True, validate=Length(1, 200), metadata={"description": "In paper order."}
    )
    answers = Dict(
        keys=String(validate=Length(max=12)),
        values=String(validate=Length(max=8)),
        required=True,
        metadata={"description": '{question id: chosen labels, such as "AC" or "T"}'},
    )
    started_at = DateTime(required=True, metadata={"description": "The phone's time."})
    finished_at = DateTime(required=True, metadata={"description": "The phone's time."})
    phone_score = Integer(
        load_default=None,
        allow_none=True,
        validate=Range(0, 100),
        metadata={"description": "The phone's own score, only compared with the server's."},
    )
    reason = String(load_default=None, allow_none=True, validate=Length(max=500), metadata=REASON)


@bp.post(CASE + "/offline")
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(OfflineAttemptIn, arg_name="data")
@bp.output(AttemptOut, status_code=201)
def record_offline_quiz(case_id: int, data):
    """Keep a quiz taken offline from a paper of the offline bundle, scored again here.

    A paper that its seed and template do not give is refused, and nothing is kept."""
    inspection = queries.get_editable_inspection(case_id)
    person = get_person(inspection.subject, data["person_id"]) if data["person_id"] else None
    template = _template(data["template_id"])
    started_at = phone_time(data["started_at"], inspection, "started_at")
    finished_at = phone_time(data["finished_at"], inspection, "finished_at")
    with refusals():
        attempt = record_offline_attempt(
            inspection,
            current_user,
            person=person,
            worker_name=data["worker_name"],
            template=template,
            seed=data["seed"],
            question_ids=data["question_ids"],
            answers=data["answers"],
            started_at=started_at,
            finished_at=finished_at,
            phone_score=data["phone_score"],
            reason=data["reason"],
        )
    location = url_for(".list_quizzes", case_id=case_id)
    return attempt_out(attempt), 201, {"Location": location}
