"""Forms for a user's API tokens."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Name the token after where it is used.")), Length(max=64)],
        description=_l("Where the token is used, for example «county collector» or «my phone»."),
        filters=[lambda value: " ".join(value.split()) if value else value],
    )


class RevokeForm(FlaskForm):
    """A POST with only the CSRF token."""
