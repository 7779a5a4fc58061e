"""One worker's result: the paper answer by answer, and the score the unit recorded for the
worker, entered right there after scoring (it feeds the 30-point gap rule)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.extensions import db
from inspect_app.inspections.errors import CaseError
from inspect_app.quizzes import forms, pages, results, services
from inspect_app.quizzes.pages import ATTEMPT, bp
from inspect_app.quizzes.topics import topic_labels


@bp.get(ATTEMPT)
def review(inspection_id: int, attempt_id: int):
    inspection, attempt = pages.load_attempt(inspection_id, attempt_id)
    return _review_page(inspection, attempt)


def _review_page(inspection, attempt, score_error=None, status=200):
    """One worker's result and paper; the unit's recorded score can be entered here."""
    editable = pages.can_quiz(inspection)
    page = render_template(
        "quizzes/review.html",
        inspection=inspection,
        attempt=attempt,
        result=results.attempt_results([attempt])[0],
        review=results.paper_review(attempt, services.paper_questions(attempt)),
        option_choices=services.option_choices,
        editable=editable,
        topic_labels=topic_labels(),
        score_form=forms.RecordedScoreForm(formdata=None) if editable else None,
        score_error=score_error,
    )
    return page, status


@bp.post(ATTEMPT + "/recorded-score")
def recorded_score(inspection_id: int, attempt_id: int):
    inspection, attempt = pages.load_attempt(inspection_id, attempt_id, editable=True)
    form, on_review = forms.RecordedScoreForm(), request.form.get("back") == "review"
    try:
        if not form.validate_on_submit():
            raise services.QuizRefused(next(iter(form.errors.values()))[0])
        services.set_recorded_score(
            attempt, current_user, form.recorded_score.data, form.version.data, form.reason.data
        )
        db.session.commit()
    except CaseError as error:
        db.session.rollback()
        message, status = pages.error_message(error)
        if on_review:
            return _review_page(inspection, attempt, score_error=message, status=status)
        return pages.index_page(inspection, error=message, status=status)
    flash(_("Recorded score saved for %(name)s.", name=attempt.worker_name), "success")
    ids = {"inspection_id": inspection.id, "attempt_id": attempt.id}
    if on_review:
        return redirect(url_for(".review", **ids, _anchor=f"attempt-{attempt.id}"))
    return redirect(url_for(".index", inspection_id=inspection.id, _anchor=f"attempt-{attempt.id}"))
