"""The pages of a penalty proceeding: opening it, its page with the step list, and each step."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from inspect_app.auth.access import require_role
from inspect_app.errors import CaseError, StaleEdit
from inspect_app.extensions import db
from inspect_app.inspections import queries as cases
from inspect_app.proceedings import decisions, queries, services, statements
from inspect_app.proceedings.forms import new_proceeding_form, version_of
from inspect_app.proceedings.labels import status_label, step_state_label
from inspect_app.proceedings.page import (
    STEP_FORMS,
    case_material,
    page_context,
    posted_form,
    record_day,
)

bp = Blueprint("proceedings", __name__)
CASE = "/inspections/<int:inspection_id>/proceedings"
ONE = f"{CASE}/<int:proceeding_id>"
bp.add_app_template_filter(record_day, "record_day")
bp.add_app_template_filter(status_label, "proceeding_status")
bp.add_app_template_filter(step_state_label, "step_state")
bp.app_context_processor(lambda: {"case_proceedings": queries.case_proceedings})


@bp.route(f"{CASE}/new", methods=["GET", "POST"])
def new(inspection_id: int):
    inspection = cases.get_editable_inspection(inspection_id)
    findings, photos = case_material(inspection)
    form = new_proceeding_form(inspection, findings, photos, request.args.getlist("finding"))
    if not form.validate_on_submit():
        return _new_page(inspection, form, 422 if form.is_submitted() else 200)
    try:
        values = {"client_key": form.client_key.data, **form.values()}
        proceeding = services.open_proceeding(inspection, current_user, **values)
        db.session.commit()
    except IntegrityError:  # a double tap that raced past the client-key check
        db.session.rollback()
        proceeding = services.proceeding_by_client_key(form.client_key.data, inspection)
    except CaseError as error:
        return _new_page(inspection, form, _refused(form, error))
    flash(_("Filing requested: a supervisor approves it."), "success")
    return redirect(url_for(".show", inspection_id=inspection.id, proceeding_id=proceeding.id))


@bp.get(ONE)
def show(inspection_id: int, proceeding_id: int):
    inspection = cases.get_inspection(inspection_id)
    proceeding = queries.get_proceeding(inspection, proceeding_id)
    return render_template("proceedings/show.html", **page_context(inspection, proceeding))


@bp.post(f"{ONE}/approve")
def approve(inspection_id: int, proceeding_id: int):
    def act(p, f):
        services.approve_filing(p, current_user, opinion=f.opinion.data, version=version_of(f))

    return _step(inspection_id, proceeding_id, "filing", act, _("Filing approved."))


@bp.post(f"{ONE}/refuse")
def refuse(inspection_id: int, proceeding_id: int):
    def act(p, f):
        services.refuse_filing(p, current_user, reason=f.reason.data, version=version_of(f))

    return _step(inspection_id, proceeding_id, "filing", act, _("Filing refused."))


@bp.post(f"{ONE}/evidence")
def add_evidence(inspection_id: int, proceeding_id: int):
    def act(p, f):
        ids, version = f.photo_ids.data or [], version_of(f)
        services.add_evidence(p, current_user, photo_ids=ids, version=version)

    return _step(inspection_id, proceeding_id, "evidence", act, _("Evidence linked."))


@bp.post(f"{ONE}/evidence/<int:photo_id>/remove")
def remove_evidence(inspection_id: int, proceeding_id: int, photo_id: int):
    def act(p, f):
        services.remove_evidence(p, current_user, photo_id=photo_id, version=version_of(f))

    return _step(inspection_id, proceeding_id, "evidence", act, _("Photo unlinked."))


@bp.post(f"{ONE}/notice")
def notify(inspection_id: int, proceeding_id: int):
    def act(p, f):
        services.issue_notice(p, current_user, version=version_of(f))

    return _step(inspection_id, proceeding_id, "notice", act, _("Notice issued."))


@bp.post(f"{ONE}/statements")
def statement(inspection_id: int, proceeding_id: int):
    def act(p, f):
        statements.record_statement(
            p,
            current_user,
            text=f.text.data,
            given_on=f.given_on.data,
            hearing=f.hearing.data,
            client_key=f.client_key.data,
            version=version_of(f),
        )

    return _step(inspection_id, proceeding_id, "statement", act, _("Statement recorded."))


@bp.post(f"{ONE}/hearing")
def hearing(inspection_id: int, proceeding_id: int):
    def act(p, f):
        statements.record_hearing(
            p, current_user, held_on=f.held_on.data, summary=f.summary.data, version=version_of(f)
        )

    return _step(inspection_id, proceeding_id, "hearing", act, _("Hearing recorded."))


@bp.post(f"{ONE}/discussion")
def discussion(inspection_id: int, proceeding_id: int):
    def act(p, f):
        statements.record_discussion(
            p,
            current_user,
            discussed_on=f.discussed_on.data,
            members=f.members.data,
            conclusion=f.conclusion.data,
            version=version_of(f),
        )

    return _step(inspection_id, proceeding_id, "discussion", act, _("Discussion recorded."))


@bp.post(f"{ONE}/decision")
def decide(inspection_id: int, proceeding_id: int):
    def act(p, f):
        decisions.decide_proceeding(p, current_user, version=version_of(f), **f.values())

    return _step(inspection_id, proceeding_id, "decision", act, _("Decision made."))


def _step(inspection_id: int, proceeding_id: int, name: str, action, done: str):
    """Load, authorise, validate, act, commit; the page again with the form's errors."""
    inspection = cases.get_inspection(inspection_id)
    require_role(*STEP_FORMS[name][0])
    proceeding = queries.get_proceeding(inspection, proceeding_id)
    form = posted_form(name, inspection, proceeding)
    if not form.validate_on_submit():
        return _show(inspection, proceeding, name, form, 422)
    try:
        action(proceeding, form)
        db.session.commit()
    except IntegrityError:  # a double tap stored the same statement first
        db.session.rollback()
    except CaseError as error:
        return _show(inspection, proceeding, name, form, _refused(form, error))
    flash(done, "success")
    return redirect(url_for(".show", inspection_id=inspection.id, proceeding_id=proceeding.id))


def _show(inspection, proceeding, name: str, form, status: int):
    context = page_context(inspection, proceeding, posted={name: form})
    return render_template("proceedings/show.html", **context), status


def _new_page(inspection, form, status: int):
    page = render_template("proceedings/new.html", inspection=inspection, form=form)
    return page, status


def _refused(form, error: CaseError) -> int:
    """Roll back and put the messages next to their fields; the status to answer with."""
    db.session.rollback()
    errors = getattr(error, "errors", None) or {"": str(error.message)}
    for name, message in errors.items():
        if (target := form._fields.get(name)) is not None:
            target.errors = [*target.errors, message]
        else:
            form.form_errors.append(message)
    return 409 if isinstance(error, (StaleEdit, services.WrongStep)) else 422
