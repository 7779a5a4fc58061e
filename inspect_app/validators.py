"""Chinese identifiers: pure checks (for forms and API schemas alike) and their WTForms
validators, with messages in the user's language."""

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


def _problem(module, messages: dict, value: str):
    try:
        module.validate(value)
    except exceptions.ValidationError as error:
        message = next((m for k, m in messages.items() if isinstance(error, k)), None)
        return message or messages[exceptions.InvalidFormat]
    return None


def uscc_problem(value: str):
    """What is wrong with a normalised GB 32100-2015 code (check digit included), or None."""
    return _problem(uscc, _USCC_MESSAGES, value)


def id_number_problem(value: str):
    """What is wrong with a normalised GB 11643-1999 ID number (check digit, birth date)."""
    return _problem(ric, _ID_MESSAGES, value)


def valid_uscc(_form: Form, field: Field) -> None:
    """GB 32100-2015 unified social credit code, check digit included."""
    field.data = normalise_code(field.data)
    if message := uscc_problem(field.data):
        raise ValidationError(message)


def valid_id_number(_form: Form, field: Field) -> None:
    """GB 11643-1999 citizen ID number, check digit and birth date included; blank allowed."""
    field.data = normalise_code(field.data) or None
    if field.data and (message := id_number_problem(field.data)):
        raise ValidationError(message)


PHONE_PATTERN = r"^$|^[0-9+()\- ]{5,20}$"
PHONE_MESSAGE = _l("Enter a phone number: digits, with +, -, brackets or spaces.")
phone_number = Regexp(PHONE_PATTERN, message=PHONE_MESSAGE)
