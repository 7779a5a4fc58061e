"""Sign in and out."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from inspect_app.auth.access import safe_next
from inspect_app.auth.forms import LoginForm
from inspect_app.auth.services import sign_in
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
        result = sign_in(form.username.data.strip(), form.password.data, request.remote_addr or "")
        db.session.commit()
        if result.user is not None:
            session.clear()
            session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME of inactivity
            login_user(result.user)
            return redirect(safe_next(request.args.get("next")) or url_for("main.home"))
        if result.throttled:
            form.form_errors.append(_("Too many failed sign-ins. Wait 15 minutes and try again."))
        else:
            form.form_errors.append(_("Wrong username or password."))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))
