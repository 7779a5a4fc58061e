"""Forms of the signing page: the drawn signature, and the representative's refusal."""

import base64
import binascii

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from inspect_app.signatures.services import MAX_PNG_BYTES, MAX_REFUSAL_CHARS

DATA_URL_PREFIX = "data:image/png;base64,"
MAX_DATA_URL_CHARS = len(DATA_URL_PREFIX) + (MAX_PNG_BYTES + 2) // 3 * 4


class SignForm(FlaskForm):
    """The pad's drawing arrives as a PNG data URL in a hidden field."""

    signature = HiddenField(validators=[DataRequired(_l("Draw the signature in the box first."))])
    version = IntegerField(validators=[Optional()])

    png: bytes = b""

    def validate_signature(self, field) -> None:
        value = field.data or ""
        if len(value) > MAX_DATA_URL_CHARS:
            raise ValidationError(_l("The signature image is larger than 1 MB."))
        if not value.startswith(DATA_URL_PREFIX):
            raise ValidationError(_l("The signature must be a PNG image drawn on this page."))
        try:
            self.png = base64.b64decode(value[len(DATA_URL_PREFIX) :], validate=True)
        except (binascii.Error, ValueError) as error:
            raise ValidationError(
                _l("The signature must be a PNG image drawn on this page.")
            ) from error


class RefusalForm(FlaskForm):
    """The representative refuses to sign: the inspectors write down what happened."""

    refusal = TextAreaField(
        _l("What the representative said or did"),
        description=_l(
            "For example: refused to sign after the record was read out, saying the findings are "
            "not accepted."
        ),
        validators=[
            DataRequired(_l("Write down the refusal: what the representative said or did.")),
            Length(
                max=MAX_REFUSAL_CHARS,
                message=_l("Keep the note under %(count)s characters.", count=MAX_REFUSAL_CHARS),
            ),
        ],
    )
    version = IntegerField(validators=[Optional()])


class VersionForm(FlaskForm):
    """Removing a signature: only the version the phone saw."""

    version = IntegerField(validators=[Optional()])
