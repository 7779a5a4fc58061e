"""Field validators for Chinese identifiers, with messages in the user's language."""

from flask_babel import lazy_gettext as _l
from stdnum import exceptions
from stdnum.cn import ric, uscc
from wtforms import Field, Form
from wtforms.validators import Regexp, ValidationError

_USCC_MESSAGES = {
    exceptions.InvalidLength: _l("A unified social credit code has 18 characters."),
    exceptions.InvalidFormat: _l(
        "A unified social credit code has 8 digits, then digits or capital letters "
        "(not I, O, S, V or Z)."
    ),
    exceptions.InvalidChecksum: _l(
        "The last character (check digit) does not match: check the code for a typo."
    ),
}

_ID_MESSAGES = {
    exceptions.InvalidLength: _l("An ID card number has 18 characters."),
    exceptions.InvalidFormat: _l("An ID card number has 17 digits, then a digit or X."),
    exceptions.InvalidChecksum: _l(
        "The last character (check digit) does not match: check the number for a typo."
    ),
    exceptions.InvalidComponent: _l("The birth date or region in this ID number is not valid."),
}


def normalise_code(value: str | None) -> str:
    """Remove spaces and hyphens; capitalise letters."""
    return (value or "").replace(" ", "").replace("-", "").strip().upper()


def _check(module, messages: dict, value: str) -> None:
    try:
        module.validate(value)
    except exceptions.ValidationError as error:
        message = next((m for k, m in messages.items() if isinstance(error, k)), None)
        raise ValidationError(message or messages[exceptions.InvalidFormat]) from error


def valid_uscc(_form: Form, field: Field) -> None:
    """GB 32100-2015 unified social credit code, check digit included."""
    field.data = normalise_code(field.data)
    _check(uscc, _USCC_MESSAGES, field.data)


def valid_id_number(_form: Form, field: Field) -> None:
    """GB 11643-1999 citizen ID number, check digit and birth date included; blank allowed."""
    field.data = normalise_code(field.data) or None
    if field.data:
        _check(ric, _ID_MESSAGES, field.data)


phone_number = Regexp(
    r"^$|^[0-9+()\- ]{5,20}$",
    message=_l("Enter a phone number: digits, with +, -, brackets or spaces."),
)
