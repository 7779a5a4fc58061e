"""The inbox page: what waits for the user, opening an entry, and where reminders go."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.extensions import db
from inspect_app.inbox import services
from inspect_app.inbox.forms import ContactForm, OpenForm

bp = Blueprint("inbox", __name__, url_prefix="/inbox")


@bp.get("/")
def index():
    entries = services.inbox_entries(current_user)
    seen = services.read_keys(current_user)
    return render_template("inbox/index.html", entries=entries, seen=seen, form=OpenForm())


@bp.post("/open")
def open_entry():
    form = OpenForm()
    entry = next((e for e in services.inbox_entries(current_user) if e.key == form.key.data), None)
    if not form.validate_on_submit() or entry is None:
        flash(_("That item is no longer in your inbox."), "info")
        return redirect(url_for(".index"))
    services.mark_read(current_user, [entry.key])
    db.session.commit()
    return redirect(url_for(entry.endpoint, **entry.values))


@bp.post("/read-all")
def read_all():
    if OpenForm().validate_on_submit():
        keys = [entry.key for entry in services.inbox_entries(current_user)]
        services.mark_read(current_user, keys)
        db.session.commit()
    return redirect(url_for(".index"))


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    form = ContactForm(obj=services.contact_of(current_user))
    if not form.validate_on_submit():
        return render_template("inbox/settings.html", form=form)
    services.save_contact(current_user, form.email.data, form.mobile.data)
    db.session.commit()
    flash(_("Reminder settings saved."), "success")
    return redirect(url_for(".index"))
