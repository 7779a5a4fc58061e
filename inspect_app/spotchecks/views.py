"""Pages of the spotchecks section of a case: the people list, the check form, a new person."""

import secrets

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.inspections.errors import CaseError, StaleEdit
from inspect_app.spotchecks import forms, services
from inspect_app.subjects.forms import CertificateForm
from inspect_app.subjects.queries import get_person

bp = Blueprint("spotchecks", __name__)


def _editable(inspection) -> bool:
    return current_user.has_role("inspector", "admin") and inspection.status != "closed"


def _error(error: Exception) -> tuple[str, int]:
    """The message to show and the status to answer with."""
    if isinstance(error, IntegrityError):  # two phones created the same check at once
        error = StaleEdit()
    return str(error.message), 409 if isinstance(error, StaleEdit) else 422


@bp.get("/inspections/<int:inspection_id>/certificates")
def index(inspection_id: int):
    inspection = queries.get_inspection(inspection_id)
    return render_template(
        "spotchecks/index.html",
        inspection=inspection,
        groups=services.people_groups(inspection),
        checks=services.checks_by_person(inspection),
        day=services.inspection_day(inspection),
        editable=_editable(inspection),
    )


@bp.route("/inspections/<int:inspection_id>/certificates/<int:person_id>", methods=["GET", "POST"])
def check(inspection_id: int, person_id: int):
    posted = request.method == "POST"
    load = queries.get_editable_inspection if posted else queries.get_inspection
    inspection = load(inspection_id)
    person = get_person(inspection.subject, person_id)
    recorded = services.check_for(inspection, person)
    data = None if posted else forms.check_data(recorded, services.default_certificate(person))
    day = services.inspection_day(inspection)
    form = forms.CheckForm(data=data, certificates=person.certificates, day=day)
    page = {"inspection": inspection, "person": person, "recorded": recorded, "form": form}
    if not form.validate_on_submit():
        return _check_page(page, status=422 if posted else 200)
    try:
        saved = services.record_certificate_check(inspection, current_user, person, **form.values())
        db.session.commit()
    except (CaseError, IntegrityError) as error:
        db.session.rollback()
        message, status = _error(error)
        return _check_page(page, error=message, status=status)
    flash(_("Check saved: %(result)s.", result=saved.result_label), "success")
    return redirect(url_for(".check", inspection_id=inspection.id, person_id=person.id))


def _check_page(page: dict, error: str | None = None, status: int = 200):
    inspection, person = page["inspection"], page["person"]
    return render_template(
        "spotchecks/check.html",
        **page,
        error=error,
        day=services.inspection_day(inspection),
        next_person=services.next_unchecked(inspection, person),
        editable=_editable(inspection),
    ), status


@bp.route("/inspections/<int:inspection_id>/certificates/people/new", methods=["GET", "POST"])
def add_person(inspection_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    key = request.form.get("client_key", "")
    if done := services.person_added_with_key(inspection, key):
        return redirect(url_for(".check", inspection_id=inspection.id, person_id=done.id))
    person_form, certificate_form = forms.person_forms(is_get=request.method == "GET")
    page = {"inspection": inspection, "form": person_form, "certificate_form": certificate_form}
    if not forms.person_forms_valid(person_form, certificate_form):
        return _person_page(page, key, status=422 if request.method == "POST" else 200)
    try:
        data = forms.on_site_data(person_form, certificate_form, key)
        person = services.add_person_on_site(inspection, current_user, data)
        db.session.commit()
    except CaseError as error:
        db.session.rollback()
        return _person_page(page, key, error=str(error.message), status=422)
    flash(_("%(name)s added to the unit's people.", name=person.name), "success")
    return redirect(url_for(".check", inspection_id=inspection.id, person_id=person.id))


def _person_page(page: dict, key: str, error: str | None = None, status: int = 200):
    client_key = key or secrets.token_urlsafe(16)
    context = {**page, "client_key": client_key, "error": error}
    return render_template("spotchecks/person_form.html", **context), status


@bp.route(
    "/inspections/<int:inspection_id>/certificates/<int:person_id>/new-certificate",
    methods=["GET", "POST"],
)
def add_certificate(inspection_id: int, person_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    person = get_person(inspection.subject, person_id)
    back = url_for(".check", inspection_id=inspection.id, person_id=person.id)
    key = request.form.get("client_key", "")
    if services.certificate_added_with_key(inspection, key):
        return redirect(back)
    form = CertificateForm()
    page = {"inspection": inspection, "person": person, "form": form}
    if not form.validate_on_submit():
        return _certificate_page(page, key, status=422 if form.is_submitted() else 200)
    try:
        data = {**forms.fields_of(form), "client_key": key}
        services.add_certificate_on_site(inspection, current_user, person, data)
        db.session.commit()
    except CaseError as error:
        db.session.rollback()
        return _certificate_page(page, key, error=str(error.message), status=422)
    flash(_("Certificate saved."), "success")
    return redirect(back)


def _certificate_page(page: dict, key: str, error: str | None = None, status: int = 200):
    context = {**page, "client_key": key or secrets.token_urlsafe(16), "error": error}
    return render_template("spotchecks/certificate_form.html", **context), status
