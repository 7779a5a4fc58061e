"""The supervisor dashboard: cases, findings, fines, overdue orders, quiz pass rates."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from inspect_app import clock
from inspect_app.auth.access import roles_required, scope_ids
from inspect_app.auth.models import Role
from inspect_app.dashboard.forms import FilterForm
from inspect_app.dashboard.pages import build_dashboard, chosen_region
from inspect_app.dashboard.queries import default_period
from inspect_app.regions.services import regions_by_code

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
@roles_required(Role.SUPERVISOR, Role.ADMIN)
def index():
    regions, today = regions_by_code(scope_ids()), clock.today()
    form = FilterForm(request.args, regions=regions, default=default_period(today))
    valid = form.validate()
    picked = None if form.region.errors else form.region.data
    region = chosen_region(picked, regions, current_user.region_id)
    period = form.period() if valid else form.default
    if valid:
        form.region.data, form.start.data, form.end.data = (
            region.id,
            period.first_month,
            period.last_month,
        )
    board = build_dashboard(region, scope_ids(), period, today)
    return render_template("dashboard/index.html", form=form, board=board), 200 if valid else 422
