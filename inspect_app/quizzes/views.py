"""Quiz pages of a case: results per worker, quizzing a worker one question per screen on the
inspector's phone, the worker's own-phone link, recorded scores and oral questions.
The worker's own pages (no sign-in) are in quizzes/worker.py, on the same blueprint, which
quizzes/pages.py holds with what the page modules share."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.inspections.errors import CaseError
from inspect_app.qr import qr_data_uri
from inspect_app.quizzes import (
    forms,
    handover_views,
    links,
    oral,
    result_views,
    services,
    worker,
    worker_mode,
)
from inspect_app.quizzes.models import QuizAttempt
from inspect_app.quizzes.pages import (
    ATTEMPT,
    CASE,
    bp,
    error_message,
    index_page,
    load_attempt,
    new_oral_form,
    run_step,
)
from inspect_app.quizzes.topics import topic_label

# Their pages are on the same blueprint: importing them registers them.
PAGE_MODULES = (handover_views, result_views, worker)


@bp.get(CASE)
def index(inspection_id: int):
    inspection = queries.get_inspection(inspection_id)
    return index_page(inspection)


@bp.post(CASE + "/start")
def start(inspection_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    key = request.form.get("client_key", "")
    if done := services.attempt_with_key(inspection, key):
        return redirect(_after_start(done))
    templates = services.quiz_templates()
    form = forms.StartForm(people=services.case_people(inspection), templates=templates)
    if not form.validate_on_submit():
        return index_page(inspection, start_form=form, status=422)
    try:
        attempt, short = _start_attempt(inspection, form, templates, key)
        db.session.commit()
    except (CaseError, IntegrityError) as error:
        db.session.rollback()
        if done := services.attempt_with_key(inspection, key):  # a double tap drew it first
            return redirect(_after_start(done))
        message, status = error_message(error)
        return index_page(inspection, start_form=form, error=message, status=status)
    _flash_short(short)
    return redirect(_after_start(attempt))


def _start_attempt(inspection, form: forms.StartForm, templates: list, key: str):
    """Start the attempt; for the worker's own phone, make its link at once."""
    template = next((t for t in templates if t.id == form.template_id.data), None)
    who = {"person": form.person, "worker_name": form.worker_name.data}
    extra = {"template": template, "client_key": key, "reason": form.reason.data}
    started = services.start_attempt(inspection, current_user, **who, **extra)
    if request.form.get("mode") == "link":
        links.issue_worker_link(started[0], current_user)
    return started


def _after_start(attempt: QuizAttempt) -> str:
    ids = {"inspection_id": attempt.inspection_id, "attempt_id": attempt.id}
    return url_for(".link" if attempt.worker_token else ".hand_over", **ids)


def _flash_short(short: dict) -> None:
    for topic, (wanted, available) in short.items():
        name = topic_label(topic)
        flash(
            _(
                "The bank holds only %(available)s of the %(wanted)s questions wanted on "
                "%(topic)s: the paper has what exists.",
                available=available,
                wanted=wanted,
                topic=name,
            ),
            "info",
        )


@bp.route(ATTEMPT + "/q/<int:number>", methods=["GET", "POST"])
def question(inspection_id: int, attempt_id: int, number: int):
    inspection, attempt = load_attempt(inspection_id, attempt_id, editable=True)
    ids = {"inspection_id": inspection.id, "attempt_id": attempt.id}
    if not worker_mode.holds(attempt):  # the phone goes to the worker first
        return redirect(url_for(".hand_over", **ids))
    urls = _runner_urls(attempt)
    if attempt.is_finished:
        return redirect(urls["done"])
    return run_step(attempt, number, urls, services.answer_question, user=current_user)


def _runner_urls(attempt: QuizAttempt) -> dict:
    """The runner in worker mode: a stripped layout, ending where the inspector takes over."""
    ids = {"inspection_id": attempt.inspection_id, "attempt_id": attempt.id}
    return {
        "step": lambda n: url_for(".question", number=n, **ids),
        "finish": url_for(".finish", **ids),
        "done": url_for(".take_back", **ids),
        "take_back": url_for(".take_back", **ids),
        "layout": "layouts/worker_mode.html",
        "csrf": True,
    }


@bp.post(ATTEMPT + "/finish")
def finish(inspection_id: int, attempt_id: int):
    inspection, attempt = load_attempt(inspection_id, attempt_id, editable=True)
    try:
        services.finish_attempt(attempt, current_user)
        db.session.commit()
    except CaseError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    if worker_mode.holds(attempt):
        return redirect(_runner_urls(attempt)["done"])
    return redirect(url_for(".review", inspection_id=inspection.id, attempt_id=attempt.id))


@bp.route(ATTEMPT + "/link", methods=["GET", "POST"])
def link(inspection_id: int, attempt_id: int):
    inspection, attempt = load_attempt(inspection_id, attempt_id, editable=True)
    if request.method == "POST":
        try:
            links.issue_worker_link(attempt, current_user)
            db.session.commit()
        except CaseError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        return redirect(url_for(".link", inspection_id=inspection.id, attempt_id=attempt.id))
    live = bool(attempt.worker_token) and links.link_is_live(attempt)
    url = links.worker_url(attempt) if live else None
    return render_template(
        "quizzes/link.html",
        inspection=inspection,
        attempt=attempt,
        url=url,
        qr=qr_data_uri(url) if url else None,
    )


@bp.post(CASE + "/oral")
def oral_question(inspection_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    back = url_for(".index", inspection_id=inspection.id, _anchor="oral")
    form = new_oral_form(inspection)
    if not form.validate_on_submit():
        return index_page(inspection, oral_form=form, status=422)
    try:
        values = form.values(request.form.get("reason"))
        oral.record_oral_question(inspection, current_user, **values)
        db.session.commit()
    except (CaseError, IntegrityError) as error:
        db.session.rollback()
        if oral.oral_with_key(form.client_key.data):  # a double tap saved it first
            return redirect(back)
        message, status = error_message(error)
        return index_page(inspection, oral_form=form, error=message, status=status)
    flash(_("Oral question recorded."), "success")
    return redirect(back)
