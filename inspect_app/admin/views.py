"""Admin pages for user accounts and regions."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from inspect_app.admin.forms import RegionForm, UserForm, region_values, user_values
from inspect_app.api.models import ApiToken
from inspect_app.api.services import revoke_token, tokens_of
from inspect_app.auth.access import roles_required, scope_ids
from inspect_app.auth.models import User
from inspect_app.auth.services import assignable_regions, create_user, update_user
from inspect_app.auth.sessions import end_session, session_of, session_rows
from inspect_app.documents.jobs import job_document
from inspect_app.extensions import db
from inspect_app.jobs import services as jobs
from inspect_app.regions import services as regions
from inspect_app.regions.models import Region
from inspect_app.stale import carry_fingerprint, fingerprint, stale_differences

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@roles_required("admin")
def _admins_only():
    return None


def _user_in_scope(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.region_id not in scope_ids():
        abort(404)
    return user


def _region_in_scope(region_id: int) -> Region:
    region = db.session.get(Region, region_id)
    if region is None or region.id not in scope_ids():
        abort(404)
    return region


def _changed_since(form, stored: dict) -> bool:
    """Someone saved since the form was opened (a form sent without its fingerprint is not
    checked, as before)."""
    return bool(form.fingerprint.data) and form.fingerprint.data != fingerprint(stored)


def _stale(template: str, form, stored: dict, **context):
    """Save nothing; show what is stored now beside what was typed (kept in the form, now on the
    stored values, so saving again replaces them)."""
    differences = stale_differences(form, stored)
    carry_fingerprint(form, stored)
    return render_template(template, form=form, differences=differences, **context), 409


def _render_invalid(template: str, form, **context):
    status = 422 if form.is_submitted() else 200
    return render_template(template, form=form, **context), status


@bp.get("/users")
def users():
    query = select(User).where(User.region_id.in_(scope_ids())).order_by(User.username)
    return render_template("admin/users.html", users=db.session.scalars(query).all())


@bp.route("/users/new", methods=["GET", "POST"])
@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_form(user_id: int | None = None):
    user = _user_in_scope(user_id) if user_id else None
    form = UserForm(obj=user, regions=assignable_regions(current_user), user_id=user_id)
    tokens = [t for t in tokens_of(user) if t.is_active] if user else []
    if user is not None and not form.is_submitted():
        carry_fingerprint(form, user_values(user))
    if not form.validate_on_submit():
        return _render_invalid("admin/user_form.html", form, user=user, tokens=tokens)
    if user is not None and _changed_since(form, user_values(user)):
        return _stale("admin/user_form.html", form, user_values(user), user=user, tokens=tokens)
    data = {k: v for k, v in form.data.items() if k not in ("csrf_token", "fingerprint")}
    data["cert_no"] = (data["cert_no"] or "").strip() or None
    if user is None:
        user = create_user(
            data.pop("username"),
            data.pop("password"),
            data.pop("role"),
            db.session.get(Region, data.pop("region_id")),
            **_user_extras(data),
        )
    else:
        update_user(user, **data)
    db.session.commit()
    flash(_("Account %(username)s saved.", username=user.username), "success")
    return redirect(url_for(".users"))


@bp.post("/users/<int:user_id>/tokens/<int:token_id>/revoke")
def revoke_user_token(user_id: int, token_id: int):
    user = _user_in_scope(user_id)
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        abort(404)
    revoke_token(token, current_user)
    db.session.commit()
    flash(_("Token %(name)s revoked.", name=token.name), "success")
    return redirect(url_for(".user_form", user_id=user.id))


@bp.get("/users/<int:user_id>/sessions")
def user_sessions(user_id: int):
    user = _user_in_scope(user_id)
    own = current_user.get_id() if user.id == current_user.id else None
    rows = session_rows(user, own)
    return render_template("admin/user_sessions.html", user=user, sessions=rows)


@bp.post("/users/<int:user_id>/sessions/<int:session_id>/end")
def end_user_session(user_id: int, session_id: int):
    user = _user_in_scope(user_id)
    item = session_of(user, session_id)
    if item is None:
        abort(404)
    end_session(item)
    db.session.commit()
    flash(_("The session was ended."), "success")
    return redirect(url_for(".user_sessions", user_id=user.id))


def _user_extras(data: dict) -> dict:
    return {"display_name": data["display_name"], "cert_no": data["cert_no"]}


@bp.get("/regions")
def region_list():
    return render_template("admin/regions.html", regions=regions.subtree(current_user.region_id))


@bp.route("/regions/new", methods=["GET", "POST"])
@bp.route("/regions/<int:region_id>/edit", methods=["GET", "POST"])
def region_form(region_id: int | None = None):
    region = _region_in_scope(region_id) if region_id else None
    parents = regions.subtree(current_user.region_id)
    form = RegionForm(obj=region, parents=parents, region=region)
    if region is not None and not form.is_submitted():
        form.parent_id.data = region.parent_id or 0
        carry_fingerprint(form, region_values(region))
    if not form.validate_on_submit():
        return _render_invalid("admin/region_form.html", form, region=region)
    if region is not None and _changed_since(form, region_values(region)):
        return _stale("admin/region_form.html", form, region_values(region), region=region)
    try:
        _save_region(region, form)
    except regions.RegionError:
        form.parent_id.errors.append(_("A region cannot be placed under itself."))
        return _render_invalid("admin/region_form.html", form, region=region)
    db.session.commit()
    flash(_("Region saved."), "success")
    return redirect(url_for(".region_list"))


def _save_region(region: Region | None, form: RegionForm) -> Region:
    parent = _region_in_scope(form.parent_id.data) if form.parent_id.data else None
    if region is None:
        return regions.create_region(form.code.data, form.name.data, parent)
    region.code = form.code.data
    return regions.update_region(region, form.name.data, parent)


@bp.get("/render-jobs")
def render_jobs():
    rows = jobs.open_jobs(scope_ids())
    return render_template(
        "admin/render_jobs.html", jobs=rows, will_retry=jobs.will_retry, job_document=job_document
    )


@bp.post("/render-jobs/<int:job_id>/retry")
def retry_render_job(job_id: int):
    job = jobs.open_job(job_id, scope_ids())
    if job is None:
        abort(404)
    jobs.retry_job(job)
    db.session.commit()
    flash(_("The PDF will be generated again."), "success")
    return redirect(url_for(".render_jobs"))
