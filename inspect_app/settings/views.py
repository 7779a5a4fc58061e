"""API tokens in the user's settings, and the API's readable description."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.api.models import ApiToken
from inspect_app.api.services import create_token, revoke_token, tokens_of
from inspect_app.extensions import db
from inspect_app.settings import apidoc
from inspect_app.settings.forms import RevokeForm, TokenForm

bp = Blueprint("settings", __name__)


def _own_token(token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    return token


@bp.get("/settings/tokens")
def tokens():
    return _tokens_page(TokenForm())


@bp.post("/settings/tokens")
def create():
    form = TokenForm()
    if not form.validate_on_submit():
        return _tokens_page(form), 422
    token, plain = create_token(current_user, form.name.data)
    db.session.commit()
    return _tokens_page(TokenForm(formdata=None), created=token, plain=plain)


def _tokens_page(form, **context):
    return render_template(
        "settings/tokens.html",
        form=form,
        tokens=[t for t in tokens_of(current_user) if t.is_active],
        revoke_form=RevokeForm(),
        **context,
    )


@bp.get("/settings/tokens/<int:token_id>/revoke")
def confirm_revoke(token_id: int):
    token = _own_token(token_id)
    if not token.is_active:
        return redirect(url_for(".tokens"))
    return render_template("settings/revoke.html", token=token, form=RevokeForm())


@bp.post("/settings/tokens/<int:token_id>/revoke")
def revoke(token_id: int):
    token = _own_token(token_id)
    if not RevokeForm().validate_on_submit():
        abort(400)
    revoke_token(token, current_user)
    db.session.commit()
    flash(_("Token %(name)s revoked.", name=token.name), "success")
    return redirect(url_for(".tokens"))


@bp.get("/help/api")
def api_help():
    groups = apidoc.operations_by_tag(current_app.spec)
    return render_template("settings/api_help.html", groups=groups)
