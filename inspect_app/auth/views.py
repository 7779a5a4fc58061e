"""Sign in and out."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from inspect_app.auth.access import safe_next
from inspect_app.auth.forms import LoginForm
from inspect_app.auth.services import sign_in, sign_out
from inspect_app.extensions import db
from inspect_app.security import public

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        agent = request.user_agent.string
        result = sign_in(form.username.data.strip(), form.password.data, _address(), agent)
        db.session.commit()
        if result.user is not None:
            session.clear()
            session.permanent = True  # the server also ends it after its idle or absolute limit
            login_user(result.user)
            return redirect(safe_next(request.args.get("next")) or url_for("main.home"))
        if result.wait_seconds:
            message = _(
                "Too many failed sign-ins. Wait %(seconds)d seconds and try again.",
                seconds=result.wait_seconds,
            )
            form.form_errors.append(message)
        else:
            form.form_errors.append(_("Wrong username or password."))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.post("/logout")
def logout():
    sign_out(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


def _address() -> str:
    return request.remote_addr or ""
