"""The public tip-off form and the progress page behind its query code.

No account and no script. Nothing here shows the informant's contact, a person's name or the
unit's file: the progress page shows only the status and the outcome.
"""

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext as _

from inspect_app.extensions import csrf, db
from inspect_app.security import public
from inspect_app.tips import guard, queries, services
from inspect_app.tips.forms import PublicTipForm, QueryForm

bp = Blueprint("tips_public", __name__, url_prefix="/tip-off")


@bp.after_request
def _private(response):
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/", methods=["GET", "POST"])
@public
@csrf.exempt  # no session to protect: the signed form token stands in
def form():
    if not current_app.config["TIP_PUBLIC_FORM"]:
        abort(404)
    page = _tip_form()
    if not page.validate_on_submit():
        return _form_page(page, 422 if request.method == "POST" else 200)
    try:
        guard.check_form(page.token.data, page.website.data or "", request.remote_addr or "")
        region = next(r for r in page.towns if r.id == page.region_id.data)
        tip = services.submit_public_tip(region, _values(page))
    except (guard.Refused, services.TipError) as error:
        db.session.rollback()
        page.form_errors.append(str(getattr(error, "message", error)))
        return _form_page(page, getattr(error, "status", 422))
    db.session.commit()
    return render_template("tips/public_sent.html", code=services.show_code(tip.query_code))


@bp.route("/status", methods=["GET", "POST"])
@public
@csrf.exempt
def status():
    page = QueryForm()
    if not page.validate_on_submit():
        return _status_page(page, None, 422 if request.method == "POST" else 200)
    try:
        guard.check_query(request.remote_addr or "")
    except guard.Refused as error:
        db.session.commit()
        page.form_errors.append(str(error.message))
        return _status_page(page, None, error.status)
    tip = services.tip_by_code(page.code.data)
    db.session.commit()
    if tip is None:
        page.code.errors = [_("No tip-off has this query code. Check it and try again.")]
        return _status_page(page, None, 404)
    return _status_page(page, tip, 200)


def _tip_form() -> PublicTipForm:
    page = PublicTipForm()
    page.towns = queries.towns()
    page.region_id.choices = [(r.id, r.name) for r in page.towns]
    return page


def _values(page: PublicTipForm) -> dict:
    fields = ("subject_name", "allegation", "contact")
    return {name: getattr(page, name).data for name in fields}


def _form_page(page: PublicTipForm, status: int):
    page.token.data = guard.issue_form_token()
    page.website.data = ""
    return render_template("tips/public_form.html", form=page), status


def _status_page(page: QueryForm, tip, status: int):
    return render_template("tips/public_status.html", form=page, tip=tip), status
