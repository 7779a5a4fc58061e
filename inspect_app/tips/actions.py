"""Staff actions on one tip: put it to a task or a case, record its outcome, note the answer."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.auth.access import require_role, scope_ids
from inspect_app.extensions import db
from inspect_app.tips import forms, queries, services
from inspect_app.tips.pages import case_form, task_form, tip_page

HANDLERS = ("inspector", "supervisor", "admin")


def post_task(tip_id: int):
    tip, form = _load(tip_id, task_form)
    if not form.validate_on_submit():
        return tip_page(tip, 422, task_form=form)
    subject = next((s for s in form.subjects if s.id == form.subject_id.data), None)
    officers = queries.users_by_ids(form.officer_ids.data, tip.region_id)
    return _act(
        tip,
        lambda: services.verify_by_task(tip, subject, officers, form.due_month.data, current_user),
        _("A verification task was made for the tip."),
        task_form=form,
    )


def post_case(tip_id: int):
    tip, form = _load(tip_id, case_form)
    if not form.validate_on_submit():
        return tip_page(tip, 422, case_form=form)
    inspection = next(c for c in form.cases if c.id == form.inspection_id.data)
    return _act(
        tip,
        lambda: services.verify_by_case(tip, inspection, current_user),
        _("The case now verifies the tip."),
        case_form=form,
    )


def post_outcome(tip_id: int):
    tip, form = _load(tip_id, lambda tip: forms.OutcomeForm())
    if not form.validate_on_submit():
        return tip_page(tip, 422, outcome_form=form)
    return _act(
        tip,
        lambda: services.record_outcome(tip, form.outcome.data, form.note.data, current_user),
        _("Outcome recorded."),
        outcome_form=form,
    )


def post_answer(tip_id: int):
    tip, form = _load(tip_id, lambda tip: forms.AnswerForm())
    if not form.validate_on_submit():
        return tip_page(tip, 422, answer_form=form)
    return _act(
        tip,
        lambda: services.mark_answered(tip, form.note.data, current_user),
        _("Marked as answered."),
        answer_form=form,
    )


def _load(tip_id: int, make_form):
    tip = queries.get_tip(tip_id, scope_ids())
    require_role(*HANDLERS)
    return tip, make_form(tip)


def _act(tip, change, message: str, **form):
    try:
        change()
    except services.TipError as error:
        db.session.rollback()
        next(iter(form.values())).form_errors.append(str(error))
        return tip_page(tip, 422, **form)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("tips.show", tip_id=tip.id))
