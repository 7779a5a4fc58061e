"""Forms of the public case page, and the supervisor's form for withdrawing the link.

The public forms carry no CSRF token: nobody is signed in on that page, the verification code
printed on the paper is what authorises an answer, and a session cookie would expire while the
unit is out taking its photos (the typed note would then be lost).
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import HiddenInput

from inspect_app.public.services import HASH_PREFIX_MIN, new_client_key
from inspect_app.public.uploads import MAX_RESPONSE_PHOTOS, ChosenPhoto, too_many_photos

CODE_HINT = _l("The 8 characters printed on the paper record next to the QR code.")


def _code_field(required: bool = True) -> StringField:
    presence = [DataRequired(_l("Enter the verification code."))] if required else []
    return StringField(
        _l("Verification code"),
        validators=[*presence, Length(max=32)],
        description=CODE_HINT,
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class PublicForm(FlaskForm):
    class Meta:
        csrf = False


class AnswerForm(PublicForm):
    """The unit's answer to one rectification order (prefixed with the order, one per order).

    A missing code or note is refused by the service, after the photos were checked, so that
    the photos chosen can be held for the next attempt (`kept`) instead of being lost."""

    code = _code_field(required=False)
    note = TextAreaField(
        _l("What has been done"),
        validators=[Length(max=2000)],
        description=_l("For example: the training plan was drawn up and approved on 3 December."),
    )
    photos = MultipleFileField(
        _l("Photos of the rectification"),
        description=_l(
            "Optional, at most %(count)s photos, 20 MB in all.", count=MAX_RESPONSE_PHOTOS
        ),
        render_kw={"accept": "image/*"},
    )
    kept = HiddenField(validators=[Length(max=400)])
    forget_kept = BooleanField(_l("Do not send the photos kept from the last attempt"))
    client_key = HiddenField(default=new_client_key, validators=[Length(max=64)])

    def chosen_files(self) -> list[FileStorage]:
        files = self.photos.data or []
        return [f for f in files if isinstance(f, FileStorage) and f.filename]

    def validate_photos(self, field) -> None:
        if len(self.chosen_files()) > MAX_RESPONSE_PHOTOS:
            raise ValidationError(too_many_photos())

    def chosen_photos(self) -> list[ChosenPhoto]:
        """The files chosen, read once (the request stream cannot be read twice)."""
        if not hasattr(self, "_chosen"):
            self._chosen = [
                ChosenPhoto(_shown_name(f.filename), f.read()) for f in self.chosen_files()
            ]
        return self._chosen

    def photo_bytes(self) -> list[bytes]:
        return [photo.data for photo in self.chosen_photos()]

    def kept_refs(self) -> list[str]:
        return (self.kept.data or "").split()


def _shown_name(filename: str | None) -> str:
    """The file's own name, without folders or control characters, to show it back."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in name if c.isprintable())[:100]


class PaperCheckForm(PublicForm):
    """Check a paper record: its code, and optionally the start of the hash printed on it."""

    code = _code_field()
    hash_prefix = StringField(
        _l("Hash printed on the paper"),
        validators=[
            Optional(),
            Regexp(
                rf"^\s*[0-9A-Fa-f\s]{{{HASH_PREFIX_MIN},64}}\s*$",
                message=_l(
                    "Enter at least the first %(count)s characters of the hash (0–9 and a–f).",
                    count=HASH_PREFIX_MIN,
                ),
            ),
        ],
        description=_l(
            "Optional: the first characters of the hash printed on the paper, to see which "
            "revision it is."
        ),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class RevokeForm(FlaskForm):
    """A supervisor withdraws the public link, or opens it again."""

    reason = TextAreaField(
        _l("Reason for withdrawing"),
        validators=[Length(max=500)],
        description=_l("Kept in the audit log; the public page does not show it."),
    )
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
