"""Marshmallow's field messages in the request's language.

The messages are lazy strings set as the fields' defaults before any schema is defined; each
is formatted when a request fails validation, so it reads in that request's language.
"""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate


def localise() -> None:
    """Replace marshmallow's English defaults with translatable ones (once, at import)."""
    fields.Field.default_error_messages = {
        "required": _l("This field is required."),
        "null": _l("This field may not be empty."),
        "validator_failed": _l("This value is not valid."),
    }
    _set(fields.Integer, invalid=_l("Enter a whole number."))
    _set(fields.Number, invalid=_l("Enter a number."), too_large=_l("This number is too large."))
    _set(fields.String, invalid=_l("Enter text."), invalid_utf8=_l("Enter text."))
    _set(fields.Boolean, invalid=_l("Enter true or false."))
    _set(fields.Date, invalid=_l("Enter a date as YYYY-MM-DD."), format=_l("Enter a date."))
    _set(fields.DateTime, invalid=_l("Enter a date and time in ISO 8601."))
    _set(fields.List, invalid=_l("Enter a list."))
    _set(fields.Nested, type=_l("Enter an object."))
    _set(fields.Dict, invalid=_l("Enter an object."))
    _set(fields.Enum, unknown=_l("Choose one of: {choices}."))
    Schema._default_error_messages = {
        "type": _l("Send a JSON object."),
        "unknown": _l("This field is not known."),
    }
    validate.Length.message_min = _l("Enter at least {min} characters.")
    validate.Length.message_max = _l("Enter at most {max} characters.")
    validate.Length.message_all = _l("Enter between {min} and {max} characters.")
    validate.Length.message_equal = _l("Enter exactly {equal} characters.")
    validate.OneOf.default_message = _l("Choose one of: {choices}.")
    validate.Regexp.default_message = _l("This value has the wrong form.")


def _set(field_class, **messages) -> None:
    field_class.default_error_messages = {
        **field_class.__dict__.get("default_error_messages", {}),
        **messages,
    }
