"""Plan pages: list, create, approve, amend; draws, their re-run check and PDF; coverage."""

from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app import clock
from inspect_app.auth.access import require_role, scope_ids
from inspect_app.auth.services import assignable_regions
from inspect_app.extensions import db
from inspect_app.plans import coverage, drawing, planning, queries
from inspect_app.plans.forms import DrawForm, PlanForm
from inspect_app.plans.labels import plan_label
from inspect_app.plans.pages import coverage_page
from inspect_app.plans.publication import draw_pdf, draw_record

bp = Blueprint("plans", __name__)
bp.app_context_processor(
    lambda: {
        "plan_label": plan_label,
        "my_tasks": queries.my_tasks,
        "today_month": lambda: clock.today().replace(day=1),
    }
)

MANAGERS = ("supervisor", "admin")


@bp.get("/plans/")
def index():
    return render_template("plans/index.html", plans=queries.plans_in(scope_ids()))


@bp.route("/plans/new", methods=["GET", "POST"])
def create():
    require_role(*MANAGERS)
    form = PlanForm(regions=assignable_regions(current_user))
    if form.validate_on_submit():
        region = next(r for r in assignable_regions(current_user) if r.id == form.region_id.data)
        try:
            plan = planning.create_plan(region, current_user, **form.plan_fields())
            db.session.commit()
            return redirect(url_for(".show", plan_id=plan.id))
        except planning.PlanError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
    status = 422 if form.is_submitted() else 200
    return render_template("plans/form.html", form=form, plan=None), status


@bp.get("/plans/<int:plan_id>")
def show(plan_id: int):
    plan = queries.get_plan(plan_id, scope_ids())
    return render_template(
        "plans/show.html",
        plan=plan,
        figures=coverage.plan_coverage(plan),
        tasks=queries.tasks_in(scope_ids(), plan_id=plan.id),
    )


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
def edit(plan_id: int):
    plan = queries.get_plan(plan_id, scope_ids())
    require_role(*MANAGERS)
    form = PlanForm(obj=plan, regions=[plan.region])
    del form.region_id  # a plan stays in its region
    if form.validate_on_submit():
        try:
            reason = form.reason.data or ""
            planning.amend_plan(plan, current_user, reason, **form.plan_fields())
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for(".show", plan_id=plan.id))
        except planning.PlanError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
    status = 422 if form.is_submitted() else 200
    return render_template("plans/form.html", form=form, plan=plan), status


@bp.post("/plans/<int:plan_id>/approve")
def approve(plan_id: int):
    plan = queries.get_plan(plan_id, scope_ids())
    require_role(*MANAGERS)
    try:
        planning.approve_plan(plan, current_user)
        db.session.commit()
        flash(_("The plan is approved."), "success")
    except planning.PlanError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for(".show", plan_id=plan.id))


@bp.route("/plans/<int:plan_id>/draws/new", methods=["GET", "POST"])
def new_draw(plan_id: int):
    plan = queries.get_plan(plan_id, scope_ids())
    require_role(*MANAGERS)
    form = DrawForm(plan=plan)
    filters = _filters(form)
    pool = drawing.build_pool(plan, filters)
    drawing_now = request.form.get("action") == "draw"
    if request.method == "GET":
        form.sample_size.data = pool.suggested_size
        form.due_month.data = _default_month(plan)
    elif drawing_now and form.validate():
        try:
            due = date.fromisoformat(form.due_month.data)
            draw = drawing.make_draw(
                plan, current_user, filters, form.sample_size.data, due, form.seed.data
            )
            db.session.commit()
            return redirect(url_for(".show_draw", draw_id=draw.id))
        except planning.PlanError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
    status = 422 if drawing_now else 200
    return render_template("plans/draw_form.html", form=form, plan=plan, pool=pool), status


def _default_month(plan) -> str:
    """This month if the plan runs in it, else the plan's first month."""
    month = clock.today().replace(day=1)
    return (month if month in plan.months() else plan.first_month).isoformat()


def _filters(form: DrawForm) -> drawing.Filters:
    """The filters as submitted (or none on first view), ignoring anything invalid."""
    months = form.not_inspected_months.data if not form.not_inspected_months.errors else None
    return drawing.Filters(
        kinds=tuple(form.kinds.data or ()),
        industry=form.industry.data or "",
        high_risk_only=bool(form.high_risk_only.data),
        not_inspected_months=months if isinstance(months, int) and 0 < months <= 60 else None,
    )


@bp.get("/draws/<int:draw_id>")
def show_draw(draw_id: int):
    draw = queries.get_draw(draw_id, scope_ids())
    check = drawing.recheck_draw(draw) if request.args.get("check") else None
    record = draw_record(draw)
    return render_template("plans/draw.html", draw=draw, record=record, check=check)


@bp.get("/draws/<int:draw_id>.pdf")
def draw_file(draw_id: int):
    draw = queries.get_draw(draw_id, scope_ids())
    response = Response(draw_pdf(draw), mimetype="application/pdf")
    name = f"draw-{draw.id}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/coverage/")
def coverage_index():
    return render_template("plans/coverage.html", page=coverage_page(request.args))
