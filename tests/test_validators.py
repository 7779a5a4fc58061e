"""USCC (GB 32100-2015) and citizen ID (GB 11643-1999) check digits, on real samples."""

import pytest
from stdnum.cn import ric
from wtforms import Form, StringField
from wtforms.validators import ValidationError

from inspect_app.validators import normalise_code, valid_id_number, valid_uscc

REAL_USCC = [
    "91350100M000100Y43",  # the worked example of GB 32100-2015
    "914403001922038216",
    "9144030071526726XG",
    "91330000MA27U0EP4A",
    "91110000600037341L",
]
REAL_ID = ["11010519491231002X", "110101199003074477", "360426199101010071"]


class _F(Form):
    code = StringField()


def _run(validator, value: str) -> str:
    form = _F(data={"code": value})
    validator(form, form.code)
    return form.code.data


@pytest.mark.parametrize("code", REAL_USCC)
def test_real_uscc_pass(app, code):
    assert _run(valid_uscc, code) == code


def test_uscc_is_normalised_before_checking(app):
    assert _run(valid_uscc, " 91350100m000-100y43 ") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y44", "校验码"),  # one check digit off
        ("91350100M000100Y4", "18 位"),  # one character short
        ("91350100M0001I0Y43", "不含 I"),  # I is not in the GB 32100 alphabet
        ("9135010OM000100Y43", "前 8 位"),  # letter O in the region digits
    ],
)
def test_bad_uscc_rejected_with_message(app, code, message):
    with app.test_request_context(), pytest.raises(ValidationError) as error:
        _run(valid_uscc, code)
    assert message in str(error.value.args[0])


@pytest.mark.parametrize("number", REAL_ID)
def test_real_id_numbers_pass(app, number):
    assert _run(valid_id_number, number) == number


def test_lowercase_x_is_accepted(app):
    assert _run(valid_id_number, "11010519491231002x") == "11010519491231002X"


def test_blank_id_number_allowed(app):
    assert _run(valid_id_number, "  ") is None


def _with_check_digit(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("110105194912310021", "校验码"),  # the standard's example with the wrong check digit
        ("11010519491231002", "18 位"),
        ("1101051949123100A2", "17 位为数字"),
        (_with_check_digit("11010519491331002"), "出生日期"),  # month 13, check digit right
    ],
)
def test_bad_id_numbers_rejected_with_message(app, number, message):
    with app.test_request_context(), pytest.raises(ValidationError) as error:
        _run(valid_id_number, number)
    assert message in str(error.value.args[0])


def test_normalise_code():
    assert normalise_code(" ab-12 3 ") == "AB123"
    assert normalise_code(None) == ""
