"""These tests read messages in English (the msgids), whatever the default language."""

import pytest


@pytest.fixture
def app_config():
    return {"BABEL_DEFAULT_LOCALE": "en"}
