"""Staff pages of tip-offs: the list, registering one, and handling it to its answer."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app import clock
from inspect_app.auth.access import scope_ids
from inspect_app.auth.services import assignable_regions
from inspect_app.extensions import db
from inspect_app.tips import actions, forms, queries, services
from inspect_app.tips.limits import tip_warning
from inspect_app.tips.models import TipStatus
from inspect_app.tips.pages import tip_page

bp = Blueprint("tips", __name__, url_prefix="/tips")
STATUSES = tuple(s.value for s in TipStatus)


@bp.get("/")
def index():
    status = request.args.get("status", "")
    tips = services.tips_in(scope_ids(), status if status in STATUSES else None)
    warnings = {tip.id: tip_warning(tip, clock.today()) for tip in tips}
    return render_template("tips/index.html", tips=tips, warnings=warnings, status=status)


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = _tip_form()
    if not form.validate_on_submit():
        return render_template("tips/new.html", form=form)
    region = next(r for r in assignable_regions(current_user) if r.id == form.region_id.data)
    values = {f: getattr(form, f).data for f in ("channel", "received_on", "subject_name")}
    values.update(allegation=form.allegation.data, contact=form.contact.data)
    values["subject"] = next((s for s in form.subjects if s.id == form.subject_id.data), None)
    try:
        tip = services.register_tip(region, values, current_user)
    except services.TipError as error:
        form.form_errors.append(str(error))
        return render_template("tips/new.html", form=form), 422
    db.session.commit()
    flash(_("Tip registered."), "success")
    return redirect(url_for(".show", tip_id=tip.id))


def _tip_form() -> forms.TipForm:
    form = forms.TipForm(data={"received_on": clock.today(), "region_id": current_user.region_id})
    regions = assignable_regions(current_user)
    form.region_id.choices = [(r.id, r.name) for r in regions]
    chosen = form.region_id.data if request.method == "POST" else current_user.region_id
    form.subjects = queries.region_subjects(chosen) if chosen in [r.id for r in regions] else []
    form.subject_id.choices = forms.subject_choices(form.subjects)
    return form


@bp.get("/<int:tip_id>")
def show(tip_id: int):
    return tip_page(queries.get_tip(tip_id, scope_ids()))


for _name in ("task", "case", "outcome", "answer"):
    _action = getattr(actions, f"post_{_name}")
    bp.add_url_rule(f"/<int:tip_id>/{_name}", view_func=_action, methods=["POST"])
