"""Pages of the signatures section of a case: the list, the signing pad, the refusal, the images."""

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.extensions import db
from inspect_app.inspections import queries
from inspect_app.inspections.errors import CaseError, StaleEdit
from inspect_app.signatures import services
from inspect_app.signatures.forms import (
    MAX_DATA_URL_CHARS,
    RefusalForm,
    SignForm,
    VersionForm,
)
from inspect_app.signatures.models import Signature, open_revision
from inspect_app.storage import storage

bp = Blueprint("signatures", __name__)
TEMPLATE_HELPERS = {
    "signature_data_uri": services.signature_data_uri,
    "signer_slots": services.signer_slots,
}
bp.app_context_processor(lambda: TEMPLATE_HELPERS)

CASE = "/inspections/<int:inspection_id>/signatures"


@bp.get(CASE)
def index(inspection_id: int):
    inspection = queries.get_inspection(inspection_id)
    revision = open_revision(inspection)
    return render_template(
        "signatures/index.html",
        inspection=inspection,
        slots=services.signer_slots(inspection),
        open_revision=revision,
        can_sign=revision is not None and current_user.has_role("inspector", "admin"),
    )


@bp.get(CASE + "/<int:signature_id>.png")
def image(inspection_id: int, signature_id: int):
    inspection = queries.get_inspection(inspection_id)
    signature = queries.get_case_object(Signature, signature_id, inspection)
    if not signature.is_signed or not storage().exists(signature.image_key):
        abort(404)
    response = make_response(storage().read(signature.image_key))
    response.headers["Content-Type"] = "image/png"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route(CASE + "/<signer_key>", methods=["GET", "POST"])
def sign(inspection_id: int, signer_key: str):
    inspection = queries.get_editable_inspection(inspection_id)
    slot = _slot_or_404(inspection, signer_key)
    form = SignForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _sign_page(inspection, slot.key, status, sign_form=form)
    try:
        services.record_signature(
            inspection, current_user, slot.key, form.png, base_version=form.version.data
        )
        db.session.commit()
    except CaseError as error:
        db.session.rollback()
        return _sign_page(inspection, slot.key, _status(error), sign_form=form, sign_error=error)
    flash(_("Signature of %(name)s saved.", name=slot.name), "success")
    return redirect(url_for(".index", inspection_id=inspection.id, _anchor=slot.anchor))


@bp.post(CASE + "/<signer_key>/refusal")
def refuse(inspection_id: int, signer_key: str):
    inspection = queries.get_editable_inspection(inspection_id)
    slot = _slot_or_404(inspection, signer_key)
    form = RefusalForm()
    if not form.validate_on_submit():
        return _sign_page(inspection, slot.key, 422, refusal_form=form)
    try:
        services.record_refusal(
            inspection, current_user, form.refusal.data, None, form.version.data, slot.key
        )
        db.session.commit()
    except CaseError as error:
        db.session.rollback()
        return _sign_page(
            inspection, slot.key, _status(error), refusal_form=form, refusal_error=error
        )
    flash(_("The refusal to sign is recorded."), "success")
    return redirect(url_for(".index", inspection_id=inspection.id, _anchor=slot.anchor))


@bp.post(CASE + "/<signer_key>/clear")
def clear(inspection_id: int, signer_key: str):
    inspection = queries.get_editable_inspection(inspection_id)
    slot = _slot_or_404(inspection, signer_key)
    form = VersionForm()
    try:
        services.clear_signature(inspection, current_user, slot.key, base_version=form.version.data)
        db.session.commit()
    except CaseError as error:
        db.session.rollback()
        return _sign_page(inspection, slot.key, _status(error), sign_error=error)
    flash(_("Removed. %(name)s can sign again.", name=slot.name), "success")
    return redirect(url_for(".sign", inspection_id=inspection.id, signer_key=slot.key))


def _slot_or_404(inspection, signer_key: str) -> services.SignerSlot:
    slot = services.find_slot(inspection, signer_key)
    if slot is None:
        abort(404)
    return slot


def _status(error: CaseError) -> int:
    return 409 if isinstance(error, StaleEdit) else 422


def _sign_page(inspection, signer_key: str, status: int, **context):
    """The signing page; after a rollback the slot is read again, so it shows the latest state."""
    context.setdefault("sign_form", SignForm(formdata=None))
    context.setdefault("refusal_form", RefusalForm(formdata=None))
    page = render_template(
        "signatures/sign.html",
        inspection=inspection,
        slot=_slot_or_404(inspection, signer_key),
        open_revision=open_revision(inspection),
        max_chars=MAX_DATA_URL_CHARS,
        **context,
    )
    return page, status
