"""Cases: the list in scope, opening one, reading it, answering its checklist, issuing it."""

from apiflask.fields import String
from apiflask.validators import OneOf
from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from inspect_app.api.auth import token_auth
from inspect_app.api.blueprint import bp
from inspect_app.api.case_schemas import (
    WRITES,
    AnswerIn,
    AnswerOut,
    CaseOut,
    CaseSummary,
    ItemOut,
    OpenCaseIn,
    VersionIn,
    values_of,
)
from inspect_app.api.idempotency import idempotent
from inspect_app.api.pagination import PageQuery, paginate
from inspect_app.api.phone_times import not_in_future, phone_time
from inspect_app.api.problems import Problem
from inspect_app.api.refusals import refusals
from inspect_app.api.schemas import page_of
from inspect_app.auth.access import require_role, scope_ids
from inspect_app.errors import NotFound
from inspect_app.extensions import db
from inspect_app.i18n import select_locale
from inspect_app.inspections import queries, services
from inspect_app.inspections.errors import CaseError, StaleEdit
from inspect_app.inspections.models import Inspection, Status
from inspect_app.inspections.queries import inspectors_for
from inspect_app.inspections.rules import inspectors_problem
from inspect_app.issuing.services import issue_blockers, issue_with_retries
from inspect_app.subjects.queries import get_subject

CASE = "/cases/<int:case_id>"


class CaseListQuery(PageQuery):
    status = String(load_default="", validate=OneOf(["", *(s.value for s in Status)]))


def case_out(inspection: Inspection) -> dict:
    """The case as CaseOut reads it: its own columns, progress and what blocks issuing."""
    answered, total = services.progress(inspection)
    pending = inspection.is_draft or inspection.pending_correction
    blockers = issue_blockers(inspection) if pending else []
    return values_of(
        inspection,
        CaseOut,
        progress={"answered": answered, "total": total},
        blockers=[str(blocker) for blocker in blockers],
    )


@bp.get("/cases")
@bp.auth_required(token_auth)
@bp.input(CaseListQuery, location="query", arg_name="page")
@bp.output(page_of(CaseSummary))
def list_cases(page):
    """The cases in the token's scope, oldest first, optionally of one status."""
    query = queries.case_query(scope_ids(), status=page["status"])
    return paginate(query, Inspection.id, page["cursor"], page["limit"])


ALREADY_OPENED = {
    200: {
        "description": "A case with this client_id was opened already: that case.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CaseOut"}}},
    }
}


@bp.post("/cases")
@bp.auth_required(token_auth)
@bp.doc(responses={**WRITES, **ALREADY_OPENED})
@idempotent
@bp.input(OpenCaseIn, arg_name="data")
@bp.output(CaseOut, status_code=201)
def open_case(data):
    """Open a draft case for a subject in scope, with at least two inspectors of its region."""
    require_role("inspector", "admin")
    if (opened := _opened_with(data["client_id"])) is not None:
        return _already_opened(opened)
    subject = _subject(data["subject_id"])
    officers = _officers(subject.region_id, data["inspector_ids"])
    started_at = not_in_future(data["started_at"], "started_at")
    fields = {k: data[k] for k in ("place", "representative_name", "representative_position")}
    try:
        inspection = services.open_inspection(
            subject, current_user, officers, started_at=started_at,
            client_id=data["client_id"], **fields,
        )  # fmt: skip
    except IntegrityError:  # the same phone's other request opened it a moment ago
        db.session.rollback()
        if (opened := _opened_with(data["client_id"])) is None:
            raise
        return _already_opened(opened)
    return case_out(inspection), 201, {"Location": url_for(".get_case", case_id=inspection.id)}


def _already_opened(inspection: Inspection):
    return case_out(inspection), 200, {"Location": url_for(".get_case", case_id=inspection.id)}


def _opened_with(client_id: str | None) -> Inspection | None:
    """The case the offline app already opened with this id (in the caller's regions)."""
    if not client_id:
        return None
    opened = db.session.scalar(select(Inspection).where(Inspection.client_id == client_id))
    if opened is not None and opened.region_id not in scope_ids():
        message = str(CLIENT_ID_TAKEN)
        raise Problem(422, "validation", message, errors={"client_id": [message]})
    return opened


def _subject(subject_id: int):
    """The subject named in the body: one outside the caller's regions is a field error."""
    try:
        return get_subject(subject_id, scope_ids())
    except NotFound:
        message = str(UNKNOWN_SUBJECT)
        raise Problem(422, "validation", message, errors={"subject_id": [message]}) from None


def _officers(region_id: int, ids: list[int]) -> list:
    """The chosen inspectors, each an active inspector of the region, two or more."""
    eligible = {officer.id: officer for officer in inspectors_for(region_id)}
    chosen = [eligible[i] for i in dict.fromkeys(ids) if i in eligible]
    problem = None if len(chosen) == len(set(ids)) else NOT_OF_REGION
    if problem := problem or inspectors_problem(chosen):
        raise Problem(422, "validation", str(problem), errors={"inspector_ids": [str(problem)]})
    return chosen


UNKNOWN_SUBJECT = _l("Choose a subject in your area.")
NOT_OF_REGION = _l("Choose active inspectors of the subject's region.")
CLIENT_ID_TAKEN = _l("This client id belongs to another case. Open the case with a new one.")


@bp.get(CASE)
@bp.auth_required(token_auth)
@bp.output(CaseOut)
def get_case(case_id: int):
    """One case in scope, with its progress and what still blocks issuing it."""
    return case_out(queries.get_inspection(case_id))


@bp.get(CASE + "/items")
@bp.auth_required(token_auth)
@bp.output(ItemOut(many=True))
def list_items(case_id: int):
    """The case's check items in checklist order, each with its answer (null if none)."""
    inspection = queries.get_inspection(case_id)
    return [_item_out(inspection, item) for item in services.checklist_items(inspection)]


def _item_out(inspection: Inspection, item) -> dict:
    answer = inspection.answer_for(item.code)
    return {"code": item.code, "text": item.text(select_locale()), "answer": answer}


@bp.put(CASE + "/items/<code>")
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(AnswerIn, arg_name="data")
@bp.output(AnswerOut)
def answer_item(case_id: int, code: str, data):
    """Answer one check item; `version` is that of the answer the client saw (null: none)."""
    inspection = queries.get_editable_inspection(case_id)
    current = lambda: _current_answer(case_id, code)  # noqa: E731
    with refusals(current):
        if data["version"] is None and inspection.answer_for(code) is not None:
            raise StaleEdit()
        answered_at = phone_time(data["answered_at"], inspection, "answered_at")
        try:
            answer = services.answer_item(
                inspection, code, data["result"], data["note"], current_user,
                data["version"], data["reason"],
            )  # fmt: skip
            answer.answered_at = answered_at or answer.answered_at
            db.session.flush()  # a phone that saved this item at the same instant: 409 here
            return answer
        except CaseError:
            raise
        except ValueError as error:  # an unknown item, or a non-compliant answer without a note
            raise Problem(422, "refused", str(error)) from error


def _current_answer(case_id: int, code: str) -> dict | None:
    answer = queries.get_inspection(case_id).answer_for(code)
    return AnswerOut().dump(answer) if answer is not None else None


@bp.post(CASE + "/issue")
@bp.auth_required(token_auth)
@bp.doc(responses=WRITES)
@idempotent
@bp.input(VersionIn, arg_name="data")
@bp.output(CaseOut)
def issue_case(case_id: int, data):
    """Issue the record: number, freeze, hash and render it (revision 1).

    Issuing an issued case answers with it as it is, so a retry never issues twice."""
    inspection = queries.get_editable_inspection(case_id)
    if not inspection.is_draft:
        return case_out(inspection)
    with refusals(lambda: CaseOut().dump(case_out(queries.get_inspection(case_id)))):
        inspection = issue_with_retries(case_id, current_user, data["version"])
    return case_out(inspection)
