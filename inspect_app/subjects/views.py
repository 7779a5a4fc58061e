"""Subject register: list, detail, and the forms for subjects, people and certificates."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app import clock
from inspect_app.auth.access import require_subject_editor, scope_ids
from inspect_app.auth.services import assignable_regions, can_edit_subjects
from inspect_app.errors import StaleEdit
from inspect_app.extensions import db
from inspect_app.labels import SUBJECT_KIND_LABELS
from inspect_app.stale import carry_current_version, stale_differences
from inspect_app.subjects import queries, services
from inspect_app.subjects.forms import CertificateForm, PersonForm, SubjectForm
from inspect_app.subjects.rules import EXPIRING_WITHIN_DAYS

bp = Blueprint("subjects", __name__, url_prefix="/subjects")


def _form_data(form) -> dict:
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}


def _invalid(template: str, **context):
    return render_template(template, **context), 422


@bp.get("/")
def index():
    q = request.args.get("q", "").strip()[:64]
    kind = request.args.get("kind", "")
    kind = kind if kind in SUBJECT_KIND_LABELS else ""
    page = queries.subject_page(scope_ids(), request.args.get("after", ""), q, kind)
    if page.refused_cursor:
        flash(_("That page link is not valid; here is the first page."), "error")
    return render_template("subjects/index.html", page=page, q=q, kind=kind)


@bp.get("/certificate-problems")
def problems():
    today = clock.today()
    page = queries.problem_page(scope_ids(), request.args.get("after", ""), today)
    if page.refused_cursor:
        flash(_("That page link is not valid; here is the first page."), "error")
    return render_template(
        "subjects/problems.html", page=page, today=today, expiring_days=EXPIRING_WITHIN_DAYS
    )


@bp.get("/<int:subject_id>")
def show(subject_id: int):
    subject = queries.get_subject(subject_id, scope_ids())
    return render_template(
        "subjects/show.html",
        subject=subject,
        today=clock.today(),
        can_edit=can_edit_subjects(current_user),
    )


@bp.route("/new", methods=["GET", "POST"])
def create():
    require_subject_editor()
    form = SubjectForm(regions=assignable_regions(current_user))
    if not form.validate_on_submit():
        return _form_page("subjects/subject_form.html", form, subject=None)
    subject = services.save_subject(None, _form_data(form))
    db.session.commit()
    flash(_("Subject %(name)s added.", name=subject.name), "success")
    return redirect(url_for(".show", subject_id=subject.id))


@bp.route("/<int:subject_id>/edit", methods=["GET", "POST"])
def edit(subject_id: int):
    require_subject_editor()
    subject = queries.get_subject(subject_id, scope_ids())
    regions = assignable_regions(current_user)
    form = SubjectForm(obj=subject, regions=regions, subject_id=subject.id)
    if not form.validate_on_submit():
        return _form_page("subjects/subject_form.html", form, subject=subject)
    try:
        services.save_subject(subject, _form_data(form))
    except StaleEdit:
        return _stale("subjects/subject_form.html", subject, form=form, subject=subject)
    db.session.commit()
    flash(_("Changes saved."), "success")
    return redirect(url_for(".show", subject_id=subject.id))


def _stale(template: str, stored, **context):
    """Someone saved first: save nothing, say why, and show what is stored now beside what was
    typed (kept in the form, now on the current version, so saving again replaces it)."""
    db.session.rollback()
    db.session.refresh(stored)
    form = context["form"]
    differences = stale_differences(form, stored)
    carry_current_version(form, stored)
    return render_template(template, differences=differences, **context), 409


def _form_page(template: str, form, **context):
    if form.is_submitted():
        return _invalid(template, form=form, **context)
    return render_template(template, form=form, **context)


@bp.route("/<int:subject_id>/people/new", methods=["GET", "POST"])
@bp.route("/<int:subject_id>/people/<int:person_id>/edit", methods=["GET", "POST"])
def person_form(subject_id: int, person_id: int | None = None):
    require_subject_editor()
    subject = queries.get_subject(subject_id, scope_ids())
    person = queries.get_person(subject, person_id) if person_id else None
    form = PersonForm(obj=person)
    if not form.validate_on_submit():
        return _form_page("subjects/person_form.html", form, subject=subject, person=person)
    try:
        person = services.save_person(subject, person, _form_data(form))
    except StaleEdit:
        context = {"form": form, "subject": subject, "person": person}
        return _stale("subjects/person_form.html", person, **context)
    db.session.commit()
    flash(_("%(name)s saved.", name=person.name), "success")
    return redirect(url_for(".show", subject_id=subject.id, _anchor=f"person-{person.id}"))


@bp.route("/<int:subject_id>/people/<int:person_id>/certificates/new", methods=["GET", "POST"])
@bp.route("/<int:subject_id>/certificates/<int:certificate_id>/edit", methods=["GET", "POST"])
def certificate_form(subject_id: int, person_id: int | None = None, certificate_id=None):
    require_subject_editor()
    subject = queries.get_subject(subject_id, scope_ids())
    certificate = queries.get_certificate(subject, certificate_id) if certificate_id else None
    person = certificate.person if certificate else queries.get_person(subject, person_id)
    form = CertificateForm(obj=certificate)
    if not form.validate_on_submit():
        context = {"subject": subject, "person": person, "certificate": certificate}
        return _form_page("subjects/certificate_form.html", form, **context)
    try:
        services.save_certificate(person, certificate, _form_data(form))
    except StaleEdit:
        context = {"subject": subject, "person": person, "certificate": certificate}
        return _stale("subjects/certificate_form.html", certificate, form=form, **context)
    db.session.commit()
    flash(_("Certificate saved."), "success")
    return redirect(url_for(".show", subject_id=subject.id, _anchor=f"person-{person.id}"))
