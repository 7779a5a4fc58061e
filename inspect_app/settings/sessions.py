"""The signed-in user's own sessions: see where they are signed in, and end any of them."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.auth.sessions import (
    end_other_sessions,
    end_session,
    session_of,
    session_rows,
)
from inspect_app.extensions import db

bp = Blueprint("account_sessions", __name__)


@bp.get("/settings/sessions")
def index():
    return render_template(
        "settings/sessions.html",
        sessions=session_rows(current_user, current_user.get_id()),
    )


@bp.post("/settings/sessions/<int:session_id>/end")
def end(session_id: int):
    item = session_of(current_user, session_id)
    if item is None:
        abort(404)
    end_session(item)
    db.session.commit()
    flash(_("The session was ended."), "success")
    return redirect(url_for(".index"))


@bp.post("/settings/sessions/end-others")
def end_others():
    count = end_other_sessions(current_user, current_user.get_id())
    db.session.commit()
    flash(_("%(count)d other sessions were ended.", count=count), "success")
    return redirect(url_for(".index"))
