"""Task pages: the list, one task, reassigning it, starting its case; officers' conflicts."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from inspect_app import clock
from inspect_app.auth.access import require_role, scope_ids
from inspect_app.extensions import db
from inspect_app.inspections import services as cases
from inspect_app.inspections.forms import OpenInspectionForm
from inspect_app.inspections.pages import new_case_defaults
from inspect_app.plans import queries, services
from inspect_app.plans.forms import ConflictForm, ReassignForm
from inspect_app.subjects.models import Subject

bp = Blueprint("tasks", __name__)

MANAGERS = ("supervisor", "admin")


@bp.get("/tasks/")
def index():
    if current_user.has_role("inspector"):
        tasks = queries.my_tasks(current_user, limit=200)
    else:
        tasks = queries.tasks_in(scope_ids(), status=request.args.get("status", ""))
    return render_template("plans/tasks.html", tasks=tasks, month=clock.today().replace(day=1))


@bp.get("/tasks/<int:task_id>")
def show(task_id: int):
    task = queries.get_task(task_id, scope_ids())
    form = ReassignForm(officers=queries.officers_of(task.region_id))
    return render_template(
        "plans/task.html", task=task, form=form, month=clock.today().replace(day=1)
    )


@bp.post("/tasks/<int:task_id>/reassign")
def reassign(task_id: int):
    task = queries.get_task(task_id, scope_ids())
    require_role(*MANAGERS)
    officers = queries.officers_of(task.region_id)
    form = ReassignForm(officers=officers)
    if form.validate_on_submit():
        chosen = [o for o in officers if o.id in form.officer_ids.data]
        try:
            services.reassign_task(task, chosen, form.reason.data, current_user)
            db.session.commit()
            flash(_("The task is reassigned."), "success")
            return redirect(url_for(".show", task_id=task.id))
        except services.TaskError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
    month = clock.today().replace(day=1)
    return render_template("plans/task.html", task=task, form=form, month=month), 422


@bp.route("/tasks/<int:task_id>/start", methods=["GET", "POST"])
def start(task_id: int):
    """Open the task's case with its officers filled in (or go to the case already opened)."""
    task = queries.get_task(task_id, scope_ids())
    if task.inspection_id is not None:
        return redirect(url_for("inspections.show", inspection_id=task.inspection_id))
    if current_user.id not in task.officer_ids:
        abort(403)
    defaults = new_case_defaults(task.subject, current_user) | {"inspector_ids": task.officer_ids}
    form = OpenInspectionForm(officers=task.officers, data=defaults)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("inspections/new.html", form=form, subject=task.subject), status
    fields = {k: form[k].data for k in ("place", "representative_name", "representative_position")}
    inspection = cases.open_inspection(
        task.subject,
        current_user,
        form.chosen_officers(),
        started_at=clock.from_local(form.started_at.data),
        **fields,
    )
    services.link_case(task, inspection, current_user)
    db.session.commit()
    return redirect(url_for("inspections.checklist", inspection_id=inspection.id))


@bp.route("/conflicts/", methods=["GET", "POST"])
def conflicts():
    """Officers marked as related to a subject; supervisors mark any, inspectors themselves."""
    officers = _markable_officers()
    subjects = db.session.scalars(
        select(Subject).where(Subject.region_id.in_(scope_ids())).order_by(Subject.name)
    ).all()
    form = ConflictForm(officers=officers, subjects=subjects)
    if form.validate_on_submit():
        officer = next(o for o in officers if o.id == form.officer_id.data)
        subject = next(s for s in subjects if s.id == form.subject_id.data)
        try:
            services.mark_conflict(officer, subject, form.reason.data, current_user)
            db.session.commit()
            flash(_("The relation is recorded: draws will not send this officer there."), "success")
            return redirect(url_for(".conflicts"))
        except services.TaskError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
    status = 422 if form.is_submitted() else 200
    listed = queries.conflicts_in(scope_ids())
    return render_template("plans/conflicts.html", form=form, conflicts=listed), status


def _markable_officers():
    if current_user.has_role(*MANAGERS):
        return [o for r in scope_ids() for o in queries.officers_of(r)]
    return [current_user]
