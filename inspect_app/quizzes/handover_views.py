"""Handing the inspector's phone to a worker for a quiz (worker mode) and taking it back.
Registered on the quiz blueprint; the session guard is in quizzes/worker_mode.py."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError
from inspect_app.quizzes import forms, handover, results, worker_mode
from inspect_app.quizzes.pages import ATTEMPT, bp, load_attempt

bp.before_app_request(worker_mode.guard)


@bp.app_context_processor
def _worker_mode_context() -> dict:
    def resume() -> str:
        return worker_mode.resume_url(worker_mode.current())

    return {"worker_mode": worker_mode.current, "worker_mode_resume": resume}


@bp.route(ATTEMPT + "/hand-over", methods=["GET", "POST"])
def hand_over(inspection_id: int, attempt_id: int):
    inspection, attempt = load_attempt(inspection_id, attempt_id, editable=True)
    if attempt.is_finished:
        return redirect(url_for(".review", inspection_id=inspection.id, attempt_id=attempt.id))
    form = forms.HandOverForm()
    if not form.validate_on_submit():
        return _hand_over_page(inspection, attempt, form)
    if form.pin.data:
        handover.set_case_pin(inspection, current_user, form.pin.data)
    handover.hand_over(attempt, current_user)
    worker_mode.enter(attempt)
    db.session.commit()
    return redirect(worker_mode.resume_url(worker_mode.current()))


def _hand_over_page(inspection, attempt, form):
    page = render_template(
        "quizzes/hand_over.html",
        inspection=inspection,
        attempt=attempt,
        form=form,
        pin=handover.case_pin(inspection),
    )
    return page, 422 if form.errors else 200


@bp.route(ATTEMPT + "/take-back", methods=["GET", "POST"])
def take_back(inspection_id: int, attempt_id: int):
    inspection, attempt = load_attempt(inspection_id, attempt_id)
    review = url_for(".review", inspection_id=inspection.id, attempt_id=attempt.id)
    if not worker_mode.holds(attempt):
        return redirect(review)
    form, error = forms.TakeBackForm(), None
    if form.validate_on_submit():
        try:
            handover.take_back(attempt, current_user, form.secret.data)
        except CaseError as refused:
            error = str(refused.message)
        if error is None:
            worker_mode.leave()
        db.session.commit()  # a wrong try is counted even though it is refused
        if error is None:
            flash(_("You have the phone back: worker mode has ended."), "success")
            return redirect(review)
    return _take_back_page(attempt, form, error)


def _take_back_page(attempt, form, error):
    result = results.attempt_results([attempt])[0] if attempt.is_finished else None
    page = render_template(
        "quizzes/take_back.html", attempt=attempt, result=result, form=form, error=error
    )
    return page, 422 if (error or form.errors) else 200
