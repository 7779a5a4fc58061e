"""The unit's statement (陈述申辩) from its public case page, with the verification code.

Like the rest of the public page: no sign-in, no script, no CSRF token (the code printed on the
paper authorises the statement), and nothing personal shown.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from inspect_app.extensions import csrf, db
from inspect_app.proceedings import queries, statements
from inspect_app.proceedings.forms import PublicStatementForm
from inspect_app.public import services as public_services
from inspect_app.public.services import AnswerRefused, WrongCode
from inspect_app.security import public

bp = Blueprint("proceedings_public", __name__)
URL = "/c/<token>/proceedings/<int:proceeding_id>/statement"


@bp.after_request
def _private(response):
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_context_processor
def _public_proceedings():
    return {"public_proceedings": queries.public_proceedings, "statement_form": blank_form}


def blank_form() -> PublicStatementForm:
    return PublicStatementForm(formdata=None, client_key=public_services.new_client_key())


@bp.route(URL, methods=["GET", "POST"])
@public
@csrf.exempt
def statement(token: str, proceeding_id: int):
    inspection, shown = _published(token, proceeding_id)
    form = PublicStatementForm() if request.method == "POST" else blank_form()
    if request.method == "GET" or not form.validate():
        return _page(inspection, shown, form, 422 if request.method == "POST" else 200)
    try:
        statements.send_statement(inspection, shown.proceeding, **_values(form))
        db.session.commit()
    except AnswerRefused as error:
        db.session.commit() if isinstance(error, WrongCode) else db.session.rollback()
        target = form._fields.get(error.field or "")
        (target.errors if target else form.form_errors).append(str(error.message))
        return _page(inspection, _reloaded(inspection, proceeding_id), form, error.status)
    flash(
        _("Your statement has been sent. The inspector will consider it before deciding."),
        "success",
    )
    anchor = f"proceeding-{proceeding_id}"
    return redirect(url_for("public.case", token=token, _anchor=anchor))


def _values(form: PublicStatementForm) -> dict:
    return {
        "code": form.code.data,
        "text": form.text.data or "",
        "hearing": bool(form.hearing.data),
        "client_key": form.client_key.data or "",
        "address": request.remote_addr or "",
    }


class Unavailable(Exception):
    def __init__(self, code: int, inspection=None) -> None:
        super().__init__(code)
        self.code, self.inspection = code, inspection


@bp.errorhandler(Unavailable)
def _unavailable(error: Unavailable):
    page = render_template("public/unavailable.html", code=error.code, inspection=error.inspection)
    return page, error.code


def _published(token: str, proceeding_id: int):
    """The case and the proceeding as the unit sees it (404 unknown, 410 link withdrawn)."""
    inspection = public_services.case_for_token(token)
    if inspection is None:
        raise Unavailable(404)
    if inspection.public_link_revoked:
        raise Unavailable(410, inspection)
    shown = queries.public_proceeding(inspection, proceeding_id)
    if shown is None:
        raise Unavailable(404, inspection)
    return inspection, shown


def _reloaded(inspection, proceeding_id: int):
    return queries.public_proceeding(inspection, proceeding_id)


def _page(inspection, shown, form, status: int):
    page = render_template(
        "proceedings/public_statement.html",
        inspection=inspection,
        item=shown,
        form=form,
        redactor=public_services.public_redactor(inspection),
    )
    return page, status
