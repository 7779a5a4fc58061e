"""yuan() reads the separator once per locale and gives what format_number gives."""

import pytest
from flask_babel import force_locale, format_number

from inspect_app.penalties.services import yuan


@pytest.mark.parametrize("locale", ["zh_Hans", "zh_CN", "en", "de", "hi_IN"])
def test_yuan_is_format_number(app, locale):
    with app.test_request_context(), force_locale(locale):
        for amount in (0, 7, 999, 1000, 12345, 100000, 1234567, 2000000000):
            assert yuan(amount) == format_number(amount)
