"""Referring a case to another agency, and recording the result it reports back."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from inspect_app import clock
from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.inspections.errors import CaseError, StaleEdit
from inspect_app.proceedings.models import Referral
from inspect_app.referrals import services
from inspect_app.referrals.forms import ReferralForm, ResultForm

bp = Blueprint("referrals", __name__)
CASE = "/inspections/<int:inspection_id>/referrals"
bp.app_context_processor(lambda: {"case_referrals": services.case_referrals})


@bp.route(f"{CASE}/new", methods=["GET", "POST"])
def new(inspection_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    defaults = {"contact": current_user.display_name, "referred_on": clock.today()}
    form = ReferralForm(inspection, data=defaults)
    if not form.validate_on_submit():
        return _page("referrals/form.html", inspection, form)
    key = form.client_key.data
    try:
        referral = services.refer_case(inspection, current_user, form.values(), key)
        db.session.commit()
    except CaseError as error:
        return _refused("referrals/form.html", inspection, form, error)
    except IntegrityError:  # a double tap that raced past the client-key check
        db.session.rollback()
        referral = services.referral_by_client_key(key, inspection)
        if referral is None:
            raise
    flash(_("Referral made; its letter is stored with the case."), "success")
    return _to_case(inspection.id, referral)


@bp.route(f"{CASE}/<int:referral_id>/result", methods=["GET", "POST"])
def result(inspection_id: int, referral_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    referral = queries.get_case_object(Referral, referral_id, inspection)
    form = ResultForm(obj=referral)
    if not form.validate_on_submit():
        return _page("referrals/result_form.html", inspection, form, referral=referral)
    try:
        services.record_referral_result(
            referral, current_user, form.result.data, form.result_on.data, form.version_value()
        )
        db.session.commit()
    except CaseError as error:
        return _refused("referrals/result_form.html", inspection, form, error, referral=referral)
    flash(_("Result of the referral recorded."), "success")
    return _to_case(inspection.id, referral)


def _page(template: str, inspection, form, status: int | None = None, **context):
    status = status or (422 if form.is_submitted() else 200)
    context.update(inspection=inspection, form=form, today=clock.today())
    return render_template(template, **context), status


def _refused(template: str, inspection, form, error: CaseError, **context):
    db.session.rollback()
    form.form_errors.append(str(error.message))
    status = 409 if isinstance(error, StaleEdit) else 422
    return _page(template, inspection, form, status, **context)


def _to_case(inspection_id: int, referral: Referral):
    anchor = f"referral-{referral.id}"
    return redirect(url_for("inspections.show", inspection_id=inspection_id, _anchor=anchor))
