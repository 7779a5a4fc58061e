"""Self-check pages: sending links, the enterprise's form, the town's overview."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from inspect_app import clock
from inspect_app.auth.access import require_role, scope_ids
from inspect_app.auth.models import Role
from inspect_app.extensions import csrf, db
from inspect_app.inspections.errors import CaseError
from inspect_app.qr import qr_data_uri
from inspect_app.routing import MAX_ID
from inspect_app.security import public
from inspect_app.selfchecks import queries, services
from inspect_app.selfchecks.forms import (
    BulkSendForm,
    ResendForm,
    RevokeForm,
    SendForm,
    form_class,
)
from inspect_app.selfchecks.items import topics_for
from inspect_app.selfchecks.labels import KIND_LABELS, PROGRESS_LABELS, STATUS_LABELS
from inspect_app.selfchecks.pages import (
    FormPage,
    Unavailable,
    linked_self_check,
    save_from_form,
    unavailable_page,
)

bp = Blueprint("selfchecks", __name__)
UNIT = "/selfchecks/units/<int:subject_id>"
SENDERS = (Role.SUPERVISOR, Role.ADMIN)
ENTERERS = (Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN)


@bp.after_request
def _private(response):
    """The enterprise's pages stay out of search engines, caches and Referer headers."""
    if request.endpoint == "selfchecks.fill":
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
    return response


bp.register_error_handler(Unavailable, unavailable_page)


@bp.get("/selfchecks")
def index():
    regions = queries.scope_regions()
    town = request.args.get("town", type=int)
    town = town if town and 0 < town <= MAX_ID else None
    region_ids = queries.scoped_subtree(queries.region_in_scope(town)) if town else scope_ids()
    status = request.args.get("status", "")
    status = status if status in services.STATUSES else ""
    kind = request.args.get("kind", "")
    kind = kind if kind in KIND_LABELS else ""
    return render_template(
        "selfchecks/index.html",
        overview=queries.overview(region_ids, clock.today(), status, kind),
        regions=regions,
        filters={"town": town, "status": status, "kind": kind},
        labels=STATUS_LABELS,
        kind_labels=KIND_LABELS,
        bulk_form=BulkSendForm(regions=regions, data={"deadline": services.default_deadline()}),
        can_send=current_user.has_role(*SENDERS),
    )


@bp.get(UNIT)
def unit(subject_id: int):
    subject = queries.get_unit(subject_id)
    return _unit_page(subject)


@bp.post(f"{UNIT}/send")
def send(subject_id: int):
    subject = queries.get_unit(subject_id)
    require_role(*SENDERS)
    form = SendForm()
    if not form.validate_on_submit():
        return _unit_page(subject, send_form=form, code=422)
    try:
        services.send_self_check(subject, current_user, form.deadline.data)
        db.session.commit()
    except IntegrityError:  # a double tap created it a moment ago: one row, same outcome
        db.session.rollback()
        queries.get_self_check(subject)
    flash(_("The link has been made. Send it to the unit, or let it scan the QR code."), "success")
    return redirect(url_for(".unit", subject_id=subject.id))


@bp.post("/selfchecks/send-all")
def send_all():
    require_role(*SENDERS)
    regions = queries.scope_regions()
    form = BulkSendForm(regions=regions)
    if not form.validate_on_submit():
        flash(_("Not sent: %(errors)s", errors=_first_error(form)), "error")
        return redirect(url_for(".index"))
    region = queries.region_in_scope(form.region_id.data)
    try:
        result = services.send_region(
            queries.scoped_subtree(region), current_user, form.deadline.data
        )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        flash(_("Links were being sent at the same time. Nothing was changed: try again."), "error")
        return redirect(url_for(".index"))
    message = _(
        "%(created)s links made; %(skipped)s units already had one.",
        created=result.created,
        skipped=result.skipped,
    )
    flash(message, "success")
    return redirect(url_for(".links", region_id=region.id))


@bp.post(f"{UNIT}/revoke")
def revoke(subject_id: int):
    return _link_change(
        subject_id,
        RevokeForm(),
        "revoke_form",
        lambda sc, form: services.revoke_self_check(
            sc, current_user, form.reason.data, form.version.data
        ),
        _("The link has been withdrawn: it now answers that it was withdrawn."),
    )


@bp.post(f"{UNIT}/resend")
def resend(subject_id: int):
    return _link_change(
        subject_id,
        ResendForm(),
        "resend_form",
        lambda sc, form: services.resend_self_check(
            sc, current_user, form.deadline.data, form.version.data
        ),
        _("A new link has been made; the old one no longer works. The answers were kept."),
    )


@bp.post(f"{UNIT}/deadline")
def change_deadline(subject_id: int):
    return _link_change(
        subject_id,
        ResendForm(prefix="deadline"),
        "deadline_form",
        lambda sc, form: services.change_deadline(
            sc, current_user, form.deadline.data, form.version.data
        ),
        _("The deadline has been changed; the link stays the same."),
    )


@bp.get("/selfchecks/regions/<int:region_id>/links")
def links(region_id: int):
    region = queries.region_in_scope(region_id)
    require_role(*SENDERS)
    found = queries.live_links(queries.scoped_subtree(region))
    cards = [(sc, services.link_url(sc), qr_data_uri(services.link_url(sc))) for sc in found]
    return render_template("selfchecks/links.html", region=region, cards=cards)


@bp.route(f"{UNIT}/fill", methods=["GET", "POST"])
def on_behalf(subject_id: int):
    subject = queries.get_unit(subject_id)
    require_role(*ENTERERS)
    self_check = services.find_self_check(subject.id)
    page = FormPage(
        "selfchecks/on_behalf.html", subject, self_check, url_for(".unit", subject_id=subject.id)
    )
    form = form_class(str(subject.kind), public=False)
    if request.method == "GET":
        return page.render(form(data=page.stored()))
    return save_from_form(page, form(), current_user)


@bp.route(services.LINK_PATH + "<token>", methods=["GET", "POST"])
@public
@csrf.exempt
def fill(token: str):
    self_check = linked_self_check(token)
    page = FormPage("selfchecks/fill.html", self_check.subject, self_check, request.path)
    form = form_class(self_check.kind, public=True)
    if request.method == "GET":
        return page.render(form(data=page.stored()))
    return save_from_form(page, form(), None)


# --- helpers -----------------------------------------------------------------------------------


def _unit_page(subject, code=200, **forms):
    self_check = services.find_self_check(subject.id)
    url = services.link_url(self_check) if self_check else ""
    defaults = {"deadline": services.default_deadline()}
    context = {
        "subject": subject,
        "self_check": self_check,
        "status": services.self_check_status(self_check),
        "labels": STATUS_LABELS,
        "kind_labels": KIND_LABELS,
        "progress_labels": PROGRESS_LABELS,
        "url": url,
        "qr": qr_data_uri(url) if url and not self_check.is_revoked else "",
        "send_form": forms.get("send_form") or SendForm(formdata=None, data=defaults),
        "revoke_form": forms.get("revoke_form") or RevokeForm(formdata=None),
        "resend_form": forms.get("resend_form") or ResendForm(formdata=None, data=defaults),
        "deadline_form": forms.get("deadline_form")
        or ResendForm(formdata=None, data=defaults, prefix="deadline"),
        "can_send": current_user.has_role(*SENDERS),
        "answers": services.stored_answers(self_check) if self_check else None,
        "items": topics_for(str(subject.kind)),
    }
    return render_template("selfchecks/unit.html", **context), code


def _link_change(subject_id: int, form, form_name: str, action, done: str):
    """A supervisor's change to a unit's link: scope, role, form, then the service."""
    subject = queries.get_unit(subject_id)
    require_role(*SENDERS)
    self_check = queries.get_self_check(subject)
    if not form.validate_on_submit():
        return _unit_page(subject, code=422, **{form_name: form})
    return _change(subject, form, lambda: action(self_check, form), done, form_name)


def _change(subject, form, action, done: str, form_name: str):
    """Run a link change; a refusal goes next to the form, a stale page is a 409."""
    try:
        action()
        db.session.commit()
    except CaseError as error:
        db.session.rollback()
        target = form._fields.get(getattr(error, "field", None) or "")
        (target.errors if target else form.form_errors).append(str(error.message))
        return _unit_page(subject, code=getattr(error, "status", 409), **{form_name: form})
    flash(done, "success")
    return redirect(url_for(".unit", subject_id=subject.id))


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]
