"""The page of one tip, with the forms of what may be done next."""

from flask import render_template
from flask_babel import gettext as _

from inspect_app import clock
from inspect_app.inspections.queries import inspectors_for
from inspect_app.tips import forms, queries, services
from inspect_app.tips.limits import tip_deadlines


def tip_page(tip, status: int = 200, **forms_given):
    page_forms = {
        "task_form": task_form(tip),
        "case_form": case_form(tip),
        "outcome_form": forms.OutcomeForm(),
        "answer_form": forms.AnswerForm(),
    }
    page_forms.update(forms_given)
    deadlines = tip_deadlines(tip, clock.today())
    return render_template(
        "tips/show.html",
        tip=tip,
        deadlines=deadlines,
        code=services.show_code(tip.query_code),
        **page_forms,
    ), status


def task_form(tip) -> forms.VerifyTaskForm:
    this_month = clock.today().replace(day=1)
    form = forms.VerifyTaskForm(data={"subject_id": tip.subject_id or 0, "due_month": this_month})
    form.subjects = queries.region_subjects(tip.region_id)
    form.subject_id.choices = forms.unit_choices(form.subjects)
    form.officer_ids.choices = [(u.id, u.display_name) for u in inspectors_for(tip.region_id)]
    return form


def case_form(tip) -> forms.VerifyCaseForm:
    form = forms.VerifyCaseForm()
    form.cases = services.cases_for(tip)
    form.inspection_id.choices = [
        (c.id, f"{c.case_number or _('Draft')} · {c.subject.name}") for c in form.cases
    ]
    return form
