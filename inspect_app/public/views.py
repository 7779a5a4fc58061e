"""The public case page behind the QR code, and the supervisor's switch for its link.

No sign-in and no script: it must work in WeChat's in-app browser with JavaScript off. Every
response is kept out of search engines, caches and Referer headers.
"""

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import RequestEntityTooLarge

from inspect_app.auth.access import require_role
from inspect_app.casefile import View, build_casefile
from inspect_app.documents.services import case_document
from inspect_app.documents.views import serve_document
from inspect_app.extensions import csrf, db
from inspect_app.findings.reinspection import awaits_reinspection
from inspect_app.inspections import queries
from inspect_app.inspections.errors import CaseError
from inspect_app.penalties.services import case_penalties
from inspect_app.public import services, unlock
from inspect_app.public.forms import AnswerForm, PaperCheckForm, RevokeForm
from inspect_app.records.jobs import pending_record
from inspect_app.records.models import Edition
from inspect_app.security import public
from inspect_app.storage import send_stored_file

bp = Blueprint("public", __name__)
LINK = "/c/<token>"
PUBLIC_VARIANTS = ("display", "thumb")


class Unavailable(Exception):
    """No case behind this link (404), the link was withdrawn (410), or the full edition was
    asked for without the verification code (403)."""

    def __init__(self, code: int, inspection=None) -> None:
        super().__init__(code)
        self.code, self.inspection = code, inspection


@bp.after_request
def _private(response):
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(Unavailable)
def _unavailable(error: Unavailable):
    page = render_template("public/unavailable.html", code=error.code, inspection=error.inspection)
    return page, error.code


@bp.get(LINK)
@public
def case(token: str):
    return _page(_published(token))


@bp.post(f"{LINK}/orders/<int:order_id>/answer")
@public
@csrf.exempt
def answer(token: str, order_id: int):
    inspection = _published(token)
    order = _order(inspection, order_id)
    form = _answer_form()
    if form is None:
        return _page(inspection, status=413)
    if not form.validate():
        return _refused(inspection, order, form, hold=False, status=422)
    try:
        services.answer_order(inspection, order, **_answer_values(form))
        db.session.commit()
    except services.AnswerRefused as error:
        _settle(error, form)
        return _refused(inspection, order, form, error.holds_photos, error.status)
    except IntegrityError:
        _after_conflict(form.client_key.data)
    flash(_("Your answer has been sent. The inspector will re-inspect the work."), "success")
    return redirect(url_for(".case", token=token, _anchor=f"order-{order.id}"))


@bp.post(f"{LINK}/check")
@public
@csrf.exempt
def check(token: str):
    """Check a paper record; a right code also opens the full edition for a while."""
    inspection = _published(token)
    form = PaperCheckForm()
    if not form.validate():
        return _page(inspection, check_form=form, status=422)
    try:
        address = request.remote_addr or ""
        result = services.check_paper(inspection, form.code.data, form.hash_prefix.data, address)
        db.session.commit()
    except services.AnswerRefused as error:
        _settle(error, form)
        return _page(inspection, check_form=form, status=error.status)
    page = _page(inspection, check_form=PaperCheckForm(formdata=None), result=result, full=True)
    return _with_unlock(make_response(page), inspection)


@bp.get(f"{LINK}/revisions/<int:number>.pdf")
@public
def record_pdf(token: str, number: int):
    """The public edition: names masked, no code, no personal photos or signatures."""
    return _record(_published(token), number, Edition.PUBLIC)


@bp.get(f"{LINK}/revisions/<int:number>/full.pdf")
@public
def full_record_pdf(token: str, number: int):
    """The full edition, as printed, once the verification code was entered (see unlock)."""
    inspection = _published(token)
    if not unlock.is_unlocked(inspection, request.cookies):
        raise Unavailable(403, inspection)
    return _record(inspection, number, Edition.FULL)


@bp.get(f"{LINK}/documents/<int:document_id>.pdf")
@public
def document_pdf(token: str, document_id: int):
    """A document the unit received, in its public edition (names masked)."""
    inspection = _published(token)
    found = case_document(inspection, document_id)
    if found is None or not found.public:
        abort(404)
    return serve_document(inspection, found, public=True)


@bp.get(f"{LINK}/photos/<int:photo_id>/<variant>")
@public
def photo(token: str, photo_id: int, variant: str):
    inspection = _published(token)
    found = services.response_photo(inspection, photo_id)
    if found is None or variant not in PUBLIC_VARIANTS:
        abort(404)
    name = found.download_name(variant)
    return send_stored_file(found.key_of(variant), mimetype="image/jpeg", download_name=name)


@bp.post("/inspections/<int:inspection_id>/public-link/revoke")
def revoke(inspection_id: int):
    inspection = queries.get_inspection(inspection_id)
    require_role("supervisor", "admin")
    form = RevokeForm()
    return _switch_link(
        inspection,
        form,
        lambda: services.revoke_link(inspection, current_user, form.reason.data, form.version.data),
        _("The public link has been withdrawn: it now answers that the link was withdrawn."),
    )


@bp.post("/inspections/<int:inspection_id>/public-link/restore")
def restore(inspection_id: int):
    inspection = queries.get_inspection(inspection_id)
    require_role("supervisor", "admin")
    form = RevokeForm()
    return _switch_link(
        inspection,
        form,
        lambda: services.restore_link(inspection, current_user, form.version.data),
        _("The public link works again (the same link as printed on the record)."),
    )


# --- helpers -----------------------------------------------------------------------------------


def _published(token: str):
    inspection = services.case_for_token(token)
    if inspection is None:
        raise Unavailable(404)
    if inspection.public_link_revoked:
        raise Unavailable(410, inspection)
    return inspection


def _order(inspection, order_id: int):
    order = next((o for o in services.public_orders(inspection) if o.id == order_id), None)
    if order is None:
        raise Unavailable(404)
    return order


def _answer_form() -> AnswerForm | None:
    """The posted answer; None (and a message) when the request is too large to read."""
    try:
        return AnswerForm(prefix=f"order-{request.view_args['order_id']}")
    except RequestEntityTooLarge:
        flash(_("The photos are too large together (at most 20 MB). Send fewer at once."), "error")
        return None


def _answer_values(form: AnswerForm) -> dict:
    return {
        "code": form.code.data,
        "note": form.note.data,
        "photos": form.photo_bytes(),
        "kept": [] if form.forget_kept.data else form.kept_refs(),
        "client_key": form.client_key.data or "",
        "address": request.remote_addr or "",
    }


def _refused(inspection, order, form: AnswerForm, hold: bool, status: int):
    """The page again with the form as sent; its photos held when they were fine."""
    chosen = form.chosen_photos() if hold else []
    held = services.hold_photos(inspection, order, chosen, form.kept_refs(), form.forget_kept.data)
    db.session.commit()
    form.kept.data, form.forget_kept.data = " ".join(h.ref for h in held), False
    forms, kept = {order.id: form}, {order.id: held}
    return _page(inspection, answer_forms=forms, held=kept, status=status)


def _record(inspection, number: int, edition: Edition):
    """A stored PDF of the case, never rendered here."""
    found = services.record_files(inspection, edition).get(number)
    pending = pending_record(inspection, edition) if number == inspection.revision else None
    if found is None and pending is not None:  # 生成中: the page looks again by itself
        page = render_template("public/pending.html", inspection=inspection, pending=pending)
        return page, 202, {"Retry-After": str(pending.refresh), "Cache-Control": "no-store"}
    if found is None:
        abort(404)
    suffix = "" if edition == Edition.FULL else "-public"
    name = f"{inspection.case_number}-r{number}{suffix}.pdf"
    return send_stored_file(
        found.storage_key, mimetype="application/pdf", download_name=name, may_redirect=True
    )


def _with_unlock(response, inspection):
    path = url_for(".case", token=inspection.public_token)
    unlock.grant(response, inspection, path, secure=request.is_secure)
    return response


def _settle(error: services.AnswerRefused, form) -> None:
    """Keep a counted wrong code, undo anything else; show the message next to its field."""
    if isinstance(error, services.WrongCode):
        db.session.commit()
    else:
        db.session.rollback()
    target = form._fields.get(error.field or "")
    (target.errors if target else form.form_errors).append(str(error.message))


def _after_conflict(client_key: str) -> None:
    """A double tap stored the same answer first: fine. Anything else: refuse."""
    db.session.rollback()
    if services.response_with_key(client_key) is None:
        abort(409)


def _page(inspection, answer_forms=None, check_form=None, result=None, status=200, **extra):
    """The case page; `held` photos per order, `full` once the code was entered."""
    orders = services.public_orders(inspection)
    forms = answer_forms or {}
    for order in orders:
        if services.can_answer(inspection, order) and order.id not in forms:
            forms[order.id] = AnswerForm(formdata=None, prefix=f"order-{order.id}")
    page = render_template(
        "public/case.html",
        inspection=inspection,
        casefile=build_casefile(inspection, view=View.PUBLIC),
        order_rows={order.id: order for order in orders},
        penalties=case_penalties(inspection),
        files=services.record_files(inspection),
        pending=pending_record(inspection, Edition.PUBLIC),
        full_files=_full_files(inspection, extra.get("full")),
        redactor=services.public_redactor(inspection),
        held=extra.get("held") or {},
        unlock_minutes=unlock.lifetime() // 60,
        answer_forms=forms,
        check_form=check_form or PaperCheckForm(formdata=None),
        result=result,
        awaits=awaits_reinspection,
    )
    return page, status


def _full_files(inspection, unlocked: bool | None) -> dict:
    """The full edition's files when this browser entered the code (else none)."""
    if not (unlocked or unlock.is_unlocked(inspection, request.cookies)):
        return {}
    return services.record_files(inspection, Edition.FULL)


def _switch_link(inspection, form: RevokeForm, action, done: str):
    try:
        if not form.validate_on_submit():
            raise CaseError(next(iter(form.errors.values()))[0])
        action()
        db.session.commit()
        flash(done, "success")
    except CaseError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    return redirect(url_for("inspections.show", inspection_id=inspection.id, _anchor="public-link"))
