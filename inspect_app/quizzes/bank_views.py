"""Admin pages of the question bank: list and search, edit, import and export (admins only)."""

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app import clock
from inspect_app.auth.access import roles_required
from inspect_app.extensions import db
from inspect_app.inspections.errors import StaleEdit
from inspect_app.quizzes import bank, bank_list
from inspect_app.quizzes.bank_forms import ImportForm, QuestionForm, form_values
from inspect_app.quizzes.models import Question
from inspect_app.stale import stale_differences

bp = Blueprint("quiz_bank", __name__, url_prefix="/admin/questions")

MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_ERRORS_SHOWN = 200


@bp.before_request
@roles_required("admin")
def _admins_only():
    return None


def _locale() -> str:
    return str(get_locale() or "")


def _question(question_id: int) -> Question:
    return db.get_or_404(Question, question_id)


def _filters() -> dict[str, str]:
    args = request.args
    topic = args.get("topic", "")
    kind = args.get("kind", "")
    status = args.get("status", "")
    return {
        "q": args.get("q", "").strip()[:64],
        "topic": topic if topic in bank.topics() else "",
        "kind": kind if kind in bank.QUESTION_KIND_LABELS else "",
        "status": status if status in ("active", "inactive") else "",
    }


@bp.get("")
def index():
    filters = _filters()
    page = bank_list.question_page(request.args.get("after", ""), **filters)
    if page.refused_cursor:
        flash(_("That page link is not valid; here is the first page."), "error")
    return render_template(
        "quiz_bank/index.html",
        page=page,
        filters=filters,
        topics=bank.topic_names(_locale()),
        kinds=bank.QUESTION_KIND_LABELS,
    )


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:question_id>", methods=["GET", "POST"])
def edit(question_id: int | None = None):
    question = _question(question_id) if question_id else None
    form = QuestionForm(question=question, locale=_locale())
    if question is not None and not form.is_submitted():
        form.fingerprint.data = bank.fingerprint(question)
    if not form.validate_on_submit():
        return _form_page(form, question, 422 if form.is_submitted() else 200)
    if form.duplicate_of is not None:
        return redirect(url_for(".edit", question_id=form.duplicate_of.id))
    try:
        saved = bank.save_question(
            question, form.data_of_form, current_user, form.fingerprint.data or None
        )
    except StaleEdit:
        db.session.rollback()
        stored = form_values(bank.data_of(question))
        differences = stale_differences(form, stored)
        form.fingerprint.data = bank.fingerprint(question)  # saving again replaces the stored
        form.fingerprint.raw_data = [form.fingerprint.data]
        return _form_page(form, question, 409, differences=differences)
    db.session.commit()
    flash(_("Question %(code)s saved.", code=saved.code), "success")
    return redirect(url_for(".index"))


def _form_page(form: QuestionForm, question: Question | None, status: int, **context):
    page = render_template("quiz_bank/form.html", form=form, question=question, **context)
    return page, status


@bp.post("/<int:question_id>/active")
def set_active(question_id: int):
    question = _question(question_id)
    active = request.form.get("active") == "1"
    bank.set_question_active(question, active, current_user)
    db.session.commit()
    if active:
        flash(_("Question %(code)s is in use again.", code=question.code), "success")
    else:
        flash(
            _("Question %(code)s will not be drawn into new papers.", code=question.code), "success"
        )
    return redirect(url_for(".edit", question_id=question.id))


@bp.route("/import", methods=["GET", "POST"])
def import_file():
    form = ImportForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("quiz_bank/import.html", form=form, errors=[]), status
    upload = form.file.data
    result = bank.import_questions(upload.read(), upload.filename, current_user)
    if not result.ok:
        db.session.rollback()
        return _import_errors(form, upload.filename, result.errors)
    db.session.commit()
    counts = {"added": result.added, "updated": result.updated, "unchanged": result.unchanged}
    flash(
        _("Imported: %(added)s added, %(updated)s updated, %(unchanged)s unchanged.", **counts),
        "success",
    )
    return redirect(url_for(".index"))


def _import_errors(form: ImportForm, filename: str, errors: list):
    page = render_template(
        "quiz_bank/import.html",
        form=form,
        filename=filename,
        errors=errors[:MAX_ERRORS_SHOWN],
        hidden=max(0, len(errors) - MAX_ERRORS_SHOWN),
        total=len(errors),
    )
    return page, 422


@bp.get("/export.<fmt>")
def export(fmt: str):
    if fmt not in bank.FORMATS:
        abort(404)
    name = f"questions-{clock.today():%Y%m%d}.{fmt}"
    data = io.BytesIO(bank.export_questions(fmt))
    return send_file(data, mimetype=MIMETYPES[fmt], as_attachment=True, download_name=name)
