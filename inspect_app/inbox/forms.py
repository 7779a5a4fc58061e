"""Forms of the inbox: opening an entry, and where reminders go."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, StringField
from wtforms.validators import Length, Optional, Regexp


class OpenForm(FlaskForm):
    key = HiddenField()


class ContactForm(FlaskForm):
    email = EmailField(
        _l("E-mail for reminders"),
        validators=[
            Optional(),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter a valid e-mail address.")),
        ],
        description=_l("Sent through the office's own mail server, once a day."),
    )
    mobile = StringField(
        _l("Mobile number for SMS reminders"),
        validators=[
            Optional(),
            Regexp(r"^1\d{10}$", message=_l("Enter an 11-digit mobile number.")),
        ],
        description=_l(
            "Used only if the office has set up an SMS gateway. The message names no one."
        ),
    )
