"""Forms for sending a photo and for editing what is said about it."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    SelectField,
    StringField,
)
from wtforms.validators import Length, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from inspect_app.evidence.services import MAX_CAPTION, MAX_HEADCOUNT
from inspect_app.forms import choices_from, choices_of
from inspect_app.labels import PHOTO_KIND_LABELS

_HEADCOUNT_RANGE = NumberRange(
    min=0, max=MAX_HEADCOUNT, message=_l("A headcount is a whole number from 0 to 100000.")
)


class PhotoDetailsForm(FlaskForm):
    """What a photo shows; headcounts apply to sign-in sheets only."""

    kind = SelectField(
        _l("What the photo shows"), choices=choices_from(PHOTO_KIND_LABELS), default="other"
    )
    caption = StringField(
        _l("Caption"),
        validators=[Length(max=MAX_CAPTION)],
        description=_l("For example: sign-in sheet of the 12 May training, page 1."),
    )
    headcount_on_sheet = IntegerField(
        _l("Names on the sign-in sheet"), validators=[Optional(), _HEADCOUNT_RANGE]
    )
    headcount_in_photos = IntegerField(
        _l("People seen in the training photos"),
        validators=[Optional(), _HEADCOUNT_RANGE],
        description=_l("Count the people in the photos of the same training."),
    )
    reason = StringField(_l("Reason for the change"), validators=[Length(max=500)])

    def details(self) -> dict:
        """The fields the services take, by their names."""
        names = ("kind", "caption", "headcount_on_sheet", "headcount_in_photos", "reason")
        return {name: self[name].data for name in names}


class UploadForm(PhotoDetailsForm):
    """One photo for the case or one check item; two file inputs: camera and gallery."""

    file = MultipleFileField(_l("Photo"))
    item_code = SelectField(_l("Check item"), default="")
    idempotency_key = HiddenField()
    from_parts = BooleanField(widget=HiddenInput())  # the photo was sent before, in parts

    def __init__(self, *args, items=(), locale: str = "zh_Hans", **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _l("Whole case"))]
        choices += [(item.code, f"{item.code} {item.text(locale)}") for item in items]
        self.item_code.choices = choices_of(choices)

    def preselect_item(self, code: str) -> None:
        """Choose the check item the page was opened for (from the checklist's "Add photo")."""
        if code in {choice.value for choice in self.item_code.choices}:
            self.item_code.data = code

    def validate_file(self, field) -> None:
        if self.chosen_file() is None and not self.from_parts.data:
            raise ValidationError(_l("Take a photo or choose one from the gallery."))

    def chosen_file(self) -> FileStorage | None:
        """The first file input that holds a file (the camera's or the gallery's)."""
        files = self.file.data or []
        return next((f for f in files if isinstance(f, FileStorage) and f.filename), None)

    def details(self) -> dict:
        extra = {"item_code": self.item_code.data or None, "idempotency_key": self.key()}
        return {**super().details(), **extra}

    def key(self) -> str:
        return (self.idempotency_key.data or "").strip()


class EditPhotoForm(PhotoDetailsForm):
    version = HiddenField()

    def details(self) -> dict:
        version = self.version.data
        return {**super().details(), "version": int(version) if version.isdigit() else None}
