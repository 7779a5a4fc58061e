"""The unit asks for more time on an order from its public case page (no sign-in, no script)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from inspect_app.casefile import View, build_casefile
from inspect_app.extensions import csrf, db
from inspect_app.findings.extensions import extension_refusal, order_extensions
from inspect_app.public import extension_requests as requests
from inspect_app.public import services
from inspect_app.public import views as pages
from inspect_app.security import public

bp = Blueprint("public_extensions", __name__)
bp.after_request(pages._private)
bp.register_error_handler(pages.Unavailable, pages._unavailable)
bp.app_context_processor(lambda: {"order_extensions": order_extensions})


@bp.route("/c/<token>/orders/<int:order_id>/extension", methods=["GET", "POST"])
@public
@csrf.exempt
def apply(token: str, order_id: int):
    inspection = pages._published(token)
    order = pages._order(inspection, order_id)
    form = requests.ExtensionForm()
    if request.method == "GET" or not form.validate():
        return _page(inspection, order, form, 200 if request.method == "GET" else 422)
    try:
        requests.request_extension(inspection, order, **_values(form))
        db.session.commit()
    except services.AnswerRefused as error:
        pages._settle(error, form)
        return _page(inspection, order, form, error.status)
    except IntegrityError:
        db.session.rollback()
        if requests.extension_with_key(form.client_key.data) is None:
            abort(409)
    flash(_("Your request has been sent. The inspector will decide on it."), "success")
    return redirect(url_for("public.case", token=token, _anchor=f"order-{order.id}"))


def _values(form: requests.ExtensionForm) -> dict:
    return {
        "code": form.code.data,
        "deadline": form.deadline.data,
        "reason": form.reason.data or "",
        "client_key": form.client_key.data or "",
        "address": request.remote_addr or "",
    }


def _page(inspection, order, form, status: int):
    casefile_order = build_casefile(inspection, view=View.PUBLIC).order(order.id)
    page = render_template(
        "public/extension.html",
        inspection=inspection,
        order=casefile_order,
        form=form,
        refusal=extension_refusal(inspection, order),
        advice_days=requests.extension_advice_days(),
        rows=order_extensions(inspection).get(order.id, []),
    )
    return page, status
