"""Recording an exam-site measure decided outside the app's proceedings, from an exam-site case."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.inspections.errors import CaseError
from inspect_app.referrals import measures
from inspect_app.referrals.forms import ExamMeasureForm

bp = Blueprint("exam_measures", __name__)
bp.app_context_processor(
    lambda: {
        "exam_measures_of": measures.subject_measures,
        "exam_site_status": measures.exam_site_status,
    }
)


@bp.route("/inspections/<int:inspection_id>/exam-measures/new", methods=["GET", "POST"])
def new(inspection_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    form = ExamMeasureForm()
    if not form.validate_on_submit():
        return _page(inspection, form, 422 if form.is_submitted() else 200)
    try:
        measures.record_exam_measure(inspection, current_user, form.values())
        db.session.commit()
    except CaseError as error:
        db.session.rollback()
        form.form_errors.append(str(error.message))
        return _page(inspection, form, 422)
    flash(_("Exam-site measure recorded."), "success")
    subject_id = inspection.subject_id
    return redirect(url_for("subjects.show", subject_id=subject_id, _anchor="exam-measures"))


def _page(inspection, form, status: int):
    context = {"inspection": inspection, "form": form, "today": clock.today()}
    page = render_template("referrals/measure_form.html", **context)
    return page, status
