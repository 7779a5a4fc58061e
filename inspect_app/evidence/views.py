"""Pages of the evidence section of a case: gallery, upload, edit, and the photo files."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from inspect_app.errors import wants_json
from inspect_app.evidence import resumable, services
from inspect_app.evidence.forms import EditPhotoForm, UploadForm
from inspect_app.evidence.models import VARIANTS, Photo
from inspect_app.extensions import db
from inspect_app.i18n import select_locale
from inspect_app.inspections import queries
from inspect_app.inspections.errors import CaseError, StaleEdit
from inspect_app.inspections.services import checklist_items
from inspect_app.storage import send_stored_file

bp = Blueprint("evidence", __name__)

FILE_CACHE = "private, max-age=3600"


@bp.get("/inspections/<int:inspection_id>/photos")
def index(inspection_id: int):
    inspection = queries.get_inspection(inspection_id)
    form = _upload_form(inspection) if _can_edit(inspection) else None
    if form is not None:
        form.idempotency_key.data = services.new_idempotency_key()
        form.preselect_item(request.args.get("item", ""))
    return _gallery(inspection, form)


@bp.post("/inspections/<int:inspection_id>/photos")
def upload(inspection_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    form = _upload_form(inspection)
    if not form.validate_on_submit():
        return _refused(inspection, form, _first_error(form))
    try:
        data = _received_bytes(inspection, form)
        photo, created = services.store_photo(inspection, current_user, data, **form.details())
        db.session.commit()
    except CaseError as error:
        db.session.rollback()
        form.form_errors.append(str(error.message))
        return _refused(inspection, form, str(error.message))
    if form.from_parts.data:
        resumable.discard_upload(inspection.id, current_user.id, form.key())
    return _uploaded(inspection, photo, created)


def _received_bytes(inspection, form: UploadForm) -> bytes:
    """The file sent with the form, or the one sent before in parts under the form's key."""
    if form.from_parts.data:
        return resumable.take_upload(inspection.id, current_user.id, form.key())
    return form.chosen_file().read()


@bp.get("/inspections/<int:inspection_id>/photos/parts/<key>")
def upload_offset(inspection_id: int, key: str):
    """How many bytes of a photo sent in parts are held: where to resume."""
    inspection = queries.get_editable_inspection(inspection_id)
    try:
        offset, total = resumable.held(inspection.id, current_user.id, key)
    except CaseError as error:
        return jsonify(ok=False, error=str(error.message)), 422
    return jsonify(ok=True, offset=offset, total=total)


@bp.put("/inspections/<int:inspection_id>/photos/parts/<key>")
def upload_part(inspection_id: int, key: str):
    """One part of a photo, at its Content-Range; answers with the bytes now held."""
    inspection = queries.get_editable_inspection(inspection_id)
    if not _can_edit(inspection):
        abort(403)
    body = request.get_data(cache=False)
    try:
        offset, total = resumable.append_part(
            inspection.id, current_user.id, key, request.headers.get("Content-Range"), body
        )
    except resumable.OffsetMismatch as error:
        return jsonify(ok=False, error=str(error.message), offset=error.offset), 409
    except CaseError as error:
        return jsonify(ok=False, error=str(error.message)), 422
    return jsonify(ok=True, offset=offset, total=total)


@bp.route("/inspections/<int:inspection_id>/photos/<int:photo_id>/edit", methods=["GET", "POST"])
def edit(inspection_id: int, photo_id: int):
    inspection = queries.get_editable_inspection(inspection_id)
    photo = queries.get_case_object(Photo, photo_id, inspection)
    form = EditPhotoForm(obj=photo)
    if not form.validate_on_submit():
        return _edit_page(inspection, photo, form, 422 if form.is_submitted() else 200)
    try:
        services.update_photo(photo, current_user, **form.details())
        db.session.commit()
    except CaseError as error:
        db.session.rollback()
        form.form_errors.append(str(error.message))
        return _edit_page(inspection, photo, form, 409 if isinstance(error, StaleEdit) else 422)
    flash(_("Changes saved."), "success")
    return redirect(_gallery_url(photo))


@bp.get("/inspections/<int:inspection_id>/photos/<int:photo_id>/<variant>")
def file(inspection_id: int, photo_id: int, variant: str):
    inspection = queries.get_inspection(inspection_id)
    photo = queries.get_case_object(Photo, photo_id, inspection)
    key = photo.key_of(variant)
    if variant not in VARIANTS:
        abort(404)
    return send_stored_file(
        key,
        mimetype=photo.mimetype_of(variant),
        as_attachment=variant == "original",
        download_name=photo.download_name(variant),
        headers={"Cache-Control": FILE_CACHE, "X-Content-Type-Options": "nosniff"},
    )


def _can_edit(inspection) -> bool:
    return current_user.has_role("inspector", "admin") and inspection.status != "closed"


def _upload_form(inspection) -> UploadForm:
    return UploadForm(items=checklist_items(inspection), locale=select_locale())


def _gallery(inspection, form: UploadForm | None, status: int = 200):
    photos = services.case_photos(inspection)
    context = _gallery_context(inspection)
    page = render_template(
        "evidence/index.html",
        inspection=inspection,
        form=form,
        groups=services.photo_groups(inspection, photos),
        max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
        **context,
    )
    return page, status


def _gallery_context(inspection) -> dict:
    """What the gallery partials need besides the photos."""
    items = {item.code: item.text(select_locale()) for item in checklist_items(inspection)}
    return {"item_texts": items, "can_edit": _can_edit(inspection), "group_order": ["", *items]}


def _first_error(form) -> str:
    return next(iter(error for errors in form.errors.values() for error in errors), "")


def _refused(inspection, form: UploadForm, message: str):
    if wants_json():
        return jsonify(ok=False, error=message), 422
    return _gallery(inspection, form, 422)


def _uploaded(inspection, photo: Photo, created: bool):
    if wants_json():
        return jsonify(_photo_json(inspection, photo, created)), 201 if created else 200
    if created:
        flash(_("Photo added."), "success")
    else:
        flash(_("This photo is already in the case; nothing new was added."), "success")
    return redirect(_gallery_url(photo))


def _photo_json(inspection, photo: Photo, created: bool) -> dict:
    context = {**_gallery_context(inspection), "inspection": inspection}
    code = photo.item_code or ""
    return {
        "ok": True,
        "created": created,
        "id": photo.id,
        "thumb_url": url_for(
            ".file", inspection_id=inspection.id, photo_id=photo.id, variant="thumb"
        ),
        "group": code,
        "card_html": render_template("partials/_evidence_photo.html", photo=photo, **context),
        "group_html": render_template(
            "partials/_evidence_group.html", code=code, photos=[photo], **context
        ),
    }


def _gallery_url(photo: Photo) -> str:
    return url_for(
        ".index",
        inspection_id=photo.inspection_id,
        item=photo.item_code or None,
        _anchor=f"photo-{photo.id}",
    )


def _edit_page(inspection, photo: Photo, form: EditPhotoForm, status: int):
    item_text = _gallery_context(inspection)["item_texts"].get(photo.item_code, "")
    page = render_template(
        "evidence/edit.html", inspection=inspection, photo=photo, form=form, item_text=item_text
    )
    return page, status
